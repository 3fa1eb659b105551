"""Rota reports per region and period: fill, mixed and local rates, cover, and sittings per
member against their commitment. Read-only, in a fixed number of queries."""

import datetime
import statistics
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch

from common.charts import Series, bar_chart
from volunteers.models import Volunteer, VolunteerStatus

from .instances import DEFAULT_TARGET_PER_MONTH
from .models import Assignment, CoverRequest, Session


@dataclass
class RegionRow:
    region: str
    sessions: int = 0
    complete: int = 0
    mixed: int = 0
    seats: int = 0
    local: int = 0

    @property
    def fill_rate(self) -> int:
        return round(100 * self.complete / self.sessions) if self.sessions else 0

    @property
    def mixed_rate(self) -> int:
        return round(100 * self.mixed / self.complete) if self.complete else 0

    @property
    def local_rate(self) -> int:
        return round(100 * self.local / self.seats) if self.seats else 0


@dataclass
class Report:
    start: datetime.date
    end: datetime.date
    regions: list[RegionRow] = field(default_factory=list)
    total: RegionRow | None = None
    cover_requests: int = 0
    cover_filled: int = 0
    cover_median_hours: float | None = None
    members: list[dict] = field(default_factory=list)
    below_minimum: list[dict] = field(default_factory=list)
    fill_chart: dict = field(default_factory=dict)


def rota_report(*, regions, start: datetime.date, end: datetime.date, minimum_per_month: Decimal):
    """The report for the regions (a queryset) between two dates."""
    months = Decimal((end - start).days + 1) / Decimal("30.44")
    published = Prefetch(
        "assignments",
        queryset=Assignment.objects.filter(status=Assignment.Status.PUBLISHED).select_related(
            "volunteer"
        ),
        to_attr="published",
    )
    sessions = (
        Session.objects.filter(
            region__in=regions, date__range=(start, end), status=Session.Status.SCHEDULED
        )
        .select_related("region")
        .prefetch_related(published, "hearings")
    )
    rows: dict[str, RegionRow] = {}
    total = RegionRow(region="All regions")
    sittings: Counter = Counter()
    for s in sessions:
        row = rows.setdefault(s.region.name, RegionRow(region=s.region.name))
        members = s.published
        councils = {h.local_authority_id for h in s.hearings.all()}
        complete = len(members) == s.seats and sum(a.is_chair for a in members) == 1
        mixed = complete and len({a.volunteer.sex for a in members}) == 2
        local = sum(
            1
            for a in members
            if {a.volunteer.home_local_authority_id, a.volunteer.work_local_authority_id} & councils
        )
        for r in (row, total):
            r.sessions += 1
            r.complete += complete
            r.mixed += mixed
            r.seats += len(members)
            r.local += local
        for a in members:
            sittings[a.volunteer_id] += 1
    report = Report(start=start, end=end, regions=sorted(rows.values(), key=lambda r: r.region))
    report.total = total
    report.fill_chart = bar_chart(
        [{"label": r.region, "value": r.fill_rate} for r in report.regions],
        chart_id="fill",
        title="Full panels by region (per cent)",
        label_heading="Region",
        series=[Series("value", "Full panels (%)")],
    )

    cover = CoverRequest.objects.filter(
        session__region__in=regions, created_at__date__range=(start, end)
    ).values_list("created_at", "filled_at")
    hours = []
    for created, filled in cover:
        report.cover_requests += 1
        if filled:
            report.cover_filled += 1
            hours.append((filled - created).total_seconds() / 3600)
    report.cover_median_hours = round(statistics.median(hours), 1) if hours else None

    people = Volunteer.objects.filter(
        home_region__in=regions, status=VolunteerStatus.SERVING
    ).select_related("user", "home_region", "sitting_preference")
    for v in people:
        pref = getattr(v, "sitting_preference", None)
        target = (pref.target_per_month if pref else DEFAULT_TARGET_PER_MONTH) * months
        entry = {
            "name": v.user.get_full_name() or v.user.email,
            "region": v.home_region.name,
            "sittings": sittings[v.pk],
            "commitment": round(target, 1),
        }
        report.members.append(entry)
        if sittings[v.pk] < round(minimum_per_month * months, 1):
            report.below_minimum.append(entry)
    report.members.sort(key=lambda e: (e["region"], e["name"]))
    report.below_minimum.sort(key=lambda e: (e["sittings"], e["name"]))
    return report


def member_rows(report: Report) -> list[list]:
    return [[m["name"], m["region"], m["sittings"], float(m["commitment"])] for m in report.members]
