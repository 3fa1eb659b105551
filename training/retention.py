"""Training's rows of the retention schedule (see common/retention.py)."""

from django.conf import settings

from common.retention import ANONYMISE, DELETE, days_ago, purge, register_retention_rule
from volunteers.services.anonymisation import anonymised_users

from .models import (
    AwardExtension,
    CompetencyGrant,
    Observation,
    ObservationRating,
    PpaAssignment,
    PracticeReview,
)


def apply_observations(*, now, dry_run: bool) -> int:
    cutoff = days_ago(now, settings.OBSERVATION_RETENTION_DAYS).date()
    observations = Observation.objects.filter(session_date__lt=cutoff)
    reviews = PracticeReview.objects.filter(held_on__lt=cutoff)
    if not dry_run:
        purge(ObservationRating.objects.filter(observation__in=observations), dry_run=False)
    return purge(observations, dry_run=dry_run) + purge(reviews, dry_run=dry_run)


def apply_former_members(*, now, dry_run: bool) -> int:
    gone = anonymised_users()
    count = purge(PpaAssignment.objects.filter(volunteer__user__in=gone), dry_run=dry_run)
    count += purge(AwardExtension.objects.filter(volunteer__user__in=gone), dry_run=dry_run)
    count += purge(Observation.objects.filter(volunteer__user__in=gone), dry_run=dry_run)
    count += purge(PracticeReview.objects.filter(volunteer__user__in=gone), dry_run=dry_run)
    notes = CompetencyGrant.objects.filter(volunteer__user__in=gone).exclude(evidence="", note="")
    if dry_run:
        return count + notes.count()
    return count + notes.update(evidence="", note="")


register_retention_rule(
    "observations",
    category="PPA observations (with their ratings) and practice reviews",
    period=lambda: f"{settings.OBSERVATION_RETENTION_DAYS} days after the session or review",
    legal_basis="Public task: monitoring practice against the national standards; a "
    "three-year cycle covers a term of appointment and a reappointment decision",
    action=DELETE,
    apply=apply_observations,
    order=300,
)
register_retention_rule(
    "former-members-training",
    category="Former members' monitoring, PPA links, award extensions and grant notes",
    period="When the former member is anonymised",
    legal_basis="Follows the former members' row; which competencies were held and when "
    "stays, anonymous, for statistics",
    action=ANONYMISE,
    apply=apply_former_members,
    order=300,
)
