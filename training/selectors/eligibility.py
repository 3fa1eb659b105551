"""Who may sit and who may chair on a day, computed live from the records.

Nothing here is cached or stored: a missed reminder run can never let a lapsed member sit.
The requirements are data (the published framework's `Requirement` rows); the only rules in
code are that a member must be serving (not a trainee, not on leave, not gone) to sit at all.
"""

import datetime
from calendar import monthrange
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import timezone

from volunteers.models import LeaveOfAbsence, PvgRecord, PvgStatus, Volunteer, VolunteerStatus

from ..models import (
    CompetencyArea,
    CompetencyGrant,
    CompetencyStandard,
    Course,
    Framework,
    Purpose,
    Requirement,
)


@dataclass(frozen=True)
class Eligibility:
    """Whether a volunteer may do something on a day, and in plain words why not."""

    ok: bool
    reasons: tuple[str, ...] = ()

    def __bool__(self):
        return self.ok


def long_date(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def live_framework() -> Framework | None:
    """The latest published framework version, without the prefetches the pages need."""
    return Framework.objects.filter(status=Framework.Status.PUBLISHED).order_by("-version").first()


def current_framework() -> Framework | None:
    """The live national standards (latest published framework version), or None.

    The returned `Framework` has prefetched `areas` (ordered), each with `standards`
    (`name`, `descriptor`, `competency`), and `requirements` (each with `purpose`,
    `get_purpose_display()`, `str()` for its plain description). The CMS standards page
    embeds this; it runs a fixed number of queries.
    """
    return (
        Framework.objects.filter(status=Framework.Status.PUBLISHED)
        .prefetch_related(
            Prefetch(
                "areas",
                queryset=CompetencyArea.objects.prefetch_related(
                    Prefetch(
                        "standards",
                        queryset=CompetencyStandard.objects.select_related("competency"),
                    )
                ),
            ),
            Prefetch("requirements", queryset=Requirement.objects.select_related("competency")),
        )
        .order_by("-version")
        .first()
    )


def _requirements() -> tuple[list[Requirement], list[Requirement]] | None:
    framework = (
        Framework.objects.filter(status=Framework.Status.PUBLISHED).order_by("-version").first()
    )
    if framework is None:
        return None
    reqs = sorted(framework.requirements.select_related("competency"), key=requirement_order)
    return (
        [r for r in reqs if r.purpose == Purpose.SIT],
        [r for r in reqs if r.purpose == Purpose.CHAIR],
    )


_KIND_ORDER = {"appointed": 0, "pvg": 1, "competency": 2, "service": 3}


def requirement_order(requirement: Requirement) -> tuple:
    """Appointment and PVG first, then award modules in order, other training, service."""
    competency = requirement.competency
    return (
        _KIND_ORDER.get(requirement.kind, 9),
        (competency.award_module or 9) if competency else 0,
        competency.name if competency else "",
    )


def competency_label(competency) -> str:
    """How a competency is named to administrators: 'Module 3 (Management of Hearings)'."""
    if competency.award_module:
        return f"Module {competency.award_module} ({competency.name})"
    return competency.name


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later (the last day of the month when it has no such day)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, monthrange(year, month)[1]))


_STATUS_REASONS = {
    VolunteerStatus.TRAINEE: "Not yet appointed (trainee)",
    VolunteerStatus.ON_LEAVE: "On leave",
    VolunteerStatus.RESIGNED: "Resigned",
    VolunteerStatus.REMOVED: "Removed from the panel",
    VolunteerStatus.TERM_ENDED: "Term of appointment ended",
}


