"""Who may do what, scoped by region. Every view asks here; nothing checks roles inline.

A regional role reaches only its own regions; national administrators reach everything. When
an object lies outside someone's scope the `get_*_for_user` helpers raise 404, so a denial
never reveals that the object exists.
"""

import rules
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from .models import (
    Application,
    ApplicationStatus,
    Campaign,
    CentreRegionLink,
    HearingCentre,
    Region,
    Role,
    Rota,
    User,
    Volunteer,
)

REGIONAL_ADMIN_GRANTABLE = frozenset({Role.PPA, Role.TRAINER, Role.REGIONAL_ADMIN})


@rules.predicate
def is_national_admin(user) -> bool:
    return user.is_authenticated and user.has_role(Role.NATIONAL_ADMIN)


@rules.predicate
def is_regional_admin(user) -> bool:
    return user.is_authenticated and user.has_role(Role.REGIONAL_ADMIN)


@rules.predicate
def is_content_editor(user) -> bool:
    return user.is_authenticated and user.has_role(Role.CONTENT_EDITOR)


@rules.predicate
def is_staff_member(user) -> bool:
    return user.is_authenticated and user.is_staff_role_holder


@rules.predicate
def administers_region(user, region) -> bool:
    return (
        user.is_authenticated
        and region is not None
        and region.pk in user.region_ids_for(Role.REGIONAL_ADMIN)
    )


can_manage_region = is_national_admin | administers_region
can_administer = is_national_admin | is_regional_admin

rules.add_perm("volunteers.administer", can_administer)
rules.add_perm("volunteers.manage_region", can_manage_region)
rules.add_perm("volunteers.change_structure", is_national_admin)
rules.add_perm("volunteers.change_organisation_model", is_national_admin)
rules.add_perm("volunteers.view_staff_pages", is_staff_member)


def scoped_regions(user, *roles: str) -> QuerySet[Region]:
    """Regions in which the user holds any of `roles`; every region for national admins."""
    if is_national_admin(user):
        return Region.objects.all()
    if not user.is_authenticated:
        return Region.objects.none()
    return Region.objects.filter(pk__in=user.region_ids_for(*roles))


def managed_regions(user) -> QuerySet[Region]:
    """Regions whose people, centres and rotas the user administers."""
    return scoped_regions(user, Role.REGIONAL_ADMIN)


def managed_centres(user) -> QuerySet[HearingCentre]:
    """Centres currently linked to one of the user's regions."""
    if is_national_admin(user):
        return HearingCentre.objects.all()
    return HearingCentre.objects.filter(
        region_links__in=CentreRegionLink.objects.current().filter(
            region_id__in=user.region_ids_for(Role.REGIONAL_ADMIN)
        )
    ).distinct()


def managed_people(user) -> QuerySet[User]:
    """People the user may see: in their regions as volunteers or through a regional role."""
    if is_national_admin(user):
        return User.objects.all()
    region_ids = user.region_ids_for(Role.REGIONAL_ADMIN)
    return User.objects.filter(
        Q(volunteer__home_region_id__in=region_ids)
        | Q(role_assignments__region_id__in=region_ids, role_assignments__revoked_at__isnull=True)
    ).distinct()


def grantable_roles(user, region: Region | None) -> list[str]:
    """The roles this user may grant (or revoke) in the given region (None: unscoped roles)."""
    if is_national_admin(user):
        return [r.value for r in Role]
    if region is not None and administers_region(user, region):
        return sorted(REGIONAL_ADMIN_GRANTABLE)
    return []


def can_grant(user, role: str, region: Region | None) -> bool:
    return role in grantable_roles(user, region)


def get_region_for_user(user, code: str) -> Region:
    try:
        return managed_regions(user).get(code=code)
    except Region.DoesNotExist:
        raise Http404("No such region") from None


def get_centre_for_user(user, pk: int) -> HearingCentre:
    try:
        return managed_centres(user).get(pk=pk)
    except HearingCentre.DoesNotExist:
        raise Http404("No such hearing centre") from None


def get_rota_for_user(user, pk: int) -> Rota:
    try:
        return Rota.objects.select_related("region").get(pk=pk, region__in=managed_regions(user))
    except Rota.DoesNotExist:
        raise Http404("No such rota") from None


def get_person_for_user(user, pk: int) -> User:
    try:
        return managed_people(user).get(pk=pk)
    except User.DoesNotExist:
        raise Http404("No such person") from None


# --- Recruitment and the volunteer's life ----------------------------------------------

# Selectors are PPAs and regional administrators of the application's region.
SELECTOR_ROLES = (Role.PPA, Role.REGIONAL_ADMIN)


@rules.predicate
def is_selector(user) -> bool:
    return user.is_authenticated and bool(user.role_names() & {*SELECTOR_ROLES})


can_select = is_national_admin | is_selector
rules.add_perm("volunteers.select_applicants", can_select)
rules.add_perm("volunteers.manage_campaigns", can_administer)
rules.add_perm("volunteers.manage_volunteers", can_administer)
# Removal is the National Convener's act, with the Lord President's consent: national only.
rules.add_perm("volunteers.remove_volunteers", is_national_admin)
rules.add_perm("volunteers.view_audit", is_national_admin)
# The outgoing email log (common knows no roles, so the rule is given here).
rules.add_perm("common.view_outgoingemail", is_national_admin)


def selection_regions(user) -> QuerySet[Region]:
    """Regions whose applicants the user may see and move on."""
    return scoped_regions(user, *SELECTOR_ROLES)


def visible_applications(user):
    """Submitted applications (never drafts) in the user's selection regions."""

    if is_national_admin(user):
        return Application.objects.exclude(status=ApplicationStatus.DRAFT)
    return Application.objects.exclude(status=ApplicationStatus.DRAFT).filter(
        region_id__in=user.region_ids_for(*SELECTOR_ROLES)
    )


def check_can_select(by, application) -> None:
    """Refuse anyone who may not select on the application (outside their regions)."""
    if not visible_applications(by).filter(pk=application.pk).exists():
        raise PermissionDenied("This application is not in your regions.")


def get_application_for_user(user, pk: int):
    """An application the user may select on; 404 outside their regions."""

    try:
        return visible_applications(user).select_related("campaign", "region", "user").get(pk=pk)
    except Application.DoesNotExist:
        raise Http404("No such application") from None


def get_own_application(user, pk: int):
    """The applicant's own application; 404 for anyone else's."""

    try:
        return Application.objects.select_related("campaign", "region").get(pk=pk, user=user)
    except Application.DoesNotExist:
        raise Http404("No such application") from None


def manageable_campaigns(user):
    """Campaigns the user may change: national admins all; regional admins those in their
    regions (a national campaign belongs to national administrators)."""

    if is_national_admin(user):
        return Campaign.objects.all()
    return Campaign.objects.filter(regions__in=user.region_ids_for(Role.REGIONAL_ADMIN)).distinct()


def get_campaign_for_user(user, pk: int):

    try:
        return manageable_campaigns(user).get(pk=pk)
    except Campaign.DoesNotExist:
        raise Http404("No such campaign") from None


def managed_volunteers(user):
    """Volunteer records whose home region the user administers."""

    if is_national_admin(user):
        return Volunteer.objects.all()
    return Volunteer.objects.filter(home_region_id__in=user.region_ids_for(Role.REGIONAL_ADMIN))


def get_volunteer_for_user(user, pk: int):

    try:
        return (
            managed_volunteers(user)
            .select_related("user", "home_region", "home_local_authority", "work_local_authority")
            .get(pk=pk)
        )
    except Volunteer.DoesNotExist:
        raise Http404("No such volunteer") from None
