"""Sessions follow organisation changes: re-homed into the region their centre is in on the day.

Registered with `volunteers.carry_forward` (see `RosteringConfig.ready`), so every merge,
redraw or centre move re-homes the sessions already imported for its effective date onwards,
inside the same transaction. Draft sittings stay on their sessions; the draft runs and open
periods of the region the sessions left are flagged, and a session with a published sitting
is flagged for the rota manager to confirm.
"""

import datetime
from collections import Counter, defaultdict

from django.db.models import Q

from volunteers.carry_forward import CarriedForward
from volunteers.models import CentreRegionLink, Region, User

from ..models import Assignment, RotaPeriod, RotaRun, Session


def _region_by_day(centre_ids, since: datetime.date) -> dict[int, list]:
    links = CentreRegionLink.objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=since), centre_id__in=centre_ids
    ).values_list("centre_id", "region_id", "valid_from", "valid_to")
    by_centre: dict[int, list] = defaultdict(list)
    for centre_id, region_id, start, end in links:
        by_centre[centre_id].append((start, end, region_id))
    return by_centre


def _region_on(links: list, day: datetime.date) -> int | None:
    for start, end, region_id in links:
        if start <= day and (end is None or day < end):
            return region_id
    return None


def _sittings(sessions: list[Session]) -> dict[int, Counter]:
    counts: dict[int, Counter] = defaultdict(Counter)
    rows = Assignment.objects.filter(
        session__in=sessions, status__in=[Assignment.Status.DRAFT, Assignment.Status.PUBLISHED]
    ).values_list("session_id", "status")
    for session_id, status in rows:
        counts[session_id][status] += 1
    return counts


def rehome_sessions(*, since: datetime.date, by: User | None) -> CarriedForward:
    """Give every session on or after `since` the region its centre is in on its date."""
    sessions = list(Session.objects.filter(date__gte=since).select_related("centre"))
    links = _region_by_day({s.centre_id for s in sessions}, since)
    moved: list[tuple[Session, int]] = []
    for session in sessions:
        region_id = _region_on(links[session.centre_id], session.date)
        if region_id is not None and region_id != session.region_id:
            moved.append((session, session.region_id))
            session.region_id = region_id
    report = CarriedForward()
    if not moved:
        return report
    names = dict(Region.objects.values_list("pk", "name"))
    sittings = _sittings([s for s, _ in moved])
    for session, old in moved:
        counts = sittings[session.pk]
        report.draft_sittings += counts[Assignment.Status.DRAFT]
        report.published_sittings += counts[Assignment.Status.PUBLISHED]
        report.by_centre[session.centre.name] = report.by_centre.get(session.centre.name, 0) + 1
        if counts[Assignment.Status.PUBLISHED]:
            session.needs_review = True
            session.change_note = (
                f"Now in {names[session.region_id]} (was {names[old]}) after an organisation "
                "change: confirm the panel."
            )[:300]
            report.flagged_sessions.append(str(session))
    Session.objects.bulk_update(
        [s for s, _ in moved], ["region", "needs_review", "change_note", "updated_at"]
    )
    dates = [s.date for s, _ in moved]
    report.sessions, report.first, report.last = len(moved), min(dates), max(dates)
    _flag_plans(report, moved, names)
    return report


def _flag_plans(report: CarriedForward, moved: list[tuple[Session, int]], names: dict) -> None:
    """Flag the open periods and draft runs of the regions the sessions left."""
    left: dict[int, list[datetime.date]] = defaultdict(list)
    for session, old in moved:
        left[old].append(session.date)
    for region_id, dates in left.items():
        note = (
            f"Sessions from {min(dates):%d %b %Y} moved out of {names[region_id]} after an "
            "organisation change; run the rota again."
        )
        periods = list(
            RotaPeriod.objects.filter(
                region_id=region_id, start__lte=max(dates), end__gte=min(dates)
            ).select_related("region")
        )
        report.periods += [str(p) for p in periods]
        RotaPeriod.objects.filter(pk__in=[p.pk for p in periods]).update(change_note=note)
        runs = list(
            RotaRun.objects.filter(period__in=periods, status=RotaRun.Status.DRAFT).select_related(
                "period__region"
            )
        )
        report.draft_runs += [str(r) for r in runs]
        RotaRun.objects.filter(pk__in=[r.pk for r in runs]).update(change_note=note)
