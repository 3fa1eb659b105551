"""Data protection: anonymising applications past retention, and deletion requests."""

import datetime
import logging

from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ...models import (
    Application,
    ApplicationStatus,
    DataDeletionRequest,
    PvgRecord,
    Referee,
    User,
)
from ...permissions import is_national_admin

logger = logging.getLogger(__name__)

ANONYMISED_FIELDS = {
    "first_name": "",
    "last_name": "",
    "phone": "",
    "postcode": "",
    "sex": "",
    "statements": {},
    "availability": [],
    "convictions_details": "",
    "occupation_details": "",
    "family_involvement_details": "",
}


def anonymise_application(*, application: Application) -> bool:
    """Strip an application of everything that identifies its applicant; idempotent."""
    with transaction.atomic(), disable_auditlog():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        if locked.anonymised_at is not None:
            return False
        for field, value in ANONYMISED_FIELDS.items():
            setattr(locked, field, value)
        locked.user = None
        locked.anonymised_at = timezone.now()
        locked.save()
        locked.transitions.update(reason="")
        locked.recommendations.update(comments="")
        referee_ids = list(locked.referees.values_list("pk", flat=True))
        locked.referees.all().delete()
        PvgRecord.objects.filter(application=locked).delete()
        # The audit trail of the old values would undo the anonymisation: drop it too.
        LogEntry.objects.get_for_object(locked).delete()
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Referee),
            object_id__in=referee_ids,
        ).delete()
        # One entry says what happened and when, without any of the old values.
        LogEntry.objects.log_create(
            locked,
            force_log=True,
            action=LogEntry.Action.UPDATE,
            changes={"anonymised": ["", "under the retention policy"]},
        )
    return True


def anonymise_expired_applications(*, now: datetime.datetime | None = None) -> int:
    """Anonymise unsuccessful, withdrawn and abandoned applications past the retention period."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.RECRUITMENT_RETENTION_DAYS)
    closed = Q(
        status__in=[ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN], closed_at__lt=cutoff
    )
    # A draft never submitted is dropped the same time after its campaign closed.
    abandoned = Q(status=ApplicationStatus.DRAFT, campaign__closes_on__lt=cutoff.date())
    due = Application.objects.filter(closed | abandoned, anonymised_at__isnull=True).values_list(
        "pk", flat=True
    )
    count = sum(anonymise_application(application=Application(pk=pk)) for pk in list(due))
    logger.info("Retention: anonymised %d applications closed before %s", count, cutoff.date())
    return count


def request_data_deletion(*, user: User, reason: str = "") -> DataDeletionRequest:
    """Record a person's request to delete their data; national administrators act on it."""
    with transaction.atomic():
        pending = DataDeletionRequest.objects.filter(user=user, handled_at__isnull=True).first()
        if pending:
            return pending
        return DataDeletionRequest.objects.create(user=user, email=user.email, reason=reason)


def close_deletion_request(
    *, deletion_request: DataDeletionRequest, by: User
) -> DataDeletionRequest:
    """Mark a deletion request dealt with (the audit log records who closed it)."""

    if not is_national_admin(by):
        raise PermissionDenied
    with transaction.atomic():
        locked = DataDeletionRequest.objects.select_for_update().get(pk=deletion_request.pk)
        if locked.handled_at is not None:
            raise ValidationError("This request has already been dealt with.")
        locked.handled_at = timezone.now()
        locked.save(update_fields=["handled_at"])
    return locked
