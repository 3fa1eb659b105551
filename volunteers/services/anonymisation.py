"""Anonymising a former member once their record is past its retention period.

The account and the volunteer record stay (sittings, terms and status changes are statistics
the body must keep), but nothing on them identifies the person any more. Other apps clean up
their own records about people anonymised here (their `retention.py` rules), and the audit
entries about all of them are then redacted (`common.privacy.redact_audit_entries`).
"""

from decimal import Decimal

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from common.privacy import REDACTED

from ..models import (
    Application,
    DataDeletionRequest,
    ExpressionOfInterest,
    LeaveOfAbsence,
    RoleAssignment,
    StatusChange,
    User,
    Volunteer,
)
from .recruitment import anonymise_application

ANONYMISED_EMAIL_DOMAIN = "anonymised.invalid"


def anonymised_users() -> QuerySet[User]:
    """People whose identifying details have been removed under the retention schedule."""
    return User.objects.filter(email__endswith=f"@{ANONYMISED_EMAIL_DOMAIN}")


def anonymise_person(*, user: User) -> bool:
    """Remove everything that identifies a person from their account and volunteer record.

    Idempotent: an anonymised account is left alone. Not audited field by field (the old
    values in the audit trail would undo it); one entry records that it happened.
    """
    with transaction.atomic(), disable_auditlog():
        locked = User.objects.select_for_update().get(pk=user.pk)
        if locked.email.endswith(f"@{ANONYMISED_EMAIL_DOMAIN}"):
            return False
        now = timezone.now()
        locked.email = f"anonymised-{locked.pk}@{ANONYMISED_EMAIL_DOMAIN}"
        locked.first_name = ""
        locked.last_name = ""
        locked.is_active = False
        locked.set_unusable_password()
        locked.save()
        EmailAddress.objects.filter(user=locked).delete()
        Authenticator.objects.filter(user=locked).delete()
        UserSession.objects.filter(user=locked).delete()
        ExpressionOfInterest.objects.filter(user=locked).delete()
        DataDeletionRequest.objects.filter(user=locked).update(email="", reason="")
        RoleAssignment.objects.filter(user=locked, revoked_at__isnull=True).update(revoked_at=now)
        locked.groups.clear()
        volunteer = Volunteer.objects.filter(user=locked).first()
        if volunteer is not None:
            volunteer.home_postcode = ""
            # Ten kilometres is enough for statistics by area and identifies no one's home.
            volunteer.home_latitude = round(volunteer.home_latitude, 1) or Decimal("0")
            volunteer.home_longitude = round(volunteer.home_longitude, 1) or Decimal("0")
            volunteer.languages = ""
            volunteer.accessibility_needs = ""
            volunteer.declared_conflicts = ""
            volunteer.removal_consented_by = ""
            volunteer.save()
            StatusChange.objects.filter(volunteer=volunteer).update(reason="", consented_by="")
            LeaveOfAbsence.objects.filter(volunteer=volunteer).update(reason="")
        for application in Application.objects.filter(user=locked):
            anonymise_application(application=application)
        LogEntry.objects.log_create(
            locked,
            force_log=True,
            action=LogEntry.Action.UPDATE,
            object_repr=REDACTED,
            changes={"anonymised": ["", "under the retention schedule"]},
        )
    return True
