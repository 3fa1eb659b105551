"""The happy paths through the training pages, and query counts on the lists."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from common.models import Job
from tests.factories import VolunteerFactory
from tests.training.factories import (
    EnrolmentFactory,
    ObservationFactory,
    TrainingSessionFactory,
    competency,
    course,
    grant,
    make_sitting_member,
)
from training import services
from training.models import (
    AwardExtension,
    CompetencyGrant,
    CompetencyStandard,
    Enrolment,
    Framework,
    Observation,
    PracticeReview,
    TrainingSession,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _date(day):
    return day.strftime("%d/%m/%Y")


# --- Trainers ----------------------------------------------------------------------------


def test_a_trainer_schedules_a_session(client_for, trainer_east, east):
    response = client_for(trainer_east).post(
        reverse("training:session_new"),
        {
            "course": course("mandatory").pk,
            "region": east.pk,
            "starts_on": _date(TODAY + datetime.timedelta(days=10)),
            "ends_on": _date(TODAY + datetime.timedelta(days=10)),
            "venue": "Leith training room",
            "trainer": trainer_east.pk,
            "capacity": 8,
        },
    )
    session = TrainingSession.objects.get()
    assert response.status_code == 302
    assert (session.region, session.capacity, session.created_by) == (east, 8, trainer_east)


def test_scheduling_errors_are_shown_and_nothing_is_lost(client_for, trainer_east, east):
    response = client_for(trainer_east).post(
        reverse("training:session_new"),
        {
            "course": course("mandatory").pk,
            "region": east.pk,
            "starts_on": _date(TODAY),
            "ends_on": _date(TODAY - datetime.timedelta(days=1)),
            "venue": "Leith training room",
            "trainer": trainer_east.pk,
            "capacity": 8,
        },
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "The last day must be on or after the first day." in content
    assert 'value="Leith training room"' in content
    assert not TrainingSession.objects.exists()


def test_a_trainer_cannot_schedule_in_another_region(client_for, trainer_east, west):
    response = client_for(trainer_east).post(
        reverse("training:session_new"),
        {
            "course": course("mandatory").pk,
            "region": west.pk,
            "starts_on": _date(TODAY),
            "ends_on": _date(TODAY),
            "venue": "x",
            "trainer": trainer_east.pk,
            "capacity": 8,
        },
    )
    assert response.status_code == 200
    assert not TrainingSession.objects.exists()


def test_a_trainer_enrols_by_email_and_marks_attendance(
    client_for, trainer_east, east_session, trained_member
):
    client = client_for(trainer_east)
    response = client.post(
        reverse("training:session_enrol", args=[east_session.pk]),
        {"volunteer": trained_member.user.email.upper()},
    )
    assert response.status_code == 302
    enrolment = Enrolment.objects.get()
    response = client.post(
        reverse("training:session_attendance", args=[east_session.pk]),
        {f"attendance_{enrolment.pk}": "attended", f"outcome_{enrolment.pk}": "passed"},
    )
    assert response.status_code == 302
    assert CompetencyGrant.objects.filter(enrolment=enrolment).count() == 1
    page = client.get(reverse("training:person", args=[trained_member.pk]))
    assert page.context["can_chair"].ok is True


def test_enrolling_someone_from_another_region_is_refused(
    client_for, trainer_east, east_session, west_member
):
    response = client_for(trainer_east).post(
        reverse("training:session_enrol", args=[east_session.pk]),
        {"volunteer": west_member.email},
    )
    assert response.status_code == 200
    assert "No volunteer in your regions has that email address." in response.content.decode()


def test_a_trainer_signs_off_a_competency(client_for, trainer_east, trained_member):

    response = client_for(trainer_east).post(
        reverse("training:sign_off", args=[trained_member.pk]),
        {
            "competency": competency("chairing").pk,
            "granted_on": _date(TODAY),
            "evidence": "Observed chairing twice",
        },
    )
    assert response.status_code == 302
    grant = CompetencyGrant.objects.get(competency__key="chairing")
    assert (grant.source, grant.granted_by) == ("sign_off", trainer_east)


def test_a_trainer_decides_an_extension(client_for, trainer_east, trained_member, member):
    extension = AwardExtension.objects.create(
        volunteer=trained_member, extend_to="2031-01-01", reason="Illness", requested_by=member
    )
    response = client_for(trainer_east).post(
        reverse("training:extension_decide", args=[extension.pk]),
        {"decision": "approve", "note": "Fine"},
    )
    assert response.status_code == 302
    extension.refresh_from_db()
    assert (extension.status, extension.decided_by) == ("approved", trainer_east)


def test_the_dashboard_lists_who_is_due_with_a_chart(client_for, trainer_east, trained_member):

    grant(trained_member, "module-3")
    trained_member.competency_grants.filter(competency__key="mandatory").update(
        valid_until=TODAY - datetime.timedelta(days=1)
    )
    response = client_for(trainer_east).get(reverse("training:dashboard"))
    assert response.status_code == 200
    items = list(response.context["page"].object_list)
    assert [(i.volunteer, i.state) for i in items] == [(trained_member, "overdue")]
    content = response.content.decode()
    assert 'role="img"' in content
    assert "<caption>Numbers in the chart</caption>" in content


def test_the_dashboard_export_runs_as_a_job(
    client_for, trainer_east, trained_member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(trainer_east).post(reverse("training:dashboard_export"))

    job = Job.objects.get(owner=trainer_east)
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert job.status == "succeeded"
    assert job.result["filename"].startswith("training-due-")


def _list_queries(client, url, django_assert_max_num_queries, add_more, limit=30):
    with django_assert_max_num_queries(limit) as one:
        assert client.get(url).status_code == 200
    add_more()
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(url).status_code == 200


def test_session_list_query_count_does_not_grow(
    client_for, trainer_east, east, django_assert_max_num_queries
):
    TrainingSessionFactory(region=east, trainer=trainer_east)

    def more():
        for _ in range(3):
            session = TrainingSessionFactory(region=east, trainer=trainer_east)
            EnrolmentFactory(session=session, volunteer=VolunteerFactory(home_region=east))

    _list_queries(
        client_for(trainer_east), reverse("training:sessions"), django_assert_max_num_queries, more
    )


def test_dashboard_query_count_does_not_grow(
    client_for, trainer_east, east, django_assert_max_num_queries
):
    make_sitting_member(VolunteerFactory(home_region=east))

    def more():
        for _ in range(3):
            volunteer = make_sitting_member(VolunteerFactory(home_region=east))
            volunteer.competency_grants.update(valid_until=TODAY)

    _list_queries(
        client_for(trainer_east), reverse("training:dashboard"), django_assert_max_num_queries, more
    )


def test_course_and_framework_lists_query_counts_do_not_grow(
    client_for, national_admin, django_assert_max_num_queries
):

    client = client_for(national_admin)

    def more():
        for n in range(3):
            services.save_course(by=national_admin, code=f"local-{n}", title=f"L{n}", kind="core")

    _list_queries(client, reverse("training:courses"), django_assert_max_num_queries, more)

    def more_versions():
        for _ in range(3):
            draft = services.start_draft_framework(by=national_admin)
            services.publish_framework(framework=draft, by=national_admin)

    _list_queries(
        client, reverse("training:framework_list"), django_assert_max_num_queries, more_versions
    )


# --- National administrators ---------------------------------------------------------------


def test_a_national_admin_drafts_changes_and_publishes_a_version(client_for, national_admin):
    client = client_for(national_admin)
    client.post(reverse("training:framework_draft"))
    response = client.post(
        reverse("training:framework_requirement_new", args=[2]),
        {"purpose": "chair", "kind": "service", "months": "18"},
    )
    assert response.status_code == 200  # Already has a service requirement: clear message.
    assert "There is already a service requirement" in response.content.decode()
    requirement = Framework.objects.get(version=2).requirements.get(kind="service")
    client.post(reverse("training:framework_requirement_remove", args=[2, requirement.pk]))
    client.post(
        reverse("training:framework_requirement_new", args=[2]),
        {"purpose": "chair", "kind": "service", "months": "18"},
    )
    response = client.post(reverse("training:framework_publish", args=[2]))
    assert response.status_code == 302
    live = Framework.objects.get(version=2)
    assert (live.status, live.requirements.get(kind="service").months) == ("published", 18)


def test_a_national_admin_adds_an_area_and_competency(client_for, national_admin):
    client = client_for(national_admin)
    client.post(reverse("training:framework_draft"))
    client.post(reverse("training:framework_area_new", args=[2]), {"name": "Wellbeing"})
    area = Framework.objects.get(version=2).areas.get(name="Wellbeing")
    response = client.post(
        reverse("training:framework_standard_new", args=[2]),
        {
            "area": area.pk,
            "key": "self-care",
            "name": "Self-care",
            "descriptor": "Looks after their own wellbeing.",
            "observable": "on",
        },
    )
    assert response.status_code == 302
    assert area.standards.get().competency.key == "self-care"


def test_a_national_admin_adds_a_course(client_for, national_admin):

    response = client_for(national_admin).post(
        reverse("training:course_new"),
        {
            "code": "refresher-listening",
            "title": "Refresher: listening",
            "kind": "refresher",
            "grants": [competency("communication").pk],
            "validity_months": "24",
        },
    )
    assert response.status_code == 302


# --- PPAs --------------------------------------------------------------------------------


def test_a_ppa_records_and_releases_an_observation(client_for, ppa_east, member, east_centre):

    client = client_for(ppa_east)
    listening = CompetencyStandard.objects.get(
        framework__version=1, competency__key="communication"
    )
    response = client.post(
        reverse("training:observation_new"),
        {
            "volunteer": member.email,
            "centre": east_centre.pk,
            "session_date": _date(TODAY),
            "half": "AM",
            "role": "member",
            "strengths": "Calm and clear.",
            "outcome": "meets",
            f"rating_{listening.pk}": "strong",
            f"comment_{listening.pk}": "Good questions.",
        },
    )
    observation = Observation.objects.get()
    assert response["Location"] == reverse("training:observation", args=[observation.pk])
    assert observation.ratings.get(standard=listening).comment == "Good questions."
    client.post(reverse("training:observation_release", args=[observation.pk]))
    observation.refresh_from_db()
    assert observation.is_released
    page = client_for(member).get(reverse("training:my_training"))
    assert list(page.context["observations"]) == [observation]


def test_a_ppa_cannot_observe_a_member_of_another_region(
    client_for, ppa_east, west_member, east_centre
):
    response = client_for(ppa_east).post(
        reverse("training:observation_new"),
        {
            "volunteer": west_member.email,
            "centre": east_centre.pk,
            "session_date": _date(TODAY),
            "half": "AM",
            "role": "member",
        },
    )
    assert response.status_code == 200
    assert not Observation.objects.exists()


def test_a_ppa_records_a_review_and_follows_up(client_for, ppa_east, member):
    client = client_for(ppa_east)
    response = client.post(
        reverse("training:review_new"),
        {
            "volunteer": member.email,
            "held_on": _date(TODAY),
            "summary": "Went well.",
            "action_1": "Shadow a chair",
        },
    )
    review = PracticeReview.objects.get()
    assert response["Location"] == reverse("training:review", args=[review.pk])
    action = review.actions.get()
    response = client.post(
        reverse("training:action", args=[action.pk]),
        {"note": "Done", "completed_on": _date(TODAY)},
    )
    assert response.status_code == 302


def test_monitoring_home_query_count_does_not_grow(
    client_for, ppa_east, east, django_assert_max_num_queries
):
    def observed():
        volunteer = VolunteerFactory(home_region=east, appointed_on=TODAY)
        ObservationFactory(volunteer=volunteer, observer=ppa_east, region=east)

    observed()
    _list_queries(
        client_for(ppa_east),
        reverse("training:monitoring"),
        django_assert_max_num_queries,
        lambda: [observed() for _ in range(3)],
    )


# --- Volunteers --------------------------------------------------------------------------


def test_a_member_books_and_cancels_a_session(client_for, member, future_session):
    client = client_for(member)
    page = client.get(reverse("training:my_training"))
    assert [s for s, _ in page.context["bookable"]] == [future_session]
    response = client.post(reverse("training:book", args=[future_session.pk]))
    assert response.status_code == 302
    enrolment = Enrolment.objects.get()
    assert (enrolment.status, enrolment.self_enrolled) == ("booked", True)
    client.post(reverse("training:cancel_booking", args=[enrolment.pk]))
    enrolment.refresh_from_db()
    assert enrolment.status == "cancelled"


def test_a_member_cannot_book_another_regions_session(client_for, member, west_session):
    response = client_for(member).post(reverse("training:book", args=[west_session.pk]))
    assert response.status_code == 302
    assert not Enrolment.objects.exists()


def test_a_member_asks_for_an_award_extension(client_for, member):
    member.volunteer.appointed_on = TODAY - datetime.timedelta(days=600)
    member.volunteer.save()
    response = client_for(member).post(
        reverse("training:request_extension"),
        {"extend_to": _date(TODAY + datetime.timedelta(days=400)), "reason": "Illness"},
    )
    assert response.status_code == 302
    assert AwardExtension.objects.get().status == "pending"


def test_my_training_query_count_does_not_grow(
    client_for, member, east, trainer_east, django_assert_max_num_queries
):
    make_sitting_member(member.volunteer)
    TrainingSessionFactory(region=east, trainer=trainer_east, course=course("mandatory"))

    def more():
        for n in range(3):
            TrainingSessionFactory(
                region=east,
                trainer=trainer_east,
                course=course("mandatory"),
                starts_on=TODAY + datetime.timedelta(days=5 + n),
                ends_on=TODAY + datetime.timedelta(days=5 + n),
            )

    _list_queries(
        client_for(member), reverse("training:my_training"), django_assert_max_num_queries, more
    )
