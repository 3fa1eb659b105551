"""Accepting an offer makes a trainee panel member; appointment starts a three-year term."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone

from ...models import (
    Application,
    HearingCentre,
    Role,
    RoleAssignment,
    Term,
    User,
    Volunteer,
    VolunteerStatus,
)
from ...models.lifecycle import StatusChange
from ..roles import sync_role_groups

TERM_YEARS = 3


def _approximate_home(application: Application) -> tuple[Decimal, Decimal]:
    # We hold no street address: place them at a centre in their council (or region) until
    # they give a postcode sector on their profile.
    centre = (
        HearingCentre.objects.filter(local_authority=application.home_local_authority).first()
        or HearingCentre.objects.filter(
            region_links__region=application.region, region_links__valid_to__isnull=True
        ).first()
    )
    if centre is None:
        return Decimal("56.49000"), Decimal("-4.20000")  # the middle of Scotland
    return centre.latitude, centre.longitude


def create_volunteer(application: Application, *, by: User) -> Volunteer:
    """Accepting an offer makes the applicant a trainee panel member (once)."""
    user = application.user
    if user is None:
        raise ValidationError("This application has no account to appoint.")
    existing = Volunteer.objects.filter(user=user).first()
    if existing:
        return existing
    latitude, longitude = _approximate_home(application)
    volunteer = Volunteer.objects.create(
        user=user,
        application=application,
        status=VolunteerStatus.TRAINEE,
        sex=application.sex,
        home_local_authority=application.home_local_authority,
        work_local_authority=application.work_local_authority,
        home_region=application.region,
        home_postcode=application.postcode.split(" ")[0][:10],
        home_latitude=latitude,
        home_longitude=longitude,
    )
    RoleAssignment.objects.get_or_create(
        user=user,
        role=Role.PANEL_MEMBER,
        region=None,
        revoked_at=None,
        defaults={"granted_by": by},
    )
    sync_role_groups(user=user)
    if not user.first_name and application.first_name:
        user.first_name, user.last_name = application.first_name, application.last_name
        user.save(update_fields=["first_name", "last_name"])
    return volunteer


def term_end(starts_on: datetime.date, years: int = TERM_YEARS) -> datetime.date:
    """The last day of a term of `years` years starting on `starts_on`."""
    try:
        anniversary = starts_on.replace(year=starts_on.year + years)
    except ValueError:  # 29 February
        anniversary = starts_on.replace(year=starts_on.year + years, day=28)
    return anniversary - datetime.timedelta(days=1)


def appoint(application: Application, *, by: User) -> Volunteer:
    """Appointment: serving from today for a three-year term."""
    volunteer = create_volunteer(application, by=by)
    today = timezone.localdate()
    ends = term_end(today)
    StatusChange.objects.create(
        volunteer=volunteer,
        from_status=volunteer.status,
        to_status=VolunteerStatus.SERVING,
        on=today,
        reason="Appointed",
        by=by,
    )
    volunteer.status = VolunteerStatus.SERVING
    volunteer.appointed_on = today
    volunteer.term_ends_on = ends
    volunteer.save(update_fields=["status", "appointed_on", "term_ends_on"])
    Term.objects.create(volunteer=volunteer, starts_on=today, ends_on=ends)
    return volunteer
