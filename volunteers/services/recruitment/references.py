"""References: single-use 256-bit links to referees (stored hashed), weekly reminders."""

import datetime
import logging
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ...models import OPEN_STATUSES, Application, Referee, User
from ...models.recruitment import hash_token
from ...permissions import check_can_select
from ...selectors.recruitment import referee_for_token
from .emails import email_referee

logger = logging.getLogger(__name__)

REFERENCE_VALID_DAYS = 28
REFERENCE_REMINDER_DAYS = 7


def _issue_token(referee: Referee) -> str:
    token = secrets.token_urlsafe(32)  # 256 bits
    referee.token_hash = hash_token(token)
    referee.token_expires_at = timezone.now() + datetime.timedelta(days=REFERENCE_VALID_DAYS)
    return token


def send_reference_requests(application: Application) -> None:
    """Email a fresh link to each referee who has not replied (inside the caller's atomic)."""
    for referee in application.referees.filter(received_at__isnull=True):
        token = _issue_token(referee)
        referee.requested_at = timezone.now()
        referee.save()
        email_referee(referee, application, token, template="reference_request")


def request_references(*, application: Application, by: User) -> int:
    """(Re)send reference requests to referees who have not yet replied."""

    check_can_select(by, application)
    if application.status not in OPEN_STATUSES:
        raise ValidationError("This application is closed.")
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        count = locked.referees.filter(received_at__isnull=True).count()
        send_reference_requests(locked)
    return count


def submit_reference(*, token: str, suitability: str, concerns: str, recommends: bool) -> Referee:
    """Record a reference given through a tokenised link; the link then stops working."""
    with transaction.atomic():
        found = referee_for_token(token)
        if found is None:
            raise ValidationError("This reference link is not valid or has expired.")
        referee = Referee.objects.select_for_update().get(pk=found.pk)
        if referee.received_at is not None or referee.token_hash != hash_token(token):
            raise ValidationError("Thank you: this reference has already been received.")
        referee.suitability = suitability
        referee.concerns = concerns
        referee.recommends = recommends
        referee.received_at = timezone.now()
        referee.token_hash = ""  # single use
        referee.save()
    return referee


def remind_overdue_referees(*, now: datetime.datetime | None = None) -> int:
    """Send a fresh link to referees who have not replied within a week of the last email."""
    now = now or timezone.now()
    due = now - datetime.timedelta(days=REFERENCE_REMINDER_DAYS)
    overdue = Referee.objects.filter(
        received_at__isnull=True,
        requested_at__lt=due,
        application__status__in=sorted(OPEN_STATUSES),
    ).filter(Q(reminded_at__isnull=True) | Q(reminded_at__lt=due))
    count = 0
    for referee in overdue.select_related("application"):
        with transaction.atomic():
            token = _issue_token(referee)
            referee.reminded_at = now
            referee.save()
            email_referee(referee, referee.application, token, template="reference_reminder")
        count += 1
    logger.info("Reminded %d overdue referees", count)
    return count
