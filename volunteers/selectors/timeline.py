"""Dated timelines of a region's or a centre's links: past, current and scheduled.

Each page runs a fixed number of queries however many links there are.
"""

import datetime
from dataclasses import dataclass

from ..models import CentreRegionLink, HearingCentre, Region, RegionLocalAuthority, RotaCentreLink

PAST, CURRENT, SCHEDULED = "Past", "Current", "Scheduled"


@dataclass(frozen=True)
class TimelineEntry:
    """One link as a line of a timeline, e.g. ("Hearing centre", "Paisley", 2020-01-01, None)."""

    kind: str
    name: str
    valid_from: datetime.date
    valid_to: datetime.date | None
    state: str


def _state(link, today: datetime.date) -> str:
    if link.valid_from > today:
        return SCHEDULED
    if link.valid_to is not None and link.valid_to <= today:
        return PAST
    return CURRENT


def _entries(rows, today: datetime.date) -> list[TimelineEntry]:
    entries = [
        TimelineEntry(kind, name, link.valid_from, link.valid_to, _state(link, today))
        for kind, name, link in rows
    ]
    order = {SCHEDULED: 0, CURRENT: 1, PAST: 2}
    return sorted(entries, key=lambda e: (order[e.state], -e.valid_from.toordinal(), e.name))


def region_timeline(region: Region, *, today: datetime.date) -> list[TimelineEntry]:
    """The region's centres, council areas and rota centres over time, scheduled first."""
    centres = CentreRegionLink.objects.filter(region=region).select_related("centre")
    councils = RegionLocalAuthority.objects.filter(region=region).select_related("local_authority")
    rotas = RotaCentreLink.objects.filter(rota__region=region).select_related("rota", "centre")
    return _entries(
        [("Hearing centre", link.centre.name, link) for link in centres]
        + [("Council area", link.local_authority.name, link) for link in councils]
        + [("Rota", f"{link.rota.name}: {link.centre.name}", link) for link in rotas],
        today,
    )


def centre_timeline(centre: HearingCentre, *, today: datetime.date) -> list[TimelineEntry]:
    """The centre's regions and rotas over time, scheduled first."""
    regions = CentreRegionLink.objects.filter(centre=centre).select_related("region")
    rotas = RotaCentreLink.objects.filter(centre=centre).select_related("rota")
    return _entries(
        [("Region", link.region.name, link) for link in regions]
        + [("Rota", link.rota.name, link) for link in rotas],
        today,
    )


def centre_status(timeline: list[TimelineEntry]) -> str:
    """'In East', 'Moving to West on 1 April 2027' when a region change is scheduled."""
    regions = [e for e in timeline if e.kind == "Region"]
    current = next((e.name for e in regions if e.state == CURRENT), None)
    coming = min(
        (e for e in regions if e.state == SCHEDULED), key=lambda e: e.valid_from, default=None
    )
    now = f"In {current}" if current else "In no region"
    if coming is None:
        return now
    return f"{now}; moving to {coming.name} on {coming.valid_from.day} {coming.valid_from:%B %Y}"
