"""Build the engine's instance (docs/roster-problem.md, "panel-roster/1") from the database.

Identifiers in the instance come from `rostering.solver_ids` (sessions "S<pk>", members
"V<pk>", centres "C<pk>"); regions are their codes.
"""

import datetime
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch

from rostering.solver import check_assignments
from training.selectors import eligibility_for
from volunteers.models import OrganisationSetting, Volunteer, VolunteerStatus

from .models import (
    Assignment,
    AvailabilityOffer,
    Exclusion,
    Hearing,
    Session,
    Unavailability,
)
from .solver_ids import centre_id, parse_centre_id, session_id, volunteer_id

SCHEMA = "panel-roster/1"
# A member appointed less than this long ago counts as newly appointed (one per panel).
NEW_MEMBER_DAYS = 183
DEFAULT_TARGET_PER_MONTH = Decimal("1.5")
DEFAULT_MAX_PER_MONTH = 3


def _months(start: datetime.date, end: datetime.date) -> float:
    return max(1, (end - start).days + 1) / 30.44


def scoped_sessions(*, start, end, region=None):
    """Scheduled sessions in the period, in one region or (region None) everywhere."""
    qs = Session.objects.filter(status=Session.Status.SCHEDULED, date__range=(start, end))
    if region is not None:
        qs = qs.filter(region=region)
    return qs


def build_instance(*, start: datetime.date, end: datetime.date, region=None) -> tuple[dict, dict]:
    """The instance for a period and scope, and {member or session id: why it was left out}.

    Published sittings become `fixed` on their sessions, so a re-run fills gaps around them.
    """
    model = OrganisationSetting.load().model
    sessions = _read_sessions(start=start, end=end, region=region)
    volunteers = _read_volunteers(model=model, region=region)
    left_out: dict[str, str] = {}
    eligibility = eligibility_for(volunteers, on=start)
    facts = _MemberFacts(start=start, months=_months(start, end))
    _read_offers(facts, volunteers, start=start, end=end)
    session_docs = _session_docs(sessions, facts)
    _read_exclusions(facts, volunteers)
    fixed = _read_sittings(facts, volunteers, start=start, end=end, sessions=sessions)
    for entries in fixed.values():
        for f in entries:
            facts.fixed_slots[f["volunteer"]].add(f["slot"])
    volunteer_docs = []
    for v in volunteers:
        sit, chair = eligibility[v.pk]
        if not sit.ok:
            left_out[volunteer_id(v.pk)] = "cannot sit: " + "; ".join(sit.reasons)
            continue
        volunteer_docs.append(_volunteer_doc(v, can_chair=bool(chair.ok), facts=facts))
    instance = {
        "schema": SCHEMA,
        "model": model,
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "centres": [
            {
                "id": centre_id(pk),
                "region": code,
                "lat": float(c.latitude),
                "lon": float(c.longitude),
                "local_authority": c.local_authority.code,
            }
            for pk, (c, code) in sorted(facts.centres.items())
        ],
        "volunteers": volunteer_docs,
        "sessions": session_docs,
    }
    _add_fixed(instance, fixed, left_out)
    return instance, left_out


@dataclass
class _MemberFacts:
    """What the database says about the members and places of one instance, by member pk."""

    start: datetime.date
    months: float
    has_centre_choice: bool = hasattr(Volunteer, "centres")
    offers: dict[int, set[str]] = field(default_factory=lambda: defaultdict(set))
    away: dict[int, list[tuple]] = field(default_factory=lambda: defaultdict(list))
    exclusions: dict[int, list[Exclusion]] = field(default_factory=lambda: defaultdict(list))
    # Published sittings outside this instance: the half-days they take, and how many.
    taken: dict[int, set[str]] = field(default_factory=lambda: defaultdict(set))
    elsewhere: Counter = field(default_factory=Counter)
    # By member id: the half-days of their published sittings inside this instance.
    fixed_slots: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    centres: dict[int, tuple] = field(default_factory=dict)  # pk: (centre, region code)
    cases_by_la: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))


