"""A volunteer's training record: what they hold, their award progress, what to book."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch

from volunteers.models import Volunteer

from ..models import (
    AwardExtension,
    Competency,
    CompetencyGrant,
    Enrolment,
    Framework,
    Observation,
    PracticeReview,
    TrainingSession,
)
from .eligibility import add_months, eligibility_for

EXPIRING_WITHIN_DAYS = 60


@dataclass(frozen=True)
class Holding:
    """The latest grant of one competency and what it means today."""

    competency: Competency
    grant: CompetencyGrant
    state: str  # "current", "expiring" or "expired"

    @property
    def label(self) -> str:
        return {"current": "Current", "expiring": "Expires soon", "expired": "Expired"}[self.state]

    @property
    def colour(self) -> str:
        return {"current": "green", "expiring": "orange", "expired": "red"}[self.state]


def holding_state(grant: CompetencyGrant, on: datetime.date) -> str:
    if grant.valid_until is None:
        return "current"
    if grant.valid_until < on:
        return "expired"
    if (grant.valid_until - on).days <= EXPIRING_WITHIN_DAYS:
        return "expiring"
    return "current"


def holdings(volunteer: Volunteer, *, on: datetime.date) -> list[Holding]:
    """The latest grant of each competency the volunteer has ever held, with its state."""
    latest: dict[int, CompetencyGrant] = {}
    for grant in (
        CompetencyGrant.objects.filter(volunteer=volunteer, granted_on__lte=on)
        .select_related("competency", "framework")
        .order_by("granted_on", "pk")
    ):
        latest[grant.competency_id] = grant
    result = [Holding(g.competency, g, holding_state(g, on)) for g in latest.values()]
    return sorted(result, key=lambda h: (h.competency.award_module or 9, h.competency.name))


@dataclass
class AwardProgress:
    """Where a member is with the Professional Development Award (modules 1-3)."""

    modules: list[tuple[Competency, datetime.date | None]]
    started_on: datetime.date | None
    deadline: datetime.date | None
    completed_on: datetime.date | None
    pending_extension: AwardExtension | None = None
    extensions: list[AwardExtension] = field(default_factory=list)
    on: datetime.date | None = None

    @property
    def passed(self) -> int:
        return sum(1 for _, day in self.modules if day)

    @property
    def overdue(self) -> bool:
        return bool(self.deadline and not self.completed_on and self.on and self.on > self.deadline)


def _live() -> Framework | None:
    return Framework.objects.filter(status=Framework.Status.PUBLISHED).order_by("-version").first()


def award_progress(volunteer: Volunteer, *, on: datetime.date) -> AwardProgress:
    """Modules passed with dates, the deadline (two years from appointment, or as extended)."""
    modules = list(Competency.objects.filter(award_module__isnull=False).order_by("award_module"))
    first_pass: dict[int, datetime.date] = {}
    for competency_id, granted_on in CompetencyGrant.objects.filter(
        volunteer=volunteer, competency__in=modules, granted_on__lte=on
    ).values_list("competency_id", "granted_on"):
        if competency_id not in first_pass or granted_on < first_pass[competency_id]:
            first_pass[competency_id] = granted_on
    extensions = list(volunteer.award_extensions.all())
    framework = _live()
    months = framework.award_deadline_months if framework else 24
    started = volunteer.appointed_on
    deadline = add_months(started, months) if started else None
    approved = [e.extend_to for e in extensions if e.status == AwardExtension.Status.APPROVED]
    if approved and deadline:
        deadline = max([deadline, *approved])
    passes = [(m, first_pass.get(m.pk)) for m in modules]
    completed = max(d for _, d in passes) if passes and all(d for _, d in passes) else None
    return AwardProgress(
        modules=passes,
        started_on=started,
        deadline=deadline,
        completed_on=completed,
        pending_extension=next(
            (e for e in extensions if e.status == AwardExtension.Status.PENDING), None
        ),
        extensions=extensions,
        on=on,
    )


def bookable_sessions(volunteer: Volunteer, *, on: datetime.date):
    """Scheduled sessions in the volunteer's region (or any region's national courses) that
    start after `on` and that they are not already booked on."""
    enrolled = Enrolment.objects.filter(volunteer=volunteer).exclude(
        status=Enrolment.Status.CANCELLED
    )
    return (
        TrainingSession.objects.filter(
            status=TrainingSession.Status.SCHEDULED,
            starts_on__gt=on,
            region_id=volunteer.home_region_id,
        )
        .exclude(pk__in=enrolled.values("session_id"))
        .select_related("course")
        .prefetch_related("course__prerequisites")
        .order_by("starts_on")
    )


def my_training(volunteer: Volunteer, *, on: datetime.date) -> dict:
    """Everything the "My training" page shows, in a fixed number of queries."""
    sit, chair = eligibility_for([volunteer], on=on)[volunteer.pk]
    held_now = {h.competency.pk for h in holdings(volunteer, on=on) if h.state != "expired"}
    sessions = list(bookable_sessions(volunteer, on=on))
    bookable = [
        (s, [c for c in s.course.prerequisites.all() if c.pk not in held_now]) for s in sessions
    ]
    return {
        "holdings": holdings(volunteer, on=on),
        "can_sit": sit,
        "can_chair": chair,
        "award": award_progress(volunteer, on=on),
        "enrolments": list(
            volunteer.enrolments.exclude(status=Enrolment.Status.CANCELLED)
            .filter(session__ends_on__gte=on)
            .select_related("session__course")
            .order_by("session__starts_on")
        ),
        "bookable": bookable,
        "observations": list(
            volunteer.observations.filter(status=Observation.Status.RELEASED)
            .select_related("centre", "observer")
            .order_by("-session_date")
        ),
        "reviews": list(
            PracticeReview.objects.filter(volunteer=volunteer)
            .select_related("reviewer")
            .prefetch_related(Prefetch("actions"))
        ),
    }
