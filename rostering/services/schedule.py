"""The Reporter's schedule applied in bulk: matched first, then written all at once.

A national year is about 8,750 sessions and 21,600 hearings in one file. Matching the rows to
the sessions already held is most of the work, and it writes nothing, so it runs outside any
transaction: the Job's progress commits as it goes and the page sees it move (a second
connection could not do that on SQLite, whose writer lock would block it). The writes then go
in one short all-or-nothing transaction of bulk inserts and updates; a session someone changed
between the two is matched again inside it, under lock. The number of queries does not grow
with the rows, except where the database splits a bulk statement into batches and for the
emails to members whose sittings a change touches.
"""

import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone

from volunteers.models import CentreRegionLink, User

from ..emails import email_sittings
from ..models import Assignment, Hearing, ScheduleImport, Session
from .sessions import MATERIAL_FIELDS, MOVING_FIELDS, _end_assignment

# Fields an import sets on an existing session; the rest (seats, the single-sex reason) stay.
UPDATE_FIELDS = [
    "centre",
    "region",
    "date",
    "half",
    "start_time",
    "mode",
    "pre_hearing_panel",
    "status",
    "needs_review",
    "change_note",
    "updated_at",
]
# bulk_update writes one CASE WHEN per field with a branch per row; small batches keep each
# statement cheap to plan.
UPDATE_BATCH = 500


def _in_list_size() -> int:
    """How many values one `IN (...)` may carry: SQLite's compiled limit, else plenty."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        return connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) - 10
    return 10_000


def _chunks(values: list):
    size = _in_list_size()
    for start in range(0, len(values), size):
        yield values[start : start + size]


class RegionLookup:
    """The centres' dated region links, read once; each (centre, day) resolved once."""

    def __init__(self, centre_ids):
        self._links = defaultdict(list)
        for link in CentreRegionLink.objects.filter(centre_id__in=list(centre_ids)):
            self._links[link.centre_id].append(link)
        self._days: dict = {}

    def region_id(self, centre_id: int, day) -> int | None:
        key = (centre_id, day)
        if key not in self._days:
            self._days[key] = next(
                (
                    link.region_id
                    for link in self._links[centre_id]
                    if link.valid_from <= day and (link.valid_to is None or day < link.valid_to)
                ),
                None,
            )
        return self._days[key]


@dataclass
class SchedulePlan:
    """What an import would do: rows matched to sessions, nothing written yet."""

    rows: list
    regions: RegionLookup
    errors: list = field(default_factory=list)
    # reference -> the session held now, as matched (its updated_at tells a later change)
    existing: dict = field(default_factory=dict)
    # session pk -> [(case reference, local authority id)] in position order
    hearings: dict = field(default_factory=dict)
    new: list = field(default_factory=list)
    changed: list = field(default_factory=list)
    unchanged: int = 0

    @property
    def snapshot(self) -> dict:
        return {ref: (s.pk, s.updated_at) for ref, s in self.existing.items()}


def _row_hearings(row) -> list[tuple[str, int]]:
    return [(case, la.pk) for case, la in zip(row.cases, row.local_authorities, strict=True)]


def _differs(session: Session, row, hearings: list) -> bool:
    return (
        session.centre_id != row.centre.pk
        or session.date != row.date
        or session.half != row.half
        or session.start_time != row.start_time
        or session.mode != row.mode
        or session.pre_hearing_panel != row.pre_hearing_panel
        or session.status == Session.Status.CANCELLED
        or hearings != _row_hearings(row)
    )


