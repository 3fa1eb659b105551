"""Who may roster where. Administrators reach the sessions, runs and members of their regions
(national administrators: everywhere); members reach only their own sittings. Anything out of
scope is a 404, so a denial never reveals that it exists."""

import rules
from django.db.models import Q, QuerySet
from django.http import Http404

from volunteers.models import Region, Role, Volunteer
from volunteers.permissions import can_administer, is_national_admin, scoped_regions

from .models import Assignment, Exclusion, RotaPeriod, RotaRun, ScheduleImport, Session


@rules.predicate
def is_panel_member(user) -> bool:
    return user.is_authenticated and hasattr(user, "volunteer")


rules.add_perm("rostering.roster", can_administer)
rules.add_perm("rostering.roster_nationally", is_national_admin)
rules.add_perm("rostering.sit", is_panel_member)


def rostering_regions(user) -> QuerySet[Region]:
    """Regions whose sessions and rotas the user manages."""
    return scoped_regions(user, Role.REGIONAL_ADMIN)


def sessions_for(user) -> QuerySet[Session]:
    return Session.objects.filter(region__in=rostering_regions(user))


def periods_for(user) -> QuerySet[RotaPeriod]:
    scope = Q(region__in=rostering_regions(user))
    if is_national_admin(user):
        scope |= Q(region__isnull=True)
    return RotaPeriod.objects.filter(scope)


def get_session_for_user(user, pk: int) -> Session:
    try:
        return sessions_for(user).select_related("centre", "region").get(pk=pk)
    except Session.DoesNotExist:
        raise Http404("No such session") from None


def get_period_for_user(user, pk: int) -> RotaPeriod:
    try:
        return periods_for(user).select_related("region").get(pk=pk)
    except RotaPeriod.DoesNotExist:
        raise Http404("No such rota period") from None


def get_run_for_user(user, pk: int) -> RotaRun:
    try:
        # The engine's input and output are large and most pages never read them (review.py).
        return (
            RotaRun.objects.select_related("period__region", "job")
            .defer("instance", "solution")
            .get(pk=pk, period__in=periods_for(user))
        )
    except RotaRun.DoesNotExist:
        raise Http404("No such rota run") from None


def get_import_for_user(user, pk: int) -> ScheduleImport:
    """Imports are seen by the person who uploaded them."""
    try:
        return ScheduleImport.objects.select_related("job").get(pk=pk, uploaded_by=user)
    except ScheduleImport.DoesNotExist:
        raise Http404("No such import") from None


def members_for(user) -> QuerySet[Volunteer]:
    if is_national_admin(user):
        return Volunteer.objects.all()
    return Volunteer.objects.filter(home_region__in=rostering_regions(user))


def get_member_for_user(user, pk: int) -> Volunteer:
    try:
        return members_for(user).select_related("user", "home_region").get(pk=pk)
    except Volunteer.DoesNotExist:
        raise Http404("No such member") from None


def get_exclusion_for_user(user, pk: int) -> Exclusion:
    try:
        return Exclusion.objects.select_related("volunteer").get(
            pk=pk, volunteer__in=members_for(user)
        )
    except Exclusion.DoesNotExist:
        raise Http404("No such exclusion") from None


def get_run_assignment_for_user(user, run: RotaRun, pk: int) -> Assignment:
    try:
        return Assignment.objects.select_related("session", "volunteer__user").get(
            pk=pk, session__region__in=rostering_regions(user)
        )
    except Assignment.DoesNotExist:
        raise Http404("No such sitting") from None


def get_own_sitting(user, pk: int) -> Assignment:
    """A member's own published sitting."""
    try:
        return Assignment.objects.select_related("session__centre").get(
            pk=pk, volunteer__user=user, status=Assignment.Status.PUBLISHED
        )
    except Assignment.DoesNotExist:
        raise Http404("No such sitting") from None
