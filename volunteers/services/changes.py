"""Organisation changes described as data, previewed before they are saved, then applied.

`preview_change` runs exactly the code `apply_change` runs (the dated-link services and every
`carry_forward` listener) inside a transaction it then rolls back, and reports the difference:
so the preview cannot drift from what saving does, and a planning scenario can ask the same
question without writing anything.
"""

import datetime
import math
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction

from ..carry_forward import CarriedForward, collecting
from ..models import (
    CentreRegionLink,
    HearingCentre,
    LocalAuthority,
    OrganisationModel,
    OrganisationSetting,
    Region,
    Rota,
    RotaCentreLink,
    User,
    Volunteer,
    VolunteerStatus,
)
from . import organisation as links

MERGE_REGIONS = "merge_regions"
REDRAW_REGION_COUNCILS = "redraw_region_councils"
MOVE_CENTRE = "move_centre"
REDRAW_ROTA = "redraw_rota"
MERGE_ROTAS = "merge_rotas"


@dataclass(frozen=True)
class OrganisationChange:
    """One change to the organisation, effective from `on`; build it with a named constructor."""

    kind: str
    on: datetime.date
    region: Region | None = None
    target: Region | None = None
    centre: HearingCentre | None = None
    rota: Rota | None = None
    target_rota: Rota | None = None
    local_authorities: tuple[LocalAuthority, ...] = ()
    centres: tuple[HearingCentre, ...] = ()

    @classmethod
    def merge_regions(cls, *, source: Region, target: Region, on: datetime.date):
        return cls(MERGE_REGIONS, on, region=source, target=target)

    @classmethod
    def redraw_region_councils(cls, *, region: Region, local_authorities, on: datetime.date):
        return cls(
            REDRAW_REGION_COUNCILS, on, region=region, local_authorities=tuple(local_authorities)
        )

    @classmethod
    def move_centre(cls, *, centre: HearingCentre, region: Region, on: datetime.date):
        return cls(MOVE_CENTRE, on, centre=centre, target=region)

    @classmethod
    def redraw_rota(cls, *, rota: Rota, centres, on: datetime.date):
        return cls(REDRAW_ROTA, on, rota=rota, centres=tuple(centres))

    @classmethod
    def merge_rotas(cls, *, source: Rota, target: Rota, on: datetime.date):
        return cls(MERGE_ROTAS, on, rota=source, target_rota=target)

    def describe(self) -> str:
        day = f"{self.on.day} {self.on:%B %Y}"
        return {
            MERGE_REGIONS: lambda: f"Merge {self.region} into {self.target} from {day}",
            REDRAW_REGION_COUNCILS: lambda: f"Redraw the council areas of {self.region} from {day}",
            MOVE_CENTRE: lambda: f"Move {self.centre} to {self.target} from {day}",
            REDRAW_ROTA: lambda: f"Redraw rota {self.rota} from {day}",
            MERGE_ROTAS: lambda: f"Merge rota {self.rota} into {self.target_rota} from {day}",
        }[self.kind]()

    def objects(self) -> list:
        found = [self.region, self.target, self.centre, self.rota, self.target_rota]
        return [o for o in found if o is not None]


@dataclass
class ChangePreview:
    """What a change did (or would do), for the confirmation page and the success message."""

    change: OrganisationChange
    sessions: int = 0
    first: datetime.date | None = None
    last: datetime.date | None = None
    by_centre: list[tuple[str, int]] = field(default_factory=list)
    draft_sittings: int = 0
    published_sittings: int = 0
    centres: list[tuple[str, str, str]] = field(default_factory=list)  # centre, from, to
    members: list[tuple[str, str, str]] = field(default_factory=list)  # member, from, to
    rotas: list[str] = field(default_factory=list)
    periods: list[str] = field(default_factory=list)
    draft_runs: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _perform(change: OrganisationChange, by: User | None) -> None:
    on = change.on
    if change.kind == MERGE_REGIONS:
        links.merge_regions(source=change.region, target=change.target, on=on, by=by)
    elif change.kind == REDRAW_REGION_COUNCILS:
        links.redraw_region_councils(
            region=change.region, local_authorities=change.local_authorities, on=on, by=by
        )
    elif change.kind == MOVE_CENTRE:
        links.move_centre(centre=change.centre, region=change.target, on=on, by=by)
    elif change.kind == REDRAW_ROTA:
        links.redraw_rota(rota=change.rota, centres=change.centres, on=on, by=by)
    elif change.kind == MERGE_ROTAS:
        links.merge_rotas(source=change.rota, target=change.target_rota, on=on, by=by)
    else:
        raise ValueError(f"Unknown organisation change {change.kind!r}")


@dataclass
class _Snapshot:
    centre_region: dict[int, int]
    home_region: dict[int, int]
    rotas: dict[int, tuple]


def _snapshot(on: datetime.date) -> _Snapshot:
    rota_centres: dict[int, set[int]] = defaultdict(set)
    for rota_id, centre_id in RotaCentreLink.objects.on(on).values_list("rota_id", "centre_id"):
        rota_centres[rota_id].add(centre_id)
    return _Snapshot(
        centre_region=dict(CentreRegionLink.objects.on(on).values_list("centre_id", "region_id")),
        home_region=dict(Volunteer.objects.values_list("pk", "home_region_id")),
        rotas={
            pk: (region_id, active, frozenset(rota_centres[pk]))
            for pk, region_id, active in Rota.objects.values_list("pk", "region_id", "is_active")
        },
    )


