"""The privacy app's own personal data (see common/privacy.py) and retention row."""

from django.db.models import Q

from common.privacy import exclude_personal_model, register_personal_data
from common.retention import DELETE, days_ago, purge, register_retention_rule

from .models import AccountLockout, MfaEnrolmentLink, RetentionRun

register_personal_data(
    MfaEnrolmentLink,
    person_path="user",
    label="Two-factor set-up links sent to you",
    fields=["sent_to", "created_at", "expires_at", "used_at"],
)
register_personal_data(
    AccountLockout,
    person_path="user",
    label="Sign-in lockouts",
    fields=["kind", "email", "ip", "locked_at", "expires_at", "cleared_at", "cleared_how"],
)
exclude_personal_model(
    RetentionRun, reason="Names only the national administrator who ran the schedule."
)

SECURITY_RECORD_DAYS = 90


def apply_security_records(*, now, dry_run: bool) -> int:
    cutoff = days_ago(now, SECURITY_RECORD_DAYS)
    links = MfaEnrolmentLink.objects.filter(created_at__lt=cutoff)
    lockouts = AccountLockout.objects.filter(Q(locked_at__lt=cutoff))
    return purge(links, dry_run=dry_run) + purge(lockouts, dry_run=dry_run)


register_retention_rule(
    "security-records",
    category="Sign-in lockouts (email tried, network address) and MFA set-up links",
    period=f"{SECURITY_RECORD_DAYS} days",
    legal_basis="Legitimate interest / security of processing (UK GDPR article 32): "
    "investigating attacks on accounts",
    action=DELETE,
    apply=apply_security_records,
    order=300,
)
