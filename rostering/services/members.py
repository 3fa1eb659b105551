"""What members and administrators record about availability, commitment and conflicts."""

import datetime
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from volunteers.models import User, Volunteer

from ..models import (
    AvailabilityOffer,
    CalendarFeed,
    Exclusion,
    SittingPreference,
    Unavailability,
    WeeklyPattern,
)
from .cover import hash_token


@transaction.atomic
def set_availability(
    *, volunteer: Volunteer, start: datetime.date, end: datetime.date, slots: set, by: User
) -> int:
    """Replace the member's offers between two dates with `slots` ({(date, half)})."""
    if any(not start <= day <= end for day, _ in slots):
        raise ValidationError("Every half-day offered must fall within the period.")
    AvailabilityOffer.objects.filter(volunteer=volunteer, date__range=(start, end)).delete()
    AvailabilityOffer.objects.bulk_create(
        AvailabilityOffer(volunteer=volunteer, date=day, half=half) for day, half in sorted(slots)
    )
    return len(slots)


@transaction.atomic
def set_weekly_pattern(*, volunteer: Volunteer, entries: set, by: User) -> None:
    """The half-days of the week the member is usually free ({(weekday, half)})."""
    WeeklyPattern.objects.filter(volunteer=volunteer).delete()
    WeeklyPattern.objects.bulk_create(
        WeeklyPattern(volunteer=volunteer, weekday=d, half=h) for d, h in sorted(entries)
    )


@transaction.atomic
def add_unavailability(
    *, volunteer: Volunteer, start: datetime.date, end: datetime.date, reason: str, by: User
) -> Unavailability:
    """Dates the member cannot sit, whatever they offered."""
    if end < start:
        raise ValidationError({"end": "The last day must be on or after the first."})
    return Unavailability.objects.create(volunteer=volunteer, start=start, end=end, reason=reason)


@transaction.atomic
def remove_unavailability(*, unavailability: Unavailability, by: User) -> None:
    """Forget some dated unavailability."""
    unavailability.delete()


@transaction.atomic
def set_sitting_preference(
    *, volunteer: Volunteer, target_per_month, max_per_month: int, by: User
) -> SittingPreference:
    """How often the member has committed to sit, and the most they will."""
    if max_per_month < target_per_month:
        raise ValidationError({"max_per_month": "The most must be at least the commitment."})
    pref, _ = SittingPreference.objects.update_or_create(
        volunteer=volunteer,
        defaults={"target_per_month": target_per_month, "max_per_month": max_per_month},
    )
    return pref


@transaction.atomic
def record_exclusion(
    *,
    volunteer: Volunteer,
    kind: str,
    reason: str,
    by: User,
    local_authority=None,
    centre=None,
    case_reference: str = "",
) -> Exclusion:
    """Record a conflict of interest as an exclusion from a council, centre or case."""
    exclusion = Exclusion(
        volunteer=volunteer,
        kind=kind,
        reason=reason.strip(),
        local_authority=local_authority if kind == Exclusion.Kind.COUNCIL else None,
        centre=centre if kind == Exclusion.Kind.CENTRE else None,
        case_reference=case_reference.strip() if kind == Exclusion.Kind.CASE else "",
        created_by=by,
    )
    missing = {
        Exclusion.Kind.COUNCIL: ("local_authority", exclusion.local_authority),
        Exclusion.Kind.CENTRE: ("centre", exclusion.centre),
        Exclusion.Kind.CASE: ("case_reference", exclusion.case_reference),
    }[kind]
    if not missing[1]:
        raise ValidationError({missing[0]: "Say what the member is excluded from."})
    if not exclusion.reason:
        raise ValidationError({"reason": "Record the reason for the exclusion."})
    exclusion.save()
    return exclusion


@transaction.atomic
def remove_exclusion(*, exclusion: Exclusion, by: User) -> None:
    """Lift an exclusion (the audit log keeps who and when)."""
    exclusion.delete()


@transaction.atomic
def create_calendar_feed(*, user: User) -> str:
    """A new secret feed token (256 bits); any older feed stops working. Returns the token."""
    CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.create(user=user, token_hash=hash_token(token))
    return token


@transaction.atomic
def revoke_calendar_feed(*, user: User) -> int:
    """Stop the member's feed from working."""
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
