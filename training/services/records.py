"""A volunteer's record: direct sign-off of competencies and award deadline extensions."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from volunteers.models import User, Volunteer

from ..models import AwardExtension, Competency, CompetencyGrant
from ..selectors import live_framework
from ..selectors.records import award_progress


@transaction.atomic
def sign_off_competency(
    *,
    volunteer: Volunteer,
    competency: Competency,
    granted_on: datetime.date,
    by: User,
    valid_until: datetime.date | None = None,
    evidence: str = "",
    note: str = "",
    source: str = CompetencyGrant.Source.SIGN_OFF,
) -> CompetencyGrant:
    """Record that a volunteer holds a competency, with the evidence seen and a note."""
    errors = {}
    if granted_on > timezone.localdate():
        errors["granted_on"] = "The date cannot be in the future."
    if valid_until is not None and valid_until < granted_on:
        errors["valid_until"] = "It must be valid until a day on or after it was granted."
    if source == CompetencyGrant.Source.SIGN_OFF and not evidence.strip():
        errors["evidence"] = "Say what evidence you saw (e.g. a certificate or an observation)."
    if errors:
        raise ValidationError(errors)
    return CompetencyGrant.objects.create(
        volunteer=volunteer,
        competency=competency,
        framework=live_framework(),
        granted_on=granted_on,
        valid_until=valid_until,
        source=source,
        evidence=evidence.strip(),
        note=note.strip(),
        granted_by=by,
    )


@transaction.atomic
def request_award_extension(
    *, volunteer: Volunteer, extend_to: datetime.date, reason: str, by: User
) -> AwardExtension:
    """Ask for more time to complete the award; a trainer decides."""

    progress = award_progress(volunteer, on=timezone.localdate())
    if progress.completed_on:
        raise ValidationError("The award is already complete.")
    if progress.deadline and extend_to <= progress.deadline:
        raise ValidationError({"extend_to": "Ask for a date after the current deadline."})
    if volunteer.award_extensions.filter(status=AwardExtension.Status.PENDING).exists():
        raise ValidationError("There is already a request waiting for a decision.")
    if not reason.strip():
        raise ValidationError({"reason": "Give a reason for the request."})
    return AwardExtension.objects.create(
        volunteer=volunteer, extend_to=extend_to, reason=reason.strip(), requested_by=by
    )


@transaction.atomic
def decide_award_extension(
    *, extension: AwardExtension, approve: bool, by: User, note: str = ""
) -> AwardExtension:
    """Approve or refuse a pending extension request."""
    extension = AwardExtension.objects.select_for_update().get(pk=extension.pk)
    if extension.status != AwardExtension.Status.PENDING:
        raise ValidationError("This request has already been decided.")
    if extension.requested_by_id == by.pk:
        raise ValidationError("Someone else must decide a request you made.")
    extension.status = AwardExtension.Status.APPROVED if approve else AwardExtension.Status.REFUSED
    extension.decided_by = by
    extension.decided_at = timezone.now()
    extension.decision_note = note.strip()
    extension.save()
    return extension
