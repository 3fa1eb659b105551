"""Reads shaped for rostering pages, each with a fixed number of queries."""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone

from common.charts import Series, bar_chart
from volunteers.models import Volunteer

from .models import Assignment, CoverRequest, ExpenseClaim, RotaRun, Session
from .solver import score
from .solver_ids import (
    SESSION,
    VOLUNTEER,
    parse_id,
    parse_session_id,
    parse_volunteer_id,
    session_id,
    volunteer_id,
)

ACTIVE = [Assignment.Status.DRAFT, Assignment.Status.PUBLISHED]


@dataclass
class Member:
    assignment: Assignment
    name: str
    new: bool = False
    local: bool = True
    sex: str = ""


@dataclass
class Panel:
    session: Session
    members: list[Member]
    flags: list[tuple[str, str]] = field(default_factory=list)
    explanation: str = ""

    @property
    def seats(self):
        return self.session.seats


def _active_prefetch():
    return Prefetch(
        "assignments",
        queryset=Assignment.objects.filter(status__in=ACTIVE)
        .select_related("volunteer__user")
        .order_by("-is_chair", "volunteer__user__first_name"),
        to_attr="panel",
    )


def run_sessions(run: RotaRun):
    """The run's sessions (by day, half, centre), with their active panels prefetched."""
    ids = [parse_session_id(s["id"]) for s in run.instance.get("sessions", [])]
    return (
        Session.objects.filter(pk__in=ids)
        .select_related("centre")
        .prefetch_related(_active_prefetch())
        .order_by("date", "half", "centre__name", "pk")
    )


def panels_for(run: RotaRun, sessions) -> list[Panel]:
    """Panels with their flags: single-sex, non-local, new member, unfilled, changed."""
    people = {v["id"]: v for v in run.instance.get("volunteers", [])}
    docs = {s["id"]: s for s in run.instance.get("sessions", [])}
    explanations = run.explanations
    panels = []
    for session in sessions:
        doc = docs.get(session_id(session.pk), {})
        members = []
        for a in session.panel:
            person = people.get(volunteer_id(a.volunteer_id), {})
            members.append(
                Member(
                    assignment=a,
                    name=a.volunteer.user.get_full_name(),
                    new=person.get("experienced") is False,
                    local=doc.get("local_authority") in person.get("local_authorities", []),
                    sex=a.volunteer.sex,
                )
            )
        panel = Panel(session=session, members=members)
        if len(members) < session.seats:
            panel.flags.append(("Unfilled", "red"))
            panel.explanation = explanations.get(session_id(session.pk), "")
        elif len({m.sex for m in members}) == 1:
            if session.single_sex_reason:
                panel.flags.append(("All one sex: reason recorded", "grey"))
            else:
                panel.flags.append(("All one sex: reason needed", "orange"))
        if any(not m.local for m in members):
            panel.flags.append(("Non-local member", "grey"))
        if any(m.new for m in members):
            panel.flags.append(("New member", "blue"))
        if session.needs_review:
            panel.flags.append(("Changed by the Reporter", "orange"))
        panels.append(panel)
    return panels


def group_by_day(panels: list[Panel]) -> list[tuple[datetime.date, list[tuple[str, list]]]]:
    """[(day, [(centre name, [panel, ...]), ...]), ...] in order."""
    days: dict = defaultdict(lambda: defaultdict(list))
    for panel in panels:
        days[panel.session.date][panel.session.centre.name].append(panel)
    return [(day, list(centres.items())) for day, centres in days.items()]


def current_rota(run: RotaRun) -> list[dict]:
    ids = [parse_session_id(s["id"]) for s in run.instance.get("sessions", [])]
    return [
        {"session": session_id(s), "volunteer": volunteer_id(v), "chair": c}
        for s, v, c in Assignment.objects.filter(session_id__in=ids, status__in=ACTIVE).values_list(
            "session_id", "volunteer_id", "is_chair"
        )
    ]


def _same_rota(a: list[dict], b: list[dict]) -> bool:
    def key(rota):
        return {(x["session"], x["volunteer"], bool(x["chair"])) for x in rota}

    return len(a) == len(b) and key(a) == key(b)


