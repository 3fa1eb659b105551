"""Sessions in: the Reporter's schedule imported or edited by hand."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from volunteers.models import CentreRegionLink, User

from ..emails import email_sittings
from ..models import Assignment, Hearing, ScheduleImport, Session

# A change to any of these moves the sitting: its panel must be drawn again.
MOVING_FIELDS = ("centre_id", "date", "half")
# A change to any of these is worth telling the panel about.
MATERIAL_FIELDS = ("start_time", "mode")


def region_for(centre, day: datetime.date):
    """The centre's region on the day, or a validation error if it had none."""
    link = CentreRegionLink.objects.on(day).filter(centre=centre).select_related("region").first()
    if link is None:
        raise ValidationError({"centre": f"{centre} had no region on {day:%d %B %Y}."})
    return link.region


def _active(session):
    return list(
        session.assignments.filter(
            status__in=[Assignment.Status.DRAFT, Assignment.Status.PUBLISHED]
        ).select_related("volunteer__user", "session__centre")
    )


def _apply_changes(*, session: Session, values: dict, hearings: list, by: User) -> str:
    """Write one session's new values; returns "created", "updated", "flagged" or "unchanged"."""
    creating = session.pk is None
    before = {f: getattr(session, f) for f in (*MOVING_FIELDS, *MATERIAL_FIELDS)}
    before_all = {} if creating else {n: getattr(session, n) for n in values}
    old_hearings = (
        []
        if creating
        else [(h.case_reference, h.local_authority_id) for h in session.hearings.all()]
    )
    for name, value in values.items():
        setattr(session, name, value)
    session.region = region_for(session.centre, session.date)
    new_hearings = [(case, la.pk) for case, la in hearings]
    moved = not creating and any(before[f] != getattr(session, f) for f in MOVING_FIELDS)
    material = not creating and any(before[f] != getattr(session, f) for f in MATERIAL_FIELDS)
    was_cancelled = not creating and session.status == Session.Status.CANCELLED
    if creating:
        session.created_by = by
    changed = (
        creating
        or moved
        or material
        or was_cancelled
        or old_hearings != new_hearings
        or any(before_all[n] != values[n] for n in values)
    )
    if not changed:
        return "unchanged"
    session.status = Session.Status.SCHEDULED
    result = "created" if creating else "updated"
    active = [] if creating else _active(session)
    if moved and active:
        # The panel was drawn for another place or time: release it and say so.
        session.needs_review = True
        session.change_note = "Moved by the Reporter after the panel was drawn; draw it again."
        for a in active:
            _end_assignment(
                a, Assignment.Status.CANCELLED, by=by, notify_template="sitting_cancelled"
            )
        result = "flagged"
    elif material and active:
        session.needs_review = True
        session.change_note = "Start time or format changed after the panel was drawn."
        for a in active:
            a.sequence += 1
            a.save(update_fields=["sequence", "updated_at"])
        result = "flagged"
    session.save()
    if old_hearings != new_hearings:
        session.hearings.all().delete()
        Hearing.objects.bulk_create(
            Hearing(session=session, position=i, case_reference=case, local_authority=la)
            for i, (case, la) in enumerate(hearings, start=1)
        )
    if material and active:
        for a in active:
            if a.status == Assignment.Status.PUBLISHED:
                email_sittings(
                    volunteer=a.volunteer,
                    assignments=[a],
                    template="sitting_changed",
                )
    return result


def _end_assignment(assignment, status, *, by, notify_template=None):
    was_published = assignment.status == Assignment.Status.PUBLISHED
    if not was_published:
        assignment.delete()
        return
    assignment.status = status
    assignment.sequence += 1
    assignment.save(update_fields=["status", "sequence", "updated_at"])
    if notify_template:
        email_sittings(
            volunteer=assignment.volunteer,
            assignments=[assignment],
            template=notify_template,
        )


@transaction.atomic
def save_session(
    *,
    session: Session | None,
    by: User,
    centre,
    date,
    half,
    start_time,
    mode,
    pre_hearing_panel: bool,
    reference: str,
    hearings: list,
) -> Session:
    """Add or edit a session by hand (hearings: [(case reference, local authority)])."""
    session = session or Session()
    clash = Session.objects.filter(reference=reference).exclude(pk=session.pk).exists()
    if clash:
        raise ValidationError({"reference": "Another session already has this reference."})
    if session.pk:
        session = Session.objects.select_for_update().get(pk=session.pk)
    _apply_changes(
        session=session,
        values={
            "reference": reference,
            "centre": centre,
            "date": date,
            "half": half,
            "start_time": start_time,
            "mode": mode,
            "pre_hearing_panel": pre_hearing_panel,
        },
        hearings=hearings,
        by=by,
    )
    return session


@transaction.atomic
def cancel_session(*, session: Session, by: User) -> Session:
    """Cancel a session; its members are told and their calendars show the cancellation."""
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.status == Session.Status.CANCELLED:
        return session
    for a in _active(session):
        _end_assignment(a, Assignment.Status.CANCELLED, by=by, notify_template="sitting_cancelled")
    session.status = Session.Status.CANCELLED
    session.save(update_fields=["status", "updated_at"])
    return session


@transaction.atomic
def cancel_missing_sessions(*, schedule_import: ScheduleImport, by: User) -> int:
    """Cancel the sessions a re-import found missing, once an administrator has confirmed."""
    schedule_import = ScheduleImport.objects.select_for_update().get(pk=schedule_import.pk)
    if schedule_import.missing_cancelled_at is not None:
        raise ValidationError("These sessions have already been cancelled.")
    refs = schedule_import.summary.get("missing", [])
    count = 0
    for session in Session.objects.filter(reference__in=refs, status=Session.Status.SCHEDULED):
        cancel_session(session=session, by=by)
        count += 1
    schedule_import.missing_cancelled_at = timezone.now()
    schedule_import.save(update_fields=["missing_cancelled_at"])
    return count
