"""Drawing and redrawing the organisation: regions, rotas, hearing centres and the model.

Links are dated: a change takes effect from a day by closing the old link and opening a new
one, so what was true before that day stays true in reports.
"""

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ..carry_forward import carry_forward
from ..models import (
    CentreRegionLink,
    HearingCentre,
    LocalAuthority,
    OrganisationModel,
    OrganisationSetting,
    Region,
    RegionLocalAuthority,
    RoleAssignment,
    Rota,
    RotaCentreLink,
    User,
    Volunteer,
)


def _close(link, on: datetime.date) -> None:
    # A link that would start and end on the same day was never in force: drop it.
    if link.valid_from >= on:
        link.delete()
    else:
        link.valid_to = on
        link.save(update_fields=["valid_to"])


def _today(on: datetime.date | None) -> datetime.date:
    return on or timezone.localdate()


def create_region(*, code: str, name: str, by: User) -> Region:
    """Create an empty region; councils, centres and rotas are linked to it afterwards."""
    if Region.objects.filter(code__iexact=code).exists():
        raise ValidationError({"code": "A region with this code already exists."})
    if Region.objects.filter(name__iexact=name).exists():
        raise ValidationError({"name": "A region with this name already exists."})
    with transaction.atomic():
        return Region.objects.create(code=code, name=name)


def rename_region(*, region: Region, name: str, by: User) -> Region:
    """Rename a region; the audit log keeps the old name."""
    if Region.objects.filter(name__iexact=name).exclude(pk=region.pk).exists():
        raise ValidationError({"name": "A region with this name already exists."})
    with transaction.atomic():
        region.name = name
        region.save(update_fields=["name"])
    return region


def redraw_region_councils(
    *,
    region: Region,
    local_authorities: Iterable[LocalAuthority],
    by: User,
    on: datetime.date | None = None,
) -> None:
    """Make `local_authorities` the council areas the region serves from `on`."""
    on = _today(on)
    wanted = {la.pk for la in local_authorities}
    with transaction.atomic():
        current = {
            link.local_authority_id: link
            for link in RegionLocalAuthority.objects.select_for_update()
            .filter(region=region)
            .on(on)
        }
        for la_id, link in current.items():
            if la_id not in wanted:
                _close(link, on)
        RegionLocalAuthority.objects.bulk_create(
            RegionLocalAuthority(region=region, local_authority_id=la_id, valid_from=on)
            for la_id in wanted - current.keys()
        )
        carry_forward(since=on, by=by)


def merge_regions(
    *, source: Region, target: Region, by: User, on: datetime.date | None = None
) -> Region:
    """Fold `source` into `target` from `on`: centres, councils, rotas, people and roles move."""
    if source.pk == target.pk:
        raise ValidationError("Choose a different region to merge into.")
    if not target.is_active:
        raise ValidationError("You cannot merge into a region that has itself been merged.")
    on = _today(on)
    with transaction.atomic():
        for link in CentreRegionLink.objects.select_for_update().filter(region=source).on(on):
            _close(link, on)
            CentreRegionLink.objects.create(
                centre_id=link.centre_id, region=target, valid_from=on, changed_by=by
            )
        target_councils = set(
            RegionLocalAuthority.objects.filter(region=target)
            .on(on)
            .values_list("local_authority_id", flat=True)
        )
        for link in RegionLocalAuthority.objects.filter(region=source).on(on):
            _close(link, on)
            if link.local_authority_id not in target_councils:
                RegionLocalAuthority.objects.create(
                    region=target, local_authority_id=link.local_authority_id, valid_from=on
                )
        Rota.objects.filter(region=source).update(region=target)
        for volunteer in Volunteer.objects.filter(home_region=source):
            # Saved one by one so each move is in the volunteer's audit trail.
            volunteer.home_region = target
            volunteer.save(update_fields=["home_region"])
        now = timezone.now()
        for grant in RoleAssignment.objects.filter(region=source, revoked_at__isnull=True):
            grant.revoked_at, grant.revoked_by = now, by
            grant.save(update_fields=["revoked_at", "revoked_by"])
            RoleAssignment.objects.get_or_create(
                user_id=grant.user_id,
                role=grant.role,
                region=target,
                revoked_at=None,
                defaults={"granted_by": by},
            )
        # Inactive at once (nothing more may be linked to it); `merged_on` says when it counts.
        source.is_active = False
        source.merged_into = target
        source.merged_on = on
        source.save(update_fields=["is_active", "merged_into", "merged_on"])
        carry_forward(since=on, by=by)
    return target


def create_centre(
    *,
    name: str,
    address: str,
    postcode: str,
    latitude: Decimal,
    longitude: Decimal,
    local_authority: LocalAuthority,
    region: Region,
    by: User,
    accessibility_notes: str = "",
    hosts_virtual_hearings: bool = False,
    on: datetime.date | None = None,
) -> HearingCentre:
    """Add a hearing centre and link it to its region from `on`."""
    if HearingCentre.objects.filter(name__iexact=name).exists():
        raise ValidationError({"name": "A hearing centre with this name already exists."})
    with transaction.atomic():
        centre = HearingCentre.objects.create(
            name=name,
            address=address,
            postcode=postcode.upper(),
            latitude=latitude,
            longitude=longitude,
            local_authority=local_authority,
            accessibility_notes=accessibility_notes,
            hosts_virtual_hearings=hosts_virtual_hearings,
        )
        CentreRegionLink.objects.create(
            centre=centre, region=region, valid_from=_today(on), changed_by=by
        )
    return centre


