"""Rostering's rows of the retention schedule (see common/retention.py)."""

import datetime

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from common.retention import ANONYMISE, DELETE, days_ago, purge, register_retention_rule
from volunteers.services.anonymisation import anonymised_users

from .models import (
    Assignment,
    AvailabilityOffer,
    CalendarFeed,
    CoverOffer,
    Exclusion,
    ExpenseClaim,
    SittingPreference,
    Unavailability,
    WeeklyPattern,
)


def expense_cutoff(now: datetime.datetime) -> datetime.date:
    """The first day of the financial year (1 April) that began EXPENSE_RETENTION_YEARS ago:
    claims decided before it have been kept for that many whole financial years."""
    today = timezone.localtime(now).date()
    year_start = today.year if today >= datetime.date(today.year, 4, 1) else today.year - 1
    return datetime.date(year_start - settings.EXPENSE_RETENTION_YEARS, 4, 1)


def apply_expenses(*, now, dry_run: bool) -> int:
    cutoff = expense_cutoff(now)
    due = ExpenseClaim.objects.filter(
        Q(decided_at__date__lt=cutoff) | Q(decided_at__isnull=True, submitted_at__date__lt=cutoff)
    )
    return purge(due, dry_run=dry_run)


def apply_revoked_feeds(*, now, dry_run: bool) -> int:
    cutoff = days_ago(now, settings.CALENDAR_FEED_RETENTION_DAYS)
    return purge(CalendarFeed.objects.filter(revoked_at__lt=cutoff), dry_run=dry_run)


def apply_former_members(*, now, dry_run: bool) -> int:
    gone = anonymised_users()
    count = 0
    for model in (
        AvailabilityOffer,
        WeeklyPattern,
        Unavailability,
        SittingPreference,
        Exclusion,
        CoverOffer,
    ):
        count += purge(model.objects.filter(volunteer__user__in=gone), dry_run=dry_run)
    count += purge(CalendarFeed.objects.filter(user__in=gone), dry_run=dry_run)
    reasons = Assignment.objects.filter(volunteer__user__in=gone).exclude(
        withdrawal_reason="", override_reason=""
    )
    if dry_run:
        return count + reasons.count()
    return count + reasons.update(withdrawal_reason="", override_reason="")


register_retention_rule(
    "expense-claims",
    category="Expense claims",
    period=lambda: (
        f"{settings.EXPENSE_RETENTION_YEARS} whole financial years after the claim was decided"
    ),
    legal_basis="Legal obligation: HMRC and audit rules for payments to volunteers",
    action=DELETE,
    apply=apply_expenses,
    order=300,
)
register_retention_rule(
    "revoked-calendar-feeds",
    category="Revoked calendar feed tokens (fingerprints, when created and last used)",
    period=lambda: f"{settings.CALENDAR_FEED_RETENTION_DAYS} days after revocation",
    legal_basis="Legitimate interest in answering 'why did my calendar stop?'; nothing after",
    action=DELETE,
    apply=apply_revoked_feeds,
    order=300,
)
register_retention_rule(
    "former-members-rostering",
    category="Former members' availability, unavailability, conflicts, cover offers, "
    "calendar feeds and the reasons on their sittings",
    period="When the former member is anonymised",
    legal_basis="Follows the former members' row; the sittings themselves stay, anonymous, "
    "as the record of who sat on each panel",
    action=ANONYMISE,
    apply=apply_former_members,
    order=300,
)