def fairness(run: RotaRun) -> dict:
    """The rota's figures as it stands now and sittings against commitment, bucketed."""
    if not run.instance:
        return {}
    rota = current_rota(run)
    if run.metrics and _same_rota(rota, run.solution.get("assignments", [])):
        metrics = run.metrics  # scored once, when the run saved its draft
    else:
        # Changed by hand since the run: score the rota as it stands.
        metrics = score(run.instance, {"assignments": rota})
    sittings = Counter(a["volunteer"] for a in rota)
    buckets = Counter()
    offered = [v for v in run.instance["volunteers"] if v["available"]]
    for v in offered:
        gap = round(sittings[v["id"]] - v["target_sittings"])
        gap = max(-2, min(2, gap))
        buckets[gap] += 1
    labels = {
        -2: "2 or more below",
        -1: "1 below",
        0: "On commitment",
        1: "1 above",
        2: "2 or more above",
    }
    bars = [{"label": labels[k], "value": buckets[k]} for k in sorted(labels)]
    sessions = metrics["sessions"]
    return {
        "metrics": metrics,
        "fill_rate": round(100 * metrics["complete"] / sessions) if sessions else 0,
        "mixed_rate": round(100 * metrics["mixed"] / metrics["complete"])
        if metrics["complete"]
        else 0,
        "local_rate": round(100 * metrics["local"] / metrics["seats"]) if metrics["seats"] else 0,
        "offered": len(offered),
        "chart": bar_chart(
            bars,
            chart_id="fairness",
            title="Members by sittings against their commitment",
            label_heading="Sittings against commitment",
            series=[Series("value", "Members")],
        ),
    }


def single_sex_without_reason(run: RotaRun) -> list[int]:
    """Full panels that are all one sex with no reason recorded (they block publishing)."""
    people = {v["id"]: v["sex"] for v in run.instance.get("volunteers", [])}
    seats = {s["id"]: s["seats"] for s in run.instance.get("sessions", [])}
    panels = defaultdict(list)
    for a in current_rota(run):
        panels[a["session"]].append(a["volunteer"])
    reasons = dict(
        Session.objects.filter(pk__in=[parse_session_id(s) for s in panels]).values_list(
            "pk", "single_sex_reason"
        )
    )
    out = []
    for s_id, members in panels.items():
        sexes = {people.get(m) for m in members}
        if (
            len(members) == seats.get(s_id)
            and len(sexes) == 1
            and not reasons[parse_session_id(s_id)]
        ):
            out.append(parse_session_id(s_id))
    return out


def my_sittings(user):
    """(upcoming, past) published, withdrawn or cancelled sittings, with fellow members."""
    today = timezone.localdate()
    qs = (
        Assignment.objects.filter(
            volunteer__user=user,
            status__in=[
                Assignment.Status.PUBLISHED,
                Assignment.Status.WITHDRAWN,
                Assignment.Status.CANCELLED,
            ],
        )
        .select_related("session__centre")
        .prefetch_related(
            Prefetch(
                "session__assignments",
                queryset=Assignment.objects.filter(status=Assignment.Status.PUBLISHED)
                .select_related("volunteer__user")
                .order_by("-is_chair"),
                to_attr="published_panel",
            )
        )
        .order_by("date", "half")
    )
    upcoming, past = [], []
    for a in qs:
        a.fellows = [
            f.volunteer.user.first_name
            for f in a.session.published_panel
            if f.volunteer_id != a.volunteer_id
        ]
        (upcoming if a.date >= today else past).append(a)
    past.reverse()
    return upcoming, past


def feed_assignments(user):
    """What a member's calendar feed carries: published and cancelled sittings, not drafts."""
    since = timezone.localdate() - datetime.timedelta(days=180)
    return list(
        Assignment.objects.filter(
            volunteer__user=user,
            date__gte=since,
            status__in=[
                Assignment.Status.PUBLISHED,
                Assignment.Status.WITHDRAWN,
                Assignment.Status.CANCELLED,
            ],
        )
        .select_related("session__centre")
        .order_by("date", "half", "pk")
    )


