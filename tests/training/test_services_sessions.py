"""Sessions: scheduling, enrolment with a waiting list, attendance and its grants."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.factories import VolunteerFactory
from tests.training.factories import course, grant
from training import services
from training.models import CompetencyGrant, Enrolment, TrainingSession
from training.selectors import can_chair

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def test_scheduling_needs_a_venue_unless_online(east, trainer_east):
    with pytest.raises(ValidationError) as error:
        services.schedule_session(
            course=course("mandatory"),
            region=east,
            starts_on=TODAY,
            ends_on=TODAY,
            trainer=trainer_east,
            capacity=10,
            by=trainer_east,
        )
    assert error.value.message_dict == {"venue": ["Give the venue, or say the session is online."]}
    session = services.schedule_session(
        course=course("mandatory"),
        region=east,
        starts_on=TODAY,
        ends_on=TODAY,
        trainer=trainer_east,
        capacity=10,
        is_virtual=True,
        by=trainer_east,
    )
    assert session.where == "Online"


def test_a_full_session_puts_people_on_the_waiting_list_and_promotes_them(
    future_session, trainer_east, east, django_capture_on_commit_callbacks
):
    first = VolunteerFactory(home_region=east)
    second = VolunteerFactory(home_region=east)
    with django_capture_on_commit_callbacks(execute=True):
        booked = services.enrol_volunteer(session=future_session, volunteer=first, by=trainer_east)
        waiting = services.enrol_volunteer(
            session=future_session, volunteer=second, by=trainer_east
        )
    assert (booked.status, waiting.status) == ("booked", "waiting")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        promoted = services.cancel_enrolment(enrolment=booked, by=trainer_east)
    assert promoted == waiting
    waiting.refresh_from_db()
    assert waiting.status == "booked"
    assert [m.to for m in mail.outbox] == [[second.user.email]]
    assert "A place has come free" in mail.outbox[0].subject


def test_enrolling_needs_the_prerequisites(east_session, trained_member, trainer_east):
    east_session.starts_on = east_session.ends_on = TODAY + datetime.timedelta(days=5)
    east_session.save()
    trained_member.competency_grants.filter(competency__key="module-2").delete()
    with pytest.raises(ValidationError) as error:
        services.enrol_volunteer(session=east_session, volunteer=trained_member, by=trainer_east)
    assert error.value.messages == ["Needs first: Module 2 (Making decisions in hearings)."]


def test_enrolling_twice_is_refused(future_session, trained_member, trainer_east):
    services.enrol_volunteer(session=future_session, volunteer=trained_member, by=trainer_east)
    with pytest.raises(ValidationError):
        services.enrol_volunteer(session=future_session, volunteer=trained_member, by=trainer_east)


def test_attending_grants_the_course_competencies_and_chair_eligibility(
    east_session, trained_member, trainer_east
):
    enrolment = Enrolment.objects.create(session=east_session, volunteer=trained_member)
    assert not can_chair(trained_member, on=TODAY)
    granted = services.record_attendance(
        session=east_session, marks={enrolment.pk: ("attended", "passed")}, by=trainer_east
    )
    assert granted == 1
    grant_row = CompetencyGrant.objects.get(enrolment=enrolment)
    assert (grant_row.competency.key, grant_row.granted_on, grant_row.valid_until) == (
        "module-3",
        east_session.ends_on,
        None,
    )
    assert can_chair(trained_member, on=TODAY)
    east_session.refresh_from_db()
    assert east_session.status == TrainingSession.Status.COMPLETED


def test_a_course_with_validity_grants_until_the_day_before_the_anniversary(
    east, trainer_east, trained_member
):
    session = TrainingSession.objects.create(
        course=course("mandatory"),
        region=east,
        starts_on=datetime.date(2026, 3, 31),
        ends_on=datetime.date(2026, 3, 31),
        venue="Room 1",
        trainer=trainer_east,
        capacity=5,
    )
    enrolment = Enrolment.objects.create(session=session, volunteer=trained_member)
    services.record_attendance(
        session=session, marks={enrolment.pk: ("attended", "passed")}, by=trainer_east
    )
    assert CompetencyGrant.objects.get(enrolment=enrolment).valid_until == datetime.date(
        2029, 3, 30
    )


def test_re_marking_absent_removes_the_grant(east_session, trained_member, trainer_east):
    enrolment = Enrolment.objects.create(session=east_session, volunteer=trained_member)
    services.record_attendance(
        session=east_session, marks={enrolment.pk: ("attended", "passed")}, by=trainer_east
    )
    services.record_attendance(
        session=east_session, marks={enrolment.pk: ("absent", "")}, by=trainer_east
    )
    assert not CompetencyGrant.objects.filter(enrolment=enrolment).exists()
    assert not can_chair(trained_member, on=TODAY)


def test_not_yet_competent_grants_nothing(east_session, trained_member, trainer_east):
    enrolment = Enrolment.objects.create(session=east_session, volunteer=trained_member)
    assert (
        services.record_attendance(
            session=east_session, marks={enrolment.pk: ("attended", "not_yet")}, by=trainer_east
        )
        == 0
    )


def test_attendance_cannot_be_marked_before_the_session(future_session, trainer_east, member):
    enrolment = Enrolment.objects.create(session=future_session, volunteer=member.volunteer)
    with pytest.raises(ValidationError):
        services.record_attendance(
            session=future_session, marks={enrolment.pk: ("attended", "passed")}, by=trainer_east
        )


def test_cancelling_a_session_tells_everyone(
    future_session, trainer_east, member, django_capture_on_commit_callbacks
):
    Enrolment.objects.create(session=future_session, volunteer=member.volunteer)
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_session(session=future_session, by=trainer_east)
    assert [m.to for m in mail.outbox] == [[member.email]]
    assert mail.outbox[0].alternatives[0][1] == "text/html"


def test_a_signed_off_competency_needs_evidence(trained_member, trainer_east):
    with pytest.raises(ValidationError):
        services.sign_off_competency(
            volunteer=trained_member,
            competency=grant(trained_member, "chairing").competency,
            granted_on=TODAY,
            by=trainer_east,
        )