CENTRE_EDITABLE_FIELDS = (
    "name",
    "address",
    "postcode",
    "latitude",
    "longitude",
    "local_authority",
    "accessibility_notes",
    "hosts_virtual_hearings",
    "is_active",
)


def update_centre(*, centre: HearingCentre, by: User, **changes) -> HearingCentre:
    """Change a centre's details (not its region: see `move_centre`)."""
    unknown = set(changes) - set(CENTRE_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Cannot change {', '.join(sorted(unknown))} here.")
    name = changes.get("name")
    if name and HearingCentre.objects.filter(name__iexact=name).exclude(pk=centre.pk).exists():
        raise ValidationError({"name": "A hearing centre with this name already exists."})
    with transaction.atomic():
        for field, value in changes.items():
            setattr(centre, field, value)
        centre.save()
    return centre


def move_centre(
    *, centre: HearingCentre, region: Region, by: User, on: datetime.date | None = None
) -> None:
    """Link a centre to another region from `on`; earlier sessions keep their old region."""
    on = _today(on)
    with transaction.atomic():
        current = CentreRegionLink.objects.select_for_update().filter(centre=centre).on(on).first()
        if current and current.region_id == region.pk:
            raise ValidationError(f"{centre} is already in {region} on that date.")
        later = CentreRegionLink.objects.filter(centre=centre, valid_from__gt=on)
        if later.exists():
            raise ValidationError("This centre already has a later region change; undo that first.")
        if current:
            _close(current, on)
        CentreRegionLink.objects.create(centre=centre, region=region, valid_from=on, changed_by=by)
        # Rotas belong to one region: a centre leaving the region leaves its rotas too.
        for link in (
            RotaCentreLink.objects.filter(centre=centre).on(on).exclude(rota__region=region)
        ):
            _close(link, on)
        carry_forward(since=on, by=by)


def _check_centres_in_region(centres, region: Region, on: datetime.date) -> None:
    ids = {c.pk for c in centres}
    in_region = set(
        CentreRegionLink.objects.filter(region=region, centre_id__in=ids)
        .on(on)
        .values_list("centre_id", flat=True)
    )
    outside = [c.name for c in centres if c.pk not in in_region]
    if outside:
        raise ValidationError({"centres": f"Not in {region.name}: {', '.join(sorted(outside))}."})


def create_rota(
    *,
    region: Region,
    name: str,
    centres: Iterable[HearingCentre],
    by: User,
    on: datetime.date | None = None,
) -> Rota:
    """Create a rota in a region serving the given centres from `on`."""
    on = _today(on)
    centres = list(centres)
    if Rota.objects.filter(region=region, name__iexact=name, is_active=True).exists():
        raise ValidationError({"name": f"{region.name} already has a rota with this name."})
    _check_centres_in_region(centres, region, on)
    with transaction.atomic():
        rota = Rota.objects.create(region=region, name=name)
        RotaCentreLink.objects.bulk_create(
            RotaCentreLink(rota=rota, centre=c, valid_from=on) for c in centres
        )
    return rota


def update_rota(*, rota: Rota, name: str, by: User) -> Rota:
    """Rename a rota."""
    clash = Rota.objects.filter(region=rota.region, name__iexact=name, is_active=True)
    if clash.exclude(pk=rota.pk).exists():
        raise ValidationError({"name": f"{rota.region.name} already has a rota with this name."})
    with transaction.atomic():
        rota.name = name
        rota.save(update_fields=["name"])
    return rota


def redraw_rota(
    *, rota: Rota, centres: Iterable[HearingCentre], by: User, on: datetime.date | None = None
) -> None:
    """Make `centres` the rota's centres from `on`."""
    on = _today(on)
    centres = list(centres)
    _check_centres_in_region(centres, rota.region, on)
    wanted = {c.pk for c in centres}
    with transaction.atomic():
        current = {
            link.centre_id: link
            for link in RotaCentreLink.objects.select_for_update().filter(rota=rota).on(on)
        }
        for centre_id, link in current.items():
            if centre_id not in wanted:
                _close(link, on)
        RotaCentreLink.objects.bulk_create(
            RotaCentreLink(rota=rota, centre_id=cid, valid_from=on)
            for cid in wanted - current.keys()
        )
        carry_forward(since=on, by=by)


def merge_rotas(*, source: Rota, target: Rota, by: User, on: datetime.date | None = None) -> Rota:
    """Fold `source` into `target` (same region) from `on`."""
    if source.pk == target.pk:
        raise ValidationError("Choose a different rota to merge into.")
    if source.region_id != target.region_id:
        raise ValidationError("Rotas can only be merged within one region.")
    on = _today(on)
    with transaction.atomic():
        target_centres = set(
            RotaCentreLink.objects.filter(rota=target).on(on).values_list("centre_id", flat=True)
        )
        for link in RotaCentreLink.objects.select_for_update().filter(rota=source).on(on):
            _close(link, on)
            if link.centre_id not in target_centres:
                RotaCentreLink.objects.create(rota=target, centre_id=link.centre_id, valid_from=on)
        source.is_active = False
        source.merged_into = target
        source.save(update_fields=["is_active", "merged_into"])
        carry_forward(since=on, by=by)
    return target


def set_organisation_model(*, model: str, by: User) -> OrganisationSetting:
    """Switch between the regional and the national organisation model."""
    if model not in OrganisationModel.values:
        raise ValidationError({"model": "Choose regional or national."})
    with transaction.atomic():
        setting = OrganisationSetting.objects.select_for_update().get_or_create(pk=1)[0]
        setting.model = model
        setting.updated_by = by
        setting.save()
    return setting
