"""Records of the retention runs, MFA enrolment links and account lockouts."""

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q


def hash_token(token: str) -> str:
    """Tokens are stored only as their SHA-256 hash: a database leak reveals no live link."""
    return hashlib.sha256(token.encode()).hexdigest()


class RetentionRun(models.Model):
    """One application (or dry run) of the retention schedule, with what each row did."""

    started_at = models.DateTimeField(auto_now_add=True)
    dry_run = models.BooleanField(default=False)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # [{"key": "...", "category": "...", "action": "delete", "count": 3}]
    report = models.JSONField(default=list)

    class Meta:
        ordering = ["-started_at", "-pk"]

    def __str__(self):
        kind = "Dry run" if self.dry_run else "Retention run"
        return f"{kind} at {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def total(self) -> int:
        return sum(row["count"] for row in self.report)


class MfaEnrolmentLink(models.Model):
    """A one-time link, emailed to a staff member's verified address, that lets this session
    set up an authenticator. The password alone cannot enrol one."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mfa_enrolment_links"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    sent_to = models.EmailField()
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"MFA enrolment link for {self.user}"


class AccountLockout(models.Model):
    """Too many failed sign-ins for one account (or from one address): recorded so the owner
    can be told and unlock it, and national administrators can see and clear it."""

    class Kind(models.TextChoices):
        ACCOUNT = "account", "Account"
        ADDRESS = "address", "Network address"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    # The email address tried (lower case) and, when it belongs to an account, the account.
    email = models.EmailField(blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="lockouts",
    )
    # The address as allauth's rate limit sees it (IPv6 truncated to its /64).
    ip = models.CharField(max_length=64, blank=True)
    # allauth's per-account rate-limit key ("host:email"), to clear it on unlock.
    rate_key = models.CharField(max_length=400, blank=True)
    locked_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    token_hash = models.CharField(max_length=64, blank=True)
    cleared_at = models.DateTimeField(null=True, blank=True)
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cleared_how = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["-locked_at"]
        indexes = [models.Index(fields=["email", "cleared_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="address") | ~Q(email=""), name="account_lockout_has_email"
            )
        ]

    def __str__(self):
        who = self.email if self.kind == self.Kind.ACCOUNT else self.ip
        return f"Lockout of {who} at {self.locked_at:%Y-%m-%d %H:%M}"
