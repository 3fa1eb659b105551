"""Every training view: no role is a 403, out of scope is a 404, a wrong method is a 405."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory, VolunteerFactory, grant
from tests.training.factories import (
    EnrolmentFactory,
    ObservationFactory,
    PracticeReviewFactory,
    TrainingSessionFactory,
)
from training.models import AwardExtension, DevelopmentAction
from volunteers.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def west_records(west, west_member):
    """A session, enrolment, extension, observation, review and action, all in West."""
    ppa_west = UserFactory()
    grant(ppa_west, Role.PPA, west)
    session = TrainingSessionFactory(region=west)
    enrolment = EnrolmentFactory(session=session, volunteer=west_member.volunteer)
    extension = AwardExtension.objects.create(
        volunteer=west_member.volunteer, extend_to="2030-01-01", reason="Illness"
    )
    observation = ObservationFactory(
        volunteer=west_member.volunteer, observer=ppa_west, region=west
    )
    review = PracticeReviewFactory(volunteer=west_member.volunteer, reviewer=ppa_west, region=west)
    action = DevelopmentAction.objects.create(review=review, description="Read the guidance")
    return {
        "session": session,
        "enrolment": enrolment,
        "extension": extension,
        "observation": observation,
        "review": review,
        "action": action,
        "volunteer": west_member.volunteer,
    }


STAFF_PAGES = [
    ("training:framework_list", []),
    ("training:courses", []),
    ("training:dashboard", []),
    ("training:import", []),
    ("training:sessions", []),
    ("training:session_new", []),
    ("training:monitoring", []),
    ("training:observation_new", []),
    ("training:review_new", []),
    ("training:course_new", []),
]


@pytest.mark.parametrize(("name", "args"), STAFF_PAGES)
def test_members_without_a_staff_role_are_forbidden(client_for, member, name, args):
    assert client_for(member).get(reverse(name, args=args)).status_code == 403


def test_trainers_cannot_change_the_framework_or_courses(client_for, trainer_east):
    client = client_for(trainer_east)
    assert client.post(reverse("training:framework_draft")).status_code == 403
    assert client.get(reverse("training:course_new")).status_code == 403
    assert client.get(reverse("training:framework_settings", args=[1])).status_code == 403


def test_trainers_cannot_reach_monitoring_and_ppas_cannot_reach_training(
    client_for, trainer_east, ppa_east
):
    assert client_for(trainer_east).get(reverse("training:monitoring")).status_code == 403
    assert client_for(ppa_east).get(reverse("training:dashboard")).status_code == 403


def test_staff_cannot_use_my_training_without_a_volunteer_record(client_for, trainer_east):
    assert client_for(trainer_east).get(reverse("training:my_training")).status_code == 403


def test_an_east_trainer_gets_404s_for_west_records(client_for, trainer_east, west_records):
    client = client_for(trainer_east)
    session, enrolment = west_records["session"], west_records["enrolment"]
    volunteer, extension = west_records["volunteer"], west_records["extension"]
    for method, url in [
        ("get", reverse("training:session", args=[session.pk])),
        ("get", reverse("training:session_enrol", args=[session.pk])),
        ("post", reverse("training:session_attendance", args=[session.pk])),
        ("post", reverse("training:session_cancel", args=[session.pk])),
        ("post", reverse("training:enrolment_cancel", args=[enrolment.pk])),
        ("get", reverse("training:person", args=[volunteer.pk])),
        ("get", reverse("training:sign_off", args=[volunteer.pk])),
        ("get", reverse("training:extension_decide", args=[extension.pk])),
    ]:
        assert getattr(client, method)(url).status_code == 404, url


def test_a_ppa_gets_404s_for_records_they_did_not_make(client_for, ppa_east, west_records):
    client = client_for(ppa_east)
    observation, review = west_records["observation"], west_records["review"]
    for method, url in [
        ("get", reverse("training:observation", args=[observation.pk])),
        ("get", reverse("training:observation_edit", args=[observation.pk])),
        ("post", reverse("training:observation_release", args=[observation.pk])),
        ("get", reverse("training:review", args=[review.pk])),
        ("get", reverse("training:action", args=[west_records["action"].pk])),
    ]:
        assert getattr(client, method)(url).status_code == 404, url


def test_a_ppa_does_not_see_another_ppas_observation_in_the_same_region(
    client_for, ppa_east, east, member
):
    other = UserFactory()
    grant(other, Role.PPA, east)
    theirs = ObservationFactory(volunteer=member.volunteer, observer=other, region=east)
    client = client_for(ppa_east)
    assert client.get(reverse("training:observation", args=[theirs.pk])).status_code == 404
    response = client.get(reverse("training:monitoring"))
    assert list(response.context["observations"]) == []


def test_national_admins_see_every_region(client_for, national_admin, west_records):
    client = client_for(national_admin)
    assert (
        client.get(reverse("training:session", args=[west_records["session"].pk])).status_code
        == 200
    )
    assert (
        client.get(
            reverse("training:observation", args=[west_records["observation"].pk])
        ).status_code
        == 200
    )


def test_members_see_only_their_own_released_observations(client_for, member, west_records):
    observation = west_records["observation"]
    observation.status = "released"
    observation.save()
    client = client_for(member)
    assert client.get(reverse("training:my_observation", args=[observation.pk])).status_code == 404
    assert (
        client.post(
            reverse("training:cancel_booking", args=[west_records["enrolment"].pk])
        ).status_code
        == 404
    )


def test_a_draft_observation_is_not_shown_to_the_member(client_for, member, ppa_east, east):
    draft = ObservationFactory(volunteer=member.volunteer, observer=ppa_east, region=east)
    client = client_for(member)
    assert client.get(reverse("training:my_observation", args=[draft.pk])).status_code == 404
    draft.status = "released"
    draft.save()
    assert client.get(reverse("training:my_observation", args=[draft.pk])).status_code == 200


WRONG_METHODS = [
    ("put", "training:framework_list", lambda r: []),
    ("get", "training:framework_draft", lambda r: []),
    ("post", "training:framework", lambda r: [1]),
    ("put", "training:framework_settings", lambda r: [1]),
    ("put", "training:framework_area_new", lambda r: [1]),
    ("put", "training:framework_standard_new", lambda r: [1]),
    ("get", "training:framework_standard_remove", lambda r: [1, 1]),
    ("put", "training:framework_requirement_new", lambda r: [1]),
    ("get", "training:framework_requirement_remove", lambda r: [1, 1]),
    ("get", "training:framework_publish", lambda r: [1]),
    ("post", "training:courses", lambda r: []),
    ("put", "training:course_new", lambda r: []),
    ("post", "training:dashboard", lambda r: []),
    ("get", "training:dashboard_export", lambda r: []),
    ("post", "training:person", lambda r: [r["volunteer"].pk]),
    ("put", "training:sign_off", lambda r: [r["volunteer"].pk]),
    ("put", "training:extension_decide", lambda r: [r["extension"].pk]),
    ("post", "training:sessions", lambda r: []),
    ("put", "training:session_new", lambda r: []),
    ("post", "training:session", lambda r: [r["session"].pk]),
    ("put", "training:session_enrol", lambda r: [r["session"].pk]),
    ("get", "training:session_attendance", lambda r: [r["session"].pk]),
    ("get", "training:session_cancel", lambda r: [r["session"].pk]),
    ("get", "training:enrolment_cancel", lambda r: [r["enrolment"].pk]),
    ("post", "training:monitoring", lambda r: []),
    ("put", "training:observation_new", lambda r: []),
    ("post", "training:observation", lambda r: [r["observation"].pk]),
    ("put", "training:observation_edit", lambda r: [r["observation"].pk]),
    ("get", "training:observation_release", lambda r: [r["observation"].pk]),
    ("put", "training:review_new", lambda r: []),
    ("post", "training:review", lambda r: [r["review"].pk]),
    ("put", "training:action", lambda r: [r["action"].pk]),
    ("post", "training:my_training", lambda r: []),
    ("get", "training:book", lambda r: [r["session"].pk]),
    ("get", "training:cancel_booking", lambda r: [r["enrolment"].pk]),
    ("post", "training:my_observation", lambda r: [r["observation"].pk]),
    ("put", "training:request_extension", lambda r: []),
]


@pytest.mark.parametrize(("method", "name", "args"), WRONG_METHODS)
def test_wrong_methods_are_refused(client_for, national_admin, west_records, method, name, args):
    VolunteerFactory(user=national_admin)
    response = getattr(client_for(national_admin), method)(reverse(name, args=args(west_records)))
    assert response.status_code == 405
