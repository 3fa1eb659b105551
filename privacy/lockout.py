"""Lockouts that inform and recover.

allauth's `login_failed` rate limit (ACCOUNT_RATE_LIMITS) refuses sign-ins per account
("key": the email tried) and per network address. When it refuses, we record a lockout once,
email the account's owner a one-time unlock link (a stranger's guesses must not keep them
out), and list it for national administrators, who can clear it (audited).

The rate limit's cache keys are allauth internals (`allauth.core.internal.ratelimit`); they
are used only here, and tests/privacy/test_lockout.py fails if allauth changes them.
"""

import datetime
import secrets

from allauth.core.internal import ratelimit as allauth_ratelimit
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from common.mail import queue_email

from .models import AccountLockout, hash_token

APP = "allauth.account"
ACTION = "login_failed"


def _rates():
    return allauth_ratelimit.get_rates(app=APP, action=ACTION)


def _exhausted(cache_key: str, rate) -> bool:
    now = timezone.now().timestamp()
    history = [t for t in cache.get(cache_key, []) if t > now - rate.duration]
    return len(history) >= rate.amount


def _key_cache_key(rate, rate_key: str) -> str:
    return allauth_ratelimit.get_cache_key(None, app=APP, action=ACTION, rate=rate, key=rate_key)


def _ip_cache_key(rate, ip: str) -> str:
    return ":".join(["allauth", "rl", APP, ACTION, str(rate), "ip", ip])


def current_lockouts() -> QuerySet[AccountLockout]:
    """Lockouts still in force (not cleared, not yet run out)."""
    return AccountLockout.objects.filter(
        cleared_at__isnull=True, expires_at__gt=timezone.now()
    ).select_related("user")


def record_refusal(*, request, email: str, rate_key: str) -> AccountLockout | None:
    """Called when allauth has refused a sign-in: record the lockout once and tell the owner."""

    email = (email or "").strip().lower()
    ip = allauth_ratelimit.get_ip(request)
    live = current_lockouts()
    for rate in _rates():
        if rate.per == "key" and _exhausted(_key_cache_key(rate, rate_key), rate):
            if live.filter(kind=AccountLockout.Kind.ACCOUNT, email=email).exists():
                return None
            user = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
            return _lock(
                kind=AccountLockout.Kind.ACCOUNT,
                email=email,
                user=user,
                ip=ip,
                rate_key=rate_key,
                seconds=rate.duration,
            )
    for rate in _rates():
        if rate.per == "ip" and _exhausted(_ip_cache_key(rate, ip), rate):
            if live.filter(kind=AccountLockout.Kind.ADDRESS, ip=ip).exists():
                return None
            return _lock(
                kind=AccountLockout.Kind.ADDRESS,
                email="",
                user=None,
                ip=ip,
                rate_key="",
                seconds=rate.duration,
            )
    return None


def _lock(*, kind, email, user, ip, rate_key, seconds) -> AccountLockout:
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        lockout = AccountLockout.objects.create(
            kind=kind,
            email=email,
            user=user,
            ip=ip,
            rate_key=rate_key,
            expires_at=timezone.now() + datetime.timedelta(seconds=seconds),
            token_hash=hash_token(token) if user else "",
        )
        if user is not None:
            # Sent to the account's own address, never to whatever was typed.
            queue_email(
                to=user.email,
                template="privacy/lockout",
                context={
                    "user": user,
                    "url": settings.SITE_URL + reverse("privacy:unlock", args=[token]),
                    "minutes": max(1, int(seconds // 60)),
                },
            )
    return lockout


def lockout_for_token(token: str) -> AccountLockout | None:
    return current_lockouts().filter(token_hash=hash_token(token)).exclude(token_hash="").first()


def clear_lockout(*, lockout: AccountLockout, by=None, how: str) -> AccountLockout:
    """End a lockout: forget the failed attempts it counted, and record who ended it."""
    with transaction.atomic():
        locked = AccountLockout.objects.select_for_update().get(pk=lockout.pk)
        if locked.cleared_at is not None:
            return locked
        for rate in _rates():
            if rate.per == "key" and locked.rate_key:
                cache.delete(_key_cache_key(rate, locked.rate_key))
            elif rate.per == "ip" and locked.ip:
                cache.delete(_ip_cache_key(rate, locked.ip))
        locked.cleared_at = timezone.now()
        locked.cleared_by = by
        locked.cleared_how = how
        locked.token_hash = ""
        locked.save(update_fields=["cleared_at", "cleared_by", "cleared_how", "token_hash"])
    return locked
