"""Monitoring by PPAs: observations (drafted, then released to the member) and reviews."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from common.mail import queue_email
from volunteers.models import HearingCentre, Role, User, Volunteer

from ..models import (
    CompetencyStandard,
    DevelopmentAction,
    Observation,
    ObservationRating,
    PpaAssignment,
    PracticeReview,
)
from ..selectors import live_framework

Ratings = dict[int, tuple[str, str]]  # standard id -> (rating, comment)


def _save_ratings(observation: Observation, ratings: Ratings) -> None:
    standards = {
        s.pk: s
        for s in CompetencyStandard.objects.filter(
            framework=observation.framework, observable=True, pk__in=list(ratings)
        )
    }
    if set(ratings) - set(standards):
        raise ValidationError("Feedback can only be given against this version's competencies.")
    for standard_id, (rating, comment) in ratings.items():
        if rating not in ObservationRating.Rating.values:
            raise ValidationError(f"Unknown rating: {rating}")
        ObservationRating.objects.update_or_create(
            observation=observation,
            standard=standards[standard_id],
            defaults={"rating": rating, "comment": comment.strip()},
        )


def _check_session(session_date: datetime.date) -> None:
    if session_date > timezone.localdate():
        raise ValidationError({"session_date": "The session date cannot be in the future."})


@transaction.atomic
def record_observation(
    *,
    volunteer: Volunteer,
    centre: HearingCentre,
    session_date: datetime.date,
    half: str,
    role: str,
    by: User,
    session_reference: str = "",
    strengths: str = "",
    development_points: str = "",
    outcome: str = "",
    ratings: Ratings | None = None,
) -> Observation:
    """Start an observation (a draft only the observer sees until it is released)."""
    _check_session(session_date)
    framework = live_framework()
    if framework is None:
        raise ValidationError("No national standards have been published yet.")
    observation = Observation.objects.create(
        volunteer=volunteer,
        observer=by,
        region=volunteer.home_region,
        framework=framework,
        centre=centre,
        session_date=session_date,
        half=half,
        session_reference=session_reference.strip(),
        role=role,
        strengths=strengths.strip(),
        development_points=development_points.strip(),
        outcome=outcome,
    )
    _save_ratings(observation, ratings or {})
    return observation


@transaction.atomic
def update_observation(
    *, observation: Observation, by: User, ratings: Ratings | None = None, **fields
) -> Observation:
    """Change a draft observation's details, feedback and outcome."""
    observation = Observation.objects.select_for_update().get(pk=observation.pk)
    if observation.is_released:
        raise ValidationError("A released observation cannot be changed.")
    if observation.observer_id != by.pk:
        raise ValidationError("Only the observer can change an observation.")
    if "session_date" in fields:
        _check_session(fields["session_date"])
    allowed = {
        "centre",
        "session_date",
        "half",
        "session_reference",
        "role",
        "strengths",
        "development_points",
        "outcome",
    }
    for name, value in fields.items():
        if name not in allowed:
            raise ValueError(f"Not an observation field: {name}")
        setattr(observation, name, value.strip() if isinstance(value, str) else value)
    observation.save()
    _save_ratings(observation, ratings or {})
    return observation


@transaction.atomic
def release_observation(*, observation: Observation, by: User) -> Observation:
    """Share an observation with the member observed (it cannot be changed afterwards)."""
    observation = Observation.objects.select_for_update().get(pk=observation.pk)
    if observation.is_released:
        raise ValidationError("This observation has already been shared.")
    if not observation.outcome:
        raise ValidationError("Record an outcome before sharing the observation.")
    observation.status = Observation.Status.RELEASED
    observation.released_at = timezone.now()
    observation.released_by = by
    observation.save()
    queue_email(
        to=observation.volunteer.user.email,
        template="training/observation_released",
        context={"observation": observation},
    )
    return observation


@transaction.atomic
def record_practice_review(
    *,
    volunteer: Volunteer,
    held_on: datetime.date,
    summary: str,
    by: User,
    next_review_due: datetime.date | None = None,
    actions: list[tuple[str, datetime.date | None]] = (),
) -> PracticeReview:
    """Record a practice review and the development actions agreed at it."""
    errors = {}
    if held_on > timezone.localdate():
        errors["held_on"] = "The review date cannot be in the future."
    if next_review_due and next_review_due <= held_on:
        errors["next_review_due"] = "The next review must come after this one."
    if not summary.strip():
        errors["summary"] = "Summarise the conversation."
    if errors:
        raise ValidationError(errors)
    review = PracticeReview.objects.create(
        volunteer=volunteer,
        reviewer=by,
        region=volunteer.home_region,
        held_on=held_on,
        summary=summary.strip(),
        next_review_due=next_review_due,
    )
    DevelopmentAction.objects.bulk_create(
        DevelopmentAction(review=review, description=text.strip(), due_on=due)
        for text, due in actions
        if text.strip()
    )
    return review


@transaction.atomic
def follow_up_action(
    *, action: DevelopmentAction, by: User, note: str, completed_on: datetime.date | None = None
) -> DevelopmentAction:
    """Record how an agreed development action went (and when it was done, if it was)."""
    if completed_on and completed_on > timezone.localdate():
        raise ValidationError({"completed_on": "The date cannot be in the future."})
    if not note.strip() and not completed_on:
        raise ValidationError("Add a note or the date it was completed.")
    action.follow_up_note = note.strip()
    action.completed_on = completed_on
    action.followed_up_by = by
    action.save()
    return action


@transaction.atomic
def assign_ppa(*, volunteer: Volunteer, ppa: User, by: User) -> PpaAssignment:
    """Make a PPA of the member's region the one who monitors them (ending any earlier one)."""
    if not ppa.role_assignments.filter(
        role=Role.PPA, region=volunteer.home_region, revoked_at__isnull=True
    ).exists():
        raise ValidationError({"ppa": "Choose a PPA of the member's own region."})
    current = (
        PpaAssignment.objects.select_for_update()
        .filter(volunteer=volunteer, ended_at__isnull=True)
        .first()
    )
    if current and current.ppa_id == ppa.pk:
        raise ValidationError({"ppa": "That PPA already monitors this member."})
    if current:
        current.ended_at = timezone.now()
        current.save(update_fields=["ended_at"])
    return PpaAssignment.objects.create(volunteer=volunteer, ppa=ppa, assigned_by=by)