class _Facts:
    """Everything needed to judge a set of volunteers on a day, loaded in fixed queries."""

    def __init__(self, volunteers: list[Volunteer], on: datetime.date):
        self.on = on
        self.requirements = _requirements()
        ids = [v.pk for v in volunteers]
        competency_ids = set()
        if self.requirements:
            competency_ids = {
                r.competency_id for group in self.requirements for r in group if r.competency_id
            }
        self.grants: dict[tuple[int, int], list[CompetencyGrant]] = defaultdict(list)
        if competency_ids and ids:
            for grant in CompetencyGrant.objects.filter(
                volunteer_id__in=ids, competency_id__in=competency_ids, granted_on__lte=on
            ).only("volunteer_id", "competency_id", "granted_on", "valid_until"):
                self.grants[(grant.volunteer_id, grant.competency_id)].append(grant)
        self.leaves = _leaves(ids, on)
        self.pvg = _pvg_current(ids, on)

    def competency_reason(self, volunteer_id: int, competency) -> str | None:
        grants = self.grants.get((volunteer_id, competency.pk), [])
        if any(g.holds_on(self.on) for g in grants):
            return None
        label = competency_label(competency)
        lapsed = [g.valid_until for g in grants if g.valid_until is not None]
        if lapsed:
            return f"{label} expired on {long_date(max(lapsed))}"
        if competency.award_module:
            return f"{label} not completed"
        return f"{label} not held"

    def reasons(self, volunteer: Volunteer, requirements: list[Requirement]) -> list[str]:
        reasons = []
        for requirement in requirements:
            reason = self._check(volunteer, requirement)
            if reason:
                reasons.append(reason)
        return reasons

    def _check(self, volunteer: Volunteer, requirement: Requirement) -> str | None:
        kind = requirement.kind
        appointed = volunteer.appointed_on
        if kind == Requirement.Kind.APPOINTED:
            if appointed is None or appointed > self.on:
                return "Not appointed to the panel"
            return None
        if kind == Requirement.Kind.PVG:
            return None if self.pvg.get(volunteer.pk) else "PVG not current"
        if kind == Requirement.Kind.COMPETENCY:
            return self.competency_reason(volunteer.pk, requirement.competency)
        if kind == Requirement.Kind.SERVICE:
            if appointed is None or add_months(appointed, requirement.months) > self.on:
                return f"Less than {requirement.months} months' service"
            return None
        return f"Unknown requirement: {requirement}"  # pragma: no cover

    def status_reasons(self, volunteer: Volunteer) -> list[str]:
        leaves = self.leaves.get(volunteer.pk, [])
        covering = [
            leave.ends_on for leave in leaves if leave.starts_on <= self.on <= leave.ends_on
        ]
        if covering:
            return [f"On leave until {long_date(max(covering))}"]
        if volunteer.status == VolunteerStatus.ON_LEAVE and leaves:
            # Marked on leave now, but the dated leave does not cover `on`.
            return []
        if volunteer.status == VolunteerStatus.ON_LEAVE:
            return ["On leave"]
        if volunteer.status != VolunteerStatus.SERVING:
            return [_STATUS_REASONS.get(volunteer.status, volunteer.get_status_display())]
        return []

    def judge(self, volunteer: Volunteer) -> tuple[Eligibility, Eligibility]:
        if self.requirements is None:
            none = Eligibility(False, ("No national standards have been published",))
            return none, none
        sit_reqs, chair_reqs = self.requirements
        sit = self.status_reasons(volunteer) + self.reasons(volunteer, sit_reqs)
        chair = sit + self.reasons(volunteer, chair_reqs)
        return Eligibility(not sit, tuple(sit)), Eligibility(not chair, tuple(chair))


def _leaves(volunteer_ids: list[int], on: datetime.date) -> dict[int, list[LeaveOfAbsence]]:
    """Dated leave that is current or still to come, relative to `on` and to today."""
    if not volunteer_ids:
        return {}
    since = min(on, timezone.localdate())
    leaves: dict[int, list[LeaveOfAbsence]] = defaultdict(list)
    for leave in LeaveOfAbsence.objects.filter(volunteer_id__in=volunteer_ids, ends_on__gte=since):
        leaves[leave.volunteer_id].append(leave)
    return leaves


# What the recruitment side records about PVG (no dates of expiry; a lapse is a new status).
_PVG_GOOD = {PvgStatus.MEMBER, PvgStatus.CLEARED}


def _pvg_current(volunteer_ids: list[int], on: datetime.date) -> dict[int, bool]:
    """Whether each volunteer's PVG scheme membership is current on `on` (two queries).

    Dated records win: a "pvg" competency grant (recorded by staff with the dates of the
    membership) holds or not. With no such record yet, the recruitment PVG check counts: a
    scheme member or cleared applicant is current. A refused or withdrawn check never is.
    """
    if not volunteer_ids:
        return {}
    recruitment = dict(
        PvgRecord.objects.filter(application__volunteer__in=volunteer_ids).values_list(
            "application__volunteer", "status"
        )
    )
    recorded: dict[int, bool] = {}
    for grant in CompetencyGrant.objects.filter(
        volunteer_id__in=volunteer_ids, competency__key="pvg", granted_on__lte=on
    ).only("volunteer_id", "granted_on", "valid_until"):
        recorded[grant.volunteer_id] = recorded.get(grant.volunteer_id, False) or grant.holds_on(on)
    current = {}
    for volunteer_id in volunteer_ids:
        status = recruitment.get(volunteer_id)
        if status is not None and status not in _PVG_GOOD:
            current[volunteer_id] = False
        elif volunteer_id in recorded:
            current[volunteer_id] = recorded[volunteer_id]
        else:
            current[volunteer_id] = status in _PVG_GOOD
    return current


def eligibility_for(
    volunteers: Iterable[Volunteer], *, on: datetime.date
) -> dict[int, tuple[Eligibility, Eligibility]]:
    """{volunteer.pk: (can_sit, can_chair)} on a day, in a fixed number of queries."""
    volunteers = list(volunteers)
    facts = _Facts(volunteers, on)
    return {v.pk: facts.judge(v) for v in volunteers}


def can_sit(volunteer: Volunteer, *, on: datetime.date) -> Eligibility:
    """Whether the volunteer may sit on a hearing on `on`, with the reasons if not."""
    return eligibility_for([volunteer], on=on)[volunteer.pk][0]


def can_chair(volunteer: Volunteer, *, on: datetime.date) -> Eligibility:
    """Whether the volunteer may chair a hearing on `on`, with the reasons if not."""
    return eligibility_for([volunteer], on=on)[volunteer.pk][1]


def missing_prerequisites(volunteer: Volunteer, course: Course, on: datetime.date) -> list[str]:
    """The course's prerequisites the volunteer does not hold on a day, by name."""
    held = {
        g.competency_id
        for g in CompetencyGrant.objects.filter(volunteer=volunteer, granted_on__lte=on)
        if g.holds_on(on)
    }
    return [competency_label(c) for c in course.prerequisites.all() if c.pk not in held]
