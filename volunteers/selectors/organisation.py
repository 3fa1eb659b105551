"""Reads for the organisation and people pages, shaped so list pages run a fixed number of
queries however many rows they show."""

from django.db.models import Count, Prefetch, Q, QuerySet

from ..models import (
    CentreRegionLink,
    HearingCentre,
    Region,
    RegionLocalAuthority,
    RoleAssignment,
    Rota,
    RotaCentreLink,
    User,
)


def regions_with_counts(regions: QuerySet[Region]) -> QuerySet[Region]:
    """Regions with how many centres, rotas and volunteers they currently have."""
    return (
        regions.annotate(
            centre_count=Count(
                "centre_links",
                filter=Q(centre_links__in=CentreRegionLink.objects.current()),
                distinct=True,
            ),
            rota_count=Count("rotas", filter=Q(rotas__is_active=True), distinct=True),
            volunteer_count=Count("volunteers", distinct=True),
        )
        .select_related("merged_into")
        .order_by("-is_active", "name")
    )


def centres_with_current_region(centres: QuerySet[HearingCentre]) -> QuerySet[HearingCentre]:
    """Centres with their council and their current region link prefetched."""
    return centres.select_related("local_authority").prefetch_related(
        Prefetch(
            "region_links",
            queryset=CentreRegionLink.objects.current().select_related("region"),
            to_attr="current_region_links",
        )
    )


def region_detail(region: Region) -> dict:
    """What a region is made of today: councils, centres, rotas and their centres."""
    return {
        "councils": RegionLocalAuthority.objects.current()
        .filter(region=region)
        .select_related("local_authority"),
        "centres": HearingCentre.objects.filter(
            region_links__in=CentreRegionLink.objects.current().filter(region=region)
        ).select_related("local_authority"),
        "rotas": Rota.objects.filter(region=region, is_active=True).prefetch_related(
            Prefetch(
                "centre_links",
                queryset=RotaCentreLink.objects.current().select_related("centre"),
                to_attr="current_centre_links",
            )
        ),
    }


def people_list(people: QuerySet[User], *, q: str = "", role: str = "") -> QuerySet[User]:
    """People matching a search, with their active roles and volunteer record loaded."""
    if q:
        people = people.filter(
            Q(email__icontains=q) | Q(first_name__icontains=q) | Q(last_name__icontains=q)
        )
    if role:
        people = people.filter(
            role_assignments__role=role, role_assignments__revoked_at__isnull=True
        ).distinct()
    return people.select_related(
        "volunteer__home_region", "volunteer__home_local_authority"
    ).prefetch_related(
        Prefetch(
            "role_assignments",
            queryset=RoleAssignment.objects.filter(revoked_at__isnull=True).select_related(
                "region"
            ),
            to_attr="current_roles",
        )
    )


def role_history(person: User) -> QuerySet[RoleAssignment]:
    """Every grant the person has had, current first, with who granted and revoked it."""
    return person.role_assignments.select_related("region", "granted_by", "revoked_by").order_by(
        "revoked_at", "-granted_at"
    )