def match_schedule(*, rows: list, progress=None, regions: RegionLookup | None = None):
    """Match validated rows to the sessions held now; writes nothing (run it outside a
    transaction so progress commits). Rows whose centre had no region that day are errors.

    `progress(done, total)` hears about every twentieth of the rows.
    """
    regions = regions or RegionLookup({r.centre.pk for r in rows})
    plan = SchedulePlan(rows=rows, regions=regions)
    plan.errors = [
        {
            "row": r.row,
            "column": "Hearing centre",
            "message": f"{r.centre.name} belonged to no region on {r.date:%d %B %Y}.",
        }
        for r in rows
        if regions.region_id(r.centre.pk, r.date) is None
    ]
    if plan.errors:
        return plan
    for chunk in _chunks([r.reference for r in rows]):
        plan.existing.update((s.reference, s) for s in Session.objects.filter(reference__in=chunk))
    hearings = defaultdict(list)
    for chunk in _chunks([s.pk for s in plan.existing.values()]):
        for session_id, case, la_id in (
            Hearing.objects.filter(session_id__in=chunk)
            .order_by("session_id", "position")
            .values_list("session_id", "case_reference", "local_authority_id")
        ):
            hearings[session_id].append((case, la_id))
    plan.hearings = hearings
    every = max(1, len(rows) // 20)
    for index, row in enumerate(rows, start=1):
        session = plan.existing.get(row.reference)
        if session is None:
            plan.new.append(row)
        elif _differs(session, row, hearings.get(session.pk, [])):
            plan.changed.append(row)
        else:
            plan.unchanged += 1
        if progress and index % every == 0:
            progress(index, len(rows))
    return plan


def _new_session(row, *, region_id: int, by: User) -> Session:
    return Session(
        reference=row.reference,
        centre_id=row.centre.pk,
        region_id=region_id,
        date=row.date,
        half=row.half,
        start_time=row.start_time,
        mode=row.mode,
        pre_hearing_panel=row.pre_hearing_panel,
        status=Session.Status.SCHEDULED,
        created_by=by,
    )


def _active_assignments(session_ids: list) -> dict:
    active = defaultdict(list)
    for chunk in _chunks(session_ids):
        for a in Assignment.objects.filter(
            session_id__in=chunk,
            status__in=[Assignment.Status.DRAFT, Assignment.Status.PUBLISHED],
        ).select_related("volunteer__user", "session__centre"):
            active[a.session_id].append(a)
    return active


def _locked_snapshot(references: list) -> dict:
    snapshot = {}
    for chunk in _chunks(references):
        snapshot.update(
            (ref, (pk, updated_at))
            for ref, pk, updated_at in Session.objects.select_for_update()
            .filter(reference__in=chunk)
            .values_list("reference", "pk", "updated_at")
        )
    return snapshot


def _apply_changed(plan: SchedulePlan, *, by: User, now) -> tuple[list, list, list, list, list]:
    """Set the changed sessions' new values; release or re-sequence panels they touch.

    Returns (sessions to update, pks whose hearings change, updated refs, flagged refs,
    published sittings whose members are told of the change once the rows are written).
    """
    before = {}
    for row in plan.changed:
        session = plan.existing[row.reference]
        before[row.reference] = {f: getattr(session, f) for f in (*MOVING_FIELDS, *MATERIAL_FIELDS)}
    touched = [
        plan.existing[row.reference].pk
        for row in plan.changed
        if before[row.reference]
        != {
            "centre_id": row.centre.pk,
            "date": row.date,
            "half": row.half,
            "start_time": row.start_time,
            "mode": row.mode,
        }
    ]
    active = _active_assignments(touched)
    sessions, rehear, updated, flagged, to_email = [], [], [], [], []
    for row in plan.changed:
        session = plan.existing[row.reference]
        if plan.hearings.get(session.pk, []) != _row_hearings(row):
            rehear.append(session.pk)
        session.centre = row.centre
        session.region_id = plan.regions.region_id(row.centre.pk, row.date)
        session.date = row.date
        session.half = row.half
        session.start_time = row.start_time
        session.mode = row.mode
        session.pre_hearing_panel = row.pre_hearing_panel
        session.status = Session.Status.SCHEDULED
        session.updated_at = now
        was = before[row.reference]
        moved = any(was[f] != getattr(session, f) for f in MOVING_FIELDS)
        material = any(was[f] != getattr(session, f) for f in MATERIAL_FIELDS)
        panel = active.get(session.pk, [])
        if moved and panel:
            # The panel was drawn for another place or time: release it and say so.
            session.needs_review = True
            session.change_note = "Moved by the Reporter after the panel was drawn; draw it again."
            for a in panel:
                _end_assignment(
                    a, Assignment.Status.CANCELLED, by=by, notify_template="sitting_cancelled"
                )
            flagged.append(row.reference)
        elif material and panel:
            session.needs_review = True
            session.change_note = "Start time or format changed after the panel was drawn."
            for a in panel:
                a.sequence += 1
                a.save(update_fields=["sequence", "updated_at"])
                if a.status == Assignment.Status.PUBLISHED:
                    a.session = session  # the email tells the new time, not the old one
                    to_email.append(a)
            flagged.append(row.reference)
        else:
            updated.append(row.reference)
        sessions.append(session)
    return sessions, rehear, updated, flagged, to_email


# New sessions go in chunks of this many rows (with their hearings), progress after each.
WRITE_CHUNK = 2_000


def _hearings_for(rows: list, sessions: dict) -> list[Hearing]:
    return [
        Hearing(
            session_id=sessions[row.reference].pk,
            position=i,
            case_reference=case,
            local_authority_id=la.pk,
        )
        for row in rows
        for i, (case, la) in enumerate(zip(row.cases, row.local_authorities, strict=True), start=1)
    ]


def apply_schedule(
    *, schedule_import: ScheduleImport, plan: SchedulePlan, by: User, progress=None
) -> dict:
    """Write a matched schedule in one transaction: all of it, or (on any error) nothing.

    Sessions at the file's centres within its dates that the file no longer lists are
    reported as missing; `cancel_missing_sessions` cancels them once confirmed.
    `progress(done, total)` hears after each chunk of rows written (it runs inside the
    transaction: write it over another connection for anyone to see it).
    """
    rows = plan.rows
    with transaction.atomic():
        if _locked_snapshot([r.reference for r in rows]) != plan.snapshot:
            # Someone saved one of these sessions since the match: match again, under lock.
            plan = match_schedule(rows=rows, regions=plan.regions)
        total = len(plan.new) + len(plan.changed)
        created = []
        for start in range(0, len(plan.new), WRITE_CHUNK):
            chunk = plan.new[start : start + WRITE_CHUNK]
            sessions = Session.objects.bulk_create(
                _new_session(r, region_id=plan.regions.region_id(r.centre.pk, r.date), by=by)
                for r in chunk
            )
            if any(s.pk is None for s in sessions):  # databases that cannot return new ids
                ids = dict(
                    Session.objects.filter(
                        reference__in=[s.reference for s in sessions]
                    ).values_list("reference", "pk")
                )
                for s in sessions:
                    s.pk = ids[s.reference]
            Hearing.objects.bulk_create(_hearings_for(chunk, {s.reference: s for s in sessions}))
            created += sessions
            if progress:
                progress(len(created), total)
        changed, rehear, updated, flagged, to_email = _apply_changed(
            plan, by=by, now=timezone.now()
        )
        Session.objects.bulk_update(changed, UPDATE_FIELDS, batch_size=UPDATE_BATCH)
        for chunk in _chunks(rehear):
            Hearing.objects.filter(session_id__in=chunk).delete()
        rehear_ids = set(rehear)
        by_reference = {s.reference: s for s in changed if s.pk in rehear_ids}
        Hearing.objects.bulk_create(
            _hearings_for([r for r in plan.changed if r.reference in by_reference], by_reference)
        )
        if progress and changed:
            progress(total, total)
        for a in to_email:
            email_sittings(volunteer=a.volunteer, assignments=[a], template="sitting_changed")
        summary = {
            "created": [s.reference for s in created],
            "updated": updated,
            "flagged": flagged,
            "unchanged": plan.unchanged,
            "missing": _missing(rows),
        }
        schedule_import.summary = summary
        schedule_import.status = ScheduleImport.Status.APPLIED
        schedule_import.errors = []
        schedule_import.save(update_fields=["summary", "status", "errors"])
    return summary


def _missing(rows: list) -> list[str]:
    """Scheduled sessions at the file's centres within its dates that it no longer lists."""
    if not rows:
        return []
    listed = {r.reference for r in rows}
    return [
        ref
        for ref in Session.objects.filter(
            status=Session.Status.SCHEDULED,
            date__range=(min(r.date for r in rows), max(r.date for r in rows)),
            centre__in=list({r.centre.pk for r in rows}),
        )
        .order_by("date", "half", "reference")
        .values_list("reference", flat=True)
        if ref not in listed
    ]
