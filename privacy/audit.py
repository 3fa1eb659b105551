"""Who cleared a lockout, and when, is attributable."""

from auditlog.registry import auditlog

from .models import AccountLockout, MfaEnrolmentLink

auditlog.register(AccountLockout, exclude_fields=["token_hash"])
auditlog.register(MfaEnrolmentLink, exclude_fields=["token_hash"])