def _run(change: OrganisationChange, by: User | None) -> ChangePreview:
    before = _snapshot(change.on)
    with collecting() as carried:
        _perform(change, by)
    after = _snapshot(change.on)
    preview = ChangePreview(change=change)
    _add_carried(preview, carried)
    _add_differences(preview, before, after)
    preview.warnings = _warnings(change, before, after, preview)
    return preview


def _add_carried(preview: ChangePreview, carried: list[CarriedForward]) -> None:
    by_centre: dict[str, int] = defaultdict(int)
    for c in carried:
        preview.sessions += c.sessions
        preview.draft_sittings += c.draft_sittings
        preview.published_sittings += c.published_sittings
        preview.periods += c.periods
        preview.draft_runs += c.draft_runs
        for name, n in c.by_centre.items():
            by_centre[name] += n
    preview.by_centre = sorted(by_centre.items())
    firsts = [c.first for c in carried if c.first]
    lasts = [c.last for c in carried if c.last]
    preview.first = min(firsts) if firsts else None
    preview.last = max(lasts) if lasts else None


def _add_differences(preview: ChangePreview, before: _Snapshot, after: _Snapshot) -> None:
    names = dict(Region.objects.values_list("pk", "name"))
    moved_centres = {
        pk: (before.centre_region.get(pk), region)
        for pk, region in after.centre_region.items()
        if before.centre_region.get(pk) != region
    }
    centre_names = dict(
        HearingCentre.objects.filter(pk__in=moved_centres).values_list("pk", "name")
    )
    preview.centres = sorted(
        (centre_names[pk], names.get(old, "no region"), names[new])
        for pk, (old, new) in moved_centres.items()
    )
    moved_members = {
        pk: (before.home_region.get(pk), region)
        for pk, region in after.home_region.items()
        if before.home_region.get(pk) != region
    }
    preview.members = sorted(
        (str(v), names[moved_members[v.pk][0]], names[moved_members[v.pk][1]])
        for v in Volunteer.objects.filter(pk__in=moved_members).select_related("user")
    )
    changed_rotas = [pk for pk, state in after.rotas.items() if before.rotas.get(pk) != state]
    preview.rotas = sorted(Rota.objects.filter(pk__in=changed_rotas).values_list("name", flat=True))


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres (the roster engine's own measure of reach)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def _warnings(change, before: _Snapshot, after: _Snapshot, preview: ChangePreview) -> list[str]:
    """Centres left with no rota or no member in reach, and published sittings affected."""
    day = f"{change.on.day} {change.on:%B %Y}"
    warnings: list[str] = []
    touched = {
        pk for pk, region in after.centre_region.items() if before.centre_region.get(pk) != region
    }
    on_rota_before = {c for _, active, centres in before.rotas.values() if active for c in centres}
    on_rota_after = {c for _, active, centres in after.rotas.values() if active for c in centres}
    touched |= on_rota_before - on_rota_after
    regional = OrganisationSetting.load().model == OrganisationModel.REGIONAL
    members = list(
        Volunteer.objects.filter(status=VolunteerStatus.SERVING).values_list(
            "home_region_id", "home_latitude", "home_longitude", "max_travel_km"
        )
    )
    regions_with_rota = {region for region, active, _ in after.rotas.values() if active}
    regions = Region.objects.in_bulk({after.centre_region.get(pk) for pk in touched} - {None})
    for centre in HearingCentre.objects.filter(pk__in=touched).order_by("name"):
        region_id = after.centre_region.get(centre.pk)
        region = regions.get(region_id)
        if region is None:
            warnings.append(f"{centre.name} will be in no region from {day}.")
            continue
        if region_id not in regions_with_rota:
            warnings.append(f"{region.name} has no rota: {centre.name} cannot be rostered.")
        elif centre.pk not in on_rota_after:
            warnings.append(f"{centre.name} will be on no rota from {day}.")
        reach = [
            m
            for m in members
            if (not regional or m[0] == region_id)
            and distance_km(
                float(m[1]), float(m[2]), float(centre.latitude), float(centre.longitude)
            )
            <= m[3]
        ]
        if not reach:
            warnings.append(
                f"No serving member{' of ' + region.name if regional else ''} lives within "
                f"their travel limit of {centre.name}."
            )
    if preview.published_sittings:
        warnings.append(
            f"{preview.published_sittings} published sitting"
            f"{'s are' if preview.published_sittings != 1 else ' is'} on sessions that change "
            "region: those sessions are flagged for the rota manager to confirm."
        )
    return warnings


def preview_change(change: OrganisationChange, *, by: User | None = None) -> ChangePreview:
    """What applying the change would do, without keeping any of it."""
    with transaction.atomic():
        preview = _run(change, by)
        transaction.set_rollback(True)
    # The services update the objects they were given; put them back as the database has them.
    for obj in change.objects():
        obj.refresh_from_db()
    return preview


def apply_change(change: OrganisationChange, *, by: User) -> ChangePreview:
    """Make the change and carry it forward to later sessions; returns what it did."""
    with transaction.atomic():
        return _run(change, by)