def feed_training(user):
    """Training sessions the member is booked on (or was, if since cancelled)."""
    from training.models import Enrolment

    since = timezone.localdate() - datetime.timedelta(days=180)
    return list(
        Enrolment.objects.filter(
            volunteer__user=user,
            session__starts_on__gte=since,
            status__in=[Enrolment.Status.BOOKED, Enrolment.Status.CANCELLED],
        )
        .select_related("session__course")
        .order_by("session__starts_on", "pk")
    )


# --- Staff pages ----------------------------------------------------------------------------


def open_cover_requests(regions, limit: int = 20):
    """Cover requests still waiting in some regions, soonest first."""
    return (
        CoverRequest.objects.filter(
            session__region__in=regions,
            status__in=[CoverRequest.Status.OPEN, CoverRequest.Status.ESCALATED],
        )
        .select_related("session__centre")
        .order_by("session__date")[:limit]
    )


def period_session_count(period) -> int:
    """Scheduled sessions a rota period covers."""
    sessions = Session.objects.filter(
        status=Session.Status.SCHEDULED, date__range=(period.start, period.end)
    )
    if period.region_id:
        sessions = sessions.filter(region_id=period.region_id)
    return sessions.count()


def left_out_labels(run: RotaRun, limit: int = 50) -> list[tuple[str, str]]:
    """Who or what the run left out, by name rather than the engine's ids (two queries)."""
    items = [(key, parse_id(key), reason) for key, reason in list(run.left_out.items())[:limit]]
    people = Volunteer.objects.select_related("user").in_bulk(
        [pk for _, (kind, pk), _ in items if kind == VOLUNTEER]
    )
    sessions = Session.objects.select_related("centre").in_bulk(
        [pk for _, (kind, pk), _ in items if kind == SESSION]
    )
    labels = []
    for key, (kind, pk), reason in items:
        if kind == VOLUNTEER and pk in people:
            person = people[pk]
            key = person.user.get_full_name() or person.user.email
        elif kind == SESSION and pk in sessions:
            session = sessions[pk]
            key = f"{session.centre.name}, {session.date:%d %b} {session.half}"
        labels.append((key, reason))
    return labels


def run_candidates(run: RotaRun, session: Session) -> list[tuple[str, str]]:
    """Members in the run who offered the session's half-day, by name."""
    slot = session.slot
    ids = [
        parse_volunteer_id(v["id"])
        for v in run.instance.get("volunteers", [])
        if slot in v["available"]
    ]
    people = Volunteer.objects.filter(pk__in=ids).select_related("user")
    return sorted(
        ((str(v.pk), v.user.get_full_name() or v.user.email) for v in people), key=lambda c: c[1]
    )


def run_member(run: RotaRun, pk: int):
    """A member the run considered, or None (the form offers only those)."""
    if volunteer_id(pk) not in {v["id"] for v in run.instance.get("volunteers", [])}:
        return None
    return Volunteer.objects.select_related("user").get(pk=pk)


def published_sittings(session: Session):
    """The published sittings of a session, with their members."""
    return session.assignments.filter(status=Assignment.Status.PUBLISHED).select_related(
        "volunteer__user"
    )


def expense_claims(regions):
    """Expense claims for sittings in some regions."""
    return ExpenseClaim.objects.filter(assignment__session__region__in=regions).select_related(
        "assignment__session__centre", "assignment__volunteer__user"
    )


def approved_expense_rows(regions) -> list[list]:
    """Approved claims as spreadsheet rows, in pounds."""
    return [
        [
            c.assignment.volunteer.user.get_full_name(),
            c.assignment.volunteer.user.email,
            c.assignment.date.isoformat(),
            c.assignment.session.centre.name,
            float(c.miles),
            c.mileage_pence / 100,
            c.subsistence_pence / 100,
            c.loss_of_earnings_pence / 100,
            c.total_pence / 100,
            c.decided_at.date().isoformat() if c.decided_at else "",
        ]
        for c in expense_claims(regions).filter(status=ExpenseClaim.Status.APPROVED)
    ]