def _read_sessions(*, start, end, region) -> list[Session]:
    return list(
        scoped_sessions(start=start, end=end, region=region)
        .select_related("centre", "centre__local_authority", "region")
        .prefetch_related(
            Prefetch("hearings", queryset=Hearing.objects.select_related("local_authority"))
        )
        .order_by("date", "half", "pk")
    )


def _read_volunteers(*, model: str, region) -> list[Volunteer]:
    # Members on leave are read too, so the run can say why they were left out.
    volunteers = Volunteer.objects.filter(
        status__in=[VolunteerStatus.SERVING, VolunteerStatus.ON_LEAVE]
    ).select_related(
        "user", "home_region", "home_local_authority", "work_local_authority", "sitting_preference"
    )
    if region is not None and model == "regional":
        volunteers = volunteers.filter(home_region=region)
    if hasattr(Volunteer, "centres"):
        volunteers = volunteers.prefetch_related("centres")
    return list(volunteers)


def _read_offers(facts: _MemberFacts, volunteers: list, *, start, end) -> None:
    """The half-days members offered, and their dated unavailability."""
    pks = [v.pk for v in volunteers]
    for vpk, day, half in AvailabilityOffer.objects.filter(
        date__range=(start, end), volunteer__in=pks
    ).values_list("volunteer_id", "date", "half"):
        facts.offers[vpk].add(f"{day.isoformat()}/{half}")
    for vpk, a, b in Unavailability.objects.filter(
        start__lte=end, end__gte=start, volunteer__in=pks
    ).values_list("volunteer_id", "start", "end"):
        facts.away[vpk].append((a, b))


def _session_docs(sessions: list[Session], facts: _MemberFacts) -> list[dict]:
    """The instance's sessions; notes their centres and each council's cases in `facts`."""
    docs = []
    for s in sessions:
        facts.centres.setdefault(s.centre_id, (s.centre, s.region.code))
    for s in sessions:
        hearings = list(s.hearings.all())
        las = Counter(h.local_authority.code for h in hearings)
        for h in hearings:
            facts.cases_by_la[h.local_authority.code].add(h.case_reference)
        docs.append(
            {
                "id": session_id(s.pk),
                "centre": centre_id(s.centre_id),
                "date": s.date.isoformat(),
                "half": s.half,
                "seats": s.seats,
                # The engine takes one local authority per session: the most frequent child's.
                "local_authority": las.most_common(1)[0][0]
                if las
                else s.centre.local_authority.code,
                "cases": [h.case_reference for h in hearings],
            }
        )
    return docs


def _read_exclusions(facts: _MemberFacts, volunteers: list) -> None:
    for e in Exclusion.objects.filter(volunteer__in=[v.pk for v in volunteers]).select_related(
        "local_authority"
    ):
        facts.exclusions[e.volunteer_id].append(e)


def _read_sittings(
    facts: _MemberFacts, volunteers: list, *, start, end, sessions: list[Session]
) -> dict[str, list[dict]]:
    """Published sittings in this instance, by session id (to become `fixed`).

    Anything published outside this instance still takes the half-day and counts towards the
    member's limit (noted in `facts`).
    """
    session_pks = {s.pk for s in sessions}
    fixed: dict[str, list[dict]] = defaultdict(list)
    for a in Assignment.objects.filter(
        status__in=[Assignment.Status.DRAFT, Assignment.Status.PUBLISHED],
        date__range=(start, end),
        volunteer__in=[v.pk for v in volunteers],
    ).values("session_id", "volunteer_id", "is_chair", "status", "date", "half"):
        slot = f"{a['date'].isoformat()}/{a['half']}"
        if a["session_id"] in session_pks:
            if a["status"] == Assignment.Status.PUBLISHED:
                fixed[session_id(a["session_id"])].append(
                    {
                        "volunteer": volunteer_id(a["volunteer_id"]),
                        "chair": a["is_chair"],
                        "slot": slot,
                    }
                )
        elif a["status"] == Assignment.Status.PUBLISHED:
            facts.taken[a["volunteer_id"]].add(slot)
            facts.elsewhere[a["volunteer_id"]] += 1
    return fixed


