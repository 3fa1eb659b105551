"""Staff set up MFA only through a one-time link sent to their verified email address.

Whoever holds a staff member's password could otherwise sign in and enrol their own
authenticator. The link (256-bit token, stored as a SHA-256 hash, valid for 30 minutes, used
once) is opened in the signed-in session; using it grants that session a short window in
which allauth's TOTP set-up page opens. The grant ends when an authenticator is added.
"""

import datetime
import secrets
import time

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from common.mail import queue_email

from .models import MfaEnrolmentLink, hash_token

LINK_LIFETIME = datetime.timedelta(minutes=30)
GRANT_SECONDS = 15 * 60
SESSION_GRANT_KEY = "privacy_mfa_enrolment_until"


def verified_email(user) -> str | None:
    """The account's verified primary address, the only place a link may go."""
    address = EmailAddress.objects.filter(user=user, verified=True, primary=True).first()
    return address.email if address else None


def send_enrolment_link(*, user) -> MfaEnrolmentLink:
    """Email a fresh link (earlier unused links stop working)."""
    email = verified_email(user)
    if email is None:
        raise ValidationError("Your email address is not verified yet, so we cannot send a link.")
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        MfaEnrolmentLink.objects.filter(user=user, used_at__isnull=True).update(used_at=now)
        link = MfaEnrolmentLink.objects.create(
            user=user,
            token_hash=hash_token(token),
            sent_to=email,
            expires_at=now + LINK_LIFETIME,
        )
        queue_email(
            to=email,
            template="privacy/mfa_enrolment",
            context={
                "user": user,
                "url": settings.SITE_URL + reverse("privacy:mfa_enrol_link", args=[token]),
                "minutes": int(LINK_LIFETIME.total_seconds() // 60),
            },
        )
    return link


def link_for_token(*, user, token: str) -> MfaEnrolmentLink | None:
    """The live link for this token, if it is this user's, unused and unexpired."""
    return MfaEnrolmentLink.objects.filter(
        user=user,
        token_hash=hash_token(token),
        used_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).first()


def use_enrolment_link(*, request, token: str) -> bool:
    """Spend the link and open the set-up window in this session; False if not valid."""
    with transaction.atomic():
        link = link_for_token(user=request.user, token=token)
        if link is None:
            return False
        link = MfaEnrolmentLink.objects.select_for_update().get(pk=link.pk)
        if link.used_at is not None:
            return False
        link.used_at = timezone.now()
        link.save(update_fields=["used_at"])
    request.session[SESSION_GRANT_KEY] = time.time() + GRANT_SECONDS
    return True


def has_enrolment_grant(request) -> bool:
    return request.session.get(SESSION_GRANT_KEY, 0) > time.time()


def end_enrolment_grant(sender=None, request=None, **kwargs) -> None:
    """Signal receiver (allauth authenticator_added): the window closes once used."""
    if request is not None and hasattr(request, "session"):
        request.session.pop(SESSION_GRANT_KEY, None)
