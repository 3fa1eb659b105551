"""Training sessions: scheduling, enrolment with a waiting list, attendance and its grants."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from common.mail import queue_email
from volunteers.models import Region, User, Volunteer

from .. import selectors
from ..calendar import enrolment_ics
from ..models import CompetencyGrant, Course, Enrolment, TrainingSession
from ..selectors.eligibility import add_months


def valid_until_for(course: Course, granted_on: datetime.date) -> datetime.date | None:
    """The last day a grant from this course holds: validity months on, less a day."""
    if course.validity_months is None:
        return None
    return add_months(granted_on, course.validity_months) - datetime.timedelta(days=1)


@transaction.atomic
def schedule_session(
    *,
    course: Course,
    region: Region,
    starts_on: datetime.date,
    ends_on: datetime.date,
    trainer: User,
    capacity: int,
    by: User,
    venue: str = "",
    is_virtual: bool = False,
) -> TrainingSession:
    """Put a running of a course in the calendar."""
    errors = {}
    if ends_on < starts_on:
        errors["ends_on"] = "The last day must be on or after the first day."
    if not is_virtual and not venue.strip():
        errors["venue"] = "Give the venue, or say the session is online."
    if course.region_id and course.region_id != region.pk:
        errors["course"] = "That local course belongs to another region."
    if not course.is_active:
        errors["course"] = "That course is no longer offered."
    if errors:
        raise ValidationError(errors)
    return TrainingSession.objects.create(
        course=course,
        region=region,
        starts_on=starts_on,
        ends_on=ends_on,
        venue=venue.strip(),
        is_virtual=is_virtual,
        trainer=trainer,
        capacity=capacity,
        created_by=by,
    )


@transaction.atomic
def enrol_volunteer(
    *, session: TrainingSession, volunteer: Volunteer, by: User, self_enrolled: bool = False
) -> Enrolment:
    """Book a place, or a waiting-list place when the session is full."""
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    if session.status != TrainingSession.Status.SCHEDULED:
        raise ValidationError("This session is not taking bookings.")
    if self_enrolled and session.starts_on <= timezone.localdate():
        raise ValidationError("This session has already started.")
    missing = selectors.missing_prerequisites(volunteer, session.course, session.starts_on)
    if missing:
        raise ValidationError(f"Needs first: {', '.join(missing)}.")
    enrolment = Enrolment.objects.filter(session=session, volunteer=volunteer).first()
    if enrolment and enrolment.status != Enrolment.Status.CANCELLED:
        raise ValidationError("Already booked on this session.")
    booked = session.enrolments.filter(status=Enrolment.Status.BOOKED).count()
    status = Enrolment.Status.BOOKED if booked < session.capacity else Enrolment.Status.WAITING
    if enrolment is None:
        enrolment = Enrolment(session=session, volunteer=volunteer)
    enrolment.status = status
    enrolment.self_enrolled = self_enrolled
    enrolment.enrolled_by = by
    enrolment.created_at = timezone.now()
    enrolment.save()
    queue_email(
        to=volunteer.user.email,
        template="training/enrolled",
        context={"enrolment": enrolment, "session": session},
        ics=enrolment_ics(enrolment) if status == Enrolment.Status.BOOKED else None,
    )
    return enrolment


@transaction.atomic
def cancel_enrolment(*, enrolment: Enrolment, by: User) -> Enrolment | None:
    """Give up a place; the first on the waiting list is promoted. Returns who was promoted."""
    session = TrainingSession.objects.select_for_update().get(pk=enrolment.session_id)
    enrolment.refresh_from_db()
    if enrolment.status == Enrolment.Status.CANCELLED:
        raise ValidationError("This booking is already cancelled.")
    if enrolment.attendance != Enrolment.Attendance.UNMARKED:
        raise ValidationError("Attendance has been marked; the booking cannot be cancelled.")
    was_booked = enrolment.status == Enrolment.Status.BOOKED
    enrolment.status = Enrolment.Status.CANCELLED
    enrolment.save(update_fields=["status"])
    if not was_booked:
        return None
    return _promote_from_waiting_list(session)


def _promote_from_waiting_list(session: TrainingSession) -> Enrolment | None:
    booked = session.enrolments.filter(status=Enrolment.Status.BOOKED).count()
    if booked >= session.capacity:
        return None
    first = (
        session.enrolments.filter(status=Enrolment.Status.WAITING)
        .select_related("volunteer__user")
        .order_by("created_at", "pk")
        .first()
    )
    if first is None:
        return None
    first.status = Enrolment.Status.BOOKED
    first.save(update_fields=["status"])
    queue_email(
        to=first.volunteer.user.email,
        template="training/promoted",
        context={"enrolment": first, "session": session},
        ics=enrolment_ics(first),
    )
    return first


@transaction.atomic
def record_attendance(
    *, session: TrainingSession, marks: dict[int, tuple[str, str]], by: User
) -> int:
    """Mark attendance and outcome for many enrolments; attending grants the course's
    competencies (with the right expiry) unless the outcome is "not yet competent".

    `marks` maps enrolment id to (attendance, outcome). Returns the number of grants made.
    Re-marking is safe: grants from an enrolment are replaced, never duplicated.
    """
    session = (
        TrainingSession.objects.select_for_update().select_related("course").get(pk=session.pk)
    )
    if session.status == TrainingSession.Status.CANCELLED:
        raise ValidationError("This session was cancelled.")
    if session.starts_on > timezone.localdate():
        raise ValidationError("Attendance can be marked once the session has started.")
    enrolments = {
        e.pk: e
        for e in session.enrolments.filter(status=Enrolment.Status.BOOKED).select_related(
            "volunteer"
        )
    }
    unknown = set(marks) - set(enrolments)
    if unknown:
        raise ValidationError("Some of those people are not booked on this session.")
    competencies = list(session.course.grants.all())
    framework = selectors.live_framework()
    valid_until = valid_until_for(session.course, session.ends_on)
    now = timezone.now()
    granted = 0
    for enrolment_id, (attendance, outcome) in marks.items():
        if attendance not in Enrolment.Attendance.values:
            raise ValidationError(f"Unknown attendance: {attendance}")
        if outcome not in Enrolment.Outcome.values:
            raise ValidationError(f"Unknown outcome: {outcome}")
        enrolment = enrolments[enrolment_id]
        enrolment.attendance = attendance
        enrolment.outcome = outcome if attendance == Enrolment.Attendance.ATTENDED else ""
        enrolment.marked_by = by
        enrolment.marked_at = now
        enrolment.save(update_fields=["attendance", "outcome", "marked_by", "marked_at"])
        # Replace rather than add, so correcting a mark never leaves a stray grant.
        for old in CompetencyGrant.objects.filter(enrolment=enrolment):
            old.delete()
        if attendance == Enrolment.Attendance.ATTENDED and outcome != Enrolment.Outcome.NOT_YET:
            for competency in competencies:
                CompetencyGrant.objects.create(
                    volunteer=enrolment.volunteer,
                    competency=competency,
                    framework=framework,
                    granted_on=session.ends_on,
                    valid_until=valid_until,
                    source=CompetencyGrant.Source.COURSE,
                    enrolment=enrolment,
                    evidence=f"Attended {session}",
                    granted_by=by,
                )
                granted += 1
    if all(e.attendance != Enrolment.Attendance.UNMARKED for e in enrolments.values()):
        session.status = TrainingSession.Status.COMPLETED
        session.save(update_fields=["status"])
    return granted


@transaction.atomic
def cancel_session(*, session: TrainingSession, by: User) -> TrainingSession:
    """Call off a session and tell everyone booked or waiting."""
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    if session.status != TrainingSession.Status.SCHEDULED:
        raise ValidationError("Only a scheduled session can be cancelled.")
    session.status = TrainingSession.Status.CANCELLED
    session.save(update_fields=["status"])
    people = session.enrolments.exclude(status=Enrolment.Status.CANCELLED).select_related(
        "volunteer__user"
    )
    for enrolment in people:
        booked = enrolment.status == Enrolment.Status.BOOKED
        queue_email(
            to=enrolment.volunteer.user.email,
            template="training/session_cancelled",
            context={"session": session},
            # Only a booked place is in their calendar, so only it needs cancelling there.
            ics=enrolment_ics(enrolment) if booked else None,
        )
    return session
