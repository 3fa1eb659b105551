"""Reads for pages, one module per area; organisation reads are re-exported for brevity."""

from .organisation import (
    centres_with_current_region,
    people_list,
    region_detail,
    regions_with_counts,
    role_history,
)
from .timeline import centre_status, centre_timeline, region_timeline

__all__ = [
    "centre_status",
    "centre_timeline",
    "region_timeline",
    "centres_with_current_region",
    "people_list",
    "region_detail",
    "regions_with_counts",
    "role_history",
]