def _volunteer_doc(v: Volunteer, *, can_chair: bool, facts: _MemberFacts) -> dict:
    """One member who can sit, as the engine reads them."""
    slots = set(facts.offers.get(v.pk, ())) - facts.taken.get(v.pk, set())
    for a, b in facts.away.get(v.pk, ()):
        slots = {x for x in slots if not a <= datetime.date.fromisoformat(x[:10]) <= b}
    # A published sitting stays offered, whatever changed since.
    slots |= facts.fixed_slots.get(volunteer_id(v.pk), set())
    pref = getattr(v, "sitting_preference", None)
    target = float(pref.target_per_month if pref else DEFAULT_TARGET_PER_MONTH) * facts.months
    most = math.ceil((pref.max_per_month if pref else DEFAULT_MAX_PER_MONTH) * facts.months)
    exclusions = facts.exclusions[v.pk]
    conflict_las = sorted(
        e.local_authority.code for e in exclusions if e.kind == Exclusion.Kind.COUNCIL
    )
    cases = {e.case_reference for e in exclusions if e.kind == Exclusion.Kind.CASE}
    # The engine knows one council per session; a conflict with any hearing's council is
    # kept exact by excluding that hearing's case.
    for code in conflict_las:
        cases |= facts.cases_by_la.get(code, set())
    doc = {
        "id": volunteer_id(v.pk),
        "sex": v.sex,
        "region": v.home_region.code,
        "lat": float(v.home_latitude),
        "lon": float(v.home_longitude),
        "max_travel_km": v.max_travel_km,
        "can_chair": can_chair,
        "experienced": bool(
            v.appointed_on and (facts.start - v.appointed_on).days >= NEW_MEMBER_DAYS
        ),
        "available": sorted(slots),
        "max_sittings": max(0, most - facts.elsewhere[v.pk]),
        "target_sittings": round(target, 2),
        "local_authorities": sorted(
            {v.home_local_authority.code}
            | ({v.work_local_authority.code} if v.work_local_authority_id else set())
        ),
        "conflict_local_authorities": conflict_las,
        "conflict_cases": sorted(cases),
    }
    centres = _centre_choice(v, exclusions, facts)
    if centres is not None:
        doc["centres"] = centres
    return doc


def _centre_choice(v: Volunteer, exclusions: list, facts: _MemberFacts) -> list[str] | None:
    """The only centres in the instance the member will sit at; None for no restriction."""
    banned = {centre_id(e.centre_id) for e in exclusions if e.kind == Exclusion.Kind.CENTRE}
    willing = {centre_id(c.pk) for c in v.centres.all()} if facts.has_centre_choice else set()
    if not (willing or banned):
        return None
    allowed = (willing or {centre_id(pk) for pk in facts.centres}) - banned
    return sorted(c for c in allowed if parse_centre_id(c) in facts.centres)


def _add_fixed(instance: dict, fixed: dict, left_out: dict) -> None:
    """Put published panels in as `fixed`; a panel that now breaks a rule is left out whole."""
    known = {v["id"] for v in instance["volunteers"]}
    keep = []
    for s in instance["sessions"]:
        entries = fixed.get(s["id"], [])
        if not entries:
            keep.append(s)
            continue
        if any(f["volunteer"] not in known for f in entries):
            left_out[s["id"]] = "its published panel has a member who can no longer sit"
            continue
        s["fixed"] = [{"volunteer": f["volunteer"], "chair": f["chair"]} for f in entries]
        keep.append(s)
    instance["sessions"] = keep
    fixed_all = [
        {"session": s["id"], "volunteer": f["volunteer"], "chair": f["chair"]}
        for s in keep
        for f in s.get("fixed", [])
    ]
    if not fixed_all:
        return
    broken: set[str] = set()
    for violation in check_assignments(instance, fixed_all):
        if violation.session is not None:
            broken.add(violation.session)
        else:
            # Rules across sessions (one sitting per half-day, the most sittings) name only
            # the member: drop each of their panels.
            broken |= {f["session"] for f in fixed_all if f["volunteer"] == violation.volunteer}
    for s_id in broken:
        left_out[s_id] = "its published panel now breaks a rule; review it by hand"
    instance["sessions"] = [s for s in keep if s["id"] not in broken]
