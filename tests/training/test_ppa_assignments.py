"""PPAs see what they observed or are assigned; administrators assign them in their regions."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import UserFactory, VolunteerFactory, grant
from tests.training.factories import ObservationFactory, PracticeReviewFactory
from training import services
from training.models import PpaAssignment
from volunteers.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_ppa(east):
    user = UserFactory(email="other.ppa@example.org")
    grant(user, Role.PPA, east)
    return user


def test_an_assigned_ppa_sees_the_members_released_observations_and_reviews(
    client_for, ppa_east, other_ppa, member, east, admin_east
):
    released = ObservationFactory(
        volunteer=member.volunteer, observer=other_ppa, region=east, status="released"
    )
    draft = ObservationFactory(volunteer=member.volunteer, observer=other_ppa, region=east)
    review = PracticeReviewFactory(volunteer=member.volunteer, reviewer=other_ppa, region=east)
    client = client_for(ppa_east)
    assert client.get(reverse("training:observation", args=[released.pk])).status_code == 404
    services.assign_ppa(volunteer=member.volunteer, ppa=ppa_east, by=admin_east)
    assert client.get(reverse("training:observation", args=[released.pk])).status_code == 200
    assert client.get(reverse("training:observation", args=[draft.pk])).status_code == 404
    assert client.get(reverse("training:review", args=[review.pk])).status_code == 200
    # Only the observer may change or release it.
    page = client.get(reverse("training:observation", args=[released.pk]))
    assert page.context["can_change"] is False


def test_reassigning_ends_the_earlier_assignment(ppa_east, other_ppa, member, admin_east):
    services.assign_ppa(volunteer=member.volunteer, ppa=ppa_east, by=admin_east)
    services.assign_ppa(volunteer=member.volunteer, ppa=other_ppa, by=admin_east)
    current = PpaAssignment.objects.get(ended_at__isnull=True)
    assert current.ppa == other_ppa
    assert PpaAssignment.objects.count() == 2
    with pytest.raises(ValidationError):
        services.assign_ppa(volunteer=member.volunteer, ppa=other_ppa, by=admin_east)


def test_a_ppa_must_belong_to_the_members_region(ppa_east, west_member, admin_west):
    with pytest.raises(ValidationError) as error:
        services.assign_ppa(volunteer=west_member.volunteer, ppa=ppa_east, by=admin_west)
    assert error.value.message_dict == {"ppa": ["Choose a PPA of the member's own region."]}


def test_a_regional_admin_assigns_a_ppa_on_the_page(client_for, admin_east, ppa_east, member):
    response = client_for(admin_east).post(
        reverse("training:assignments"), {"volunteer": member.email, "ppa": ppa_east.pk}
    )
    assert response.status_code == 302
    assert PpaAssignment.objects.get().assigned_by == admin_east


def test_an_admin_cannot_assign_in_another_region(client_for, admin_west, ppa_east, member):
    response = client_for(admin_west).post(
        reverse("training:assignments"), {"volunteer": member.email, "ppa": ppa_east.pk}
    )
    assert response.status_code == 200
    assert not PpaAssignment.objects.exists()


def test_assignments_page_is_for_administrators(client_for, ppa_east, trainer_east):
    assert client_for(ppa_east).get(reverse("training:assignments")).status_code == 403
    assert client_for(trainer_east).get(reverse("training:assignments")).status_code == 403


def test_assignments_page_rejects_other_methods(client_for, admin_east):
    assert client_for(admin_east).put(reverse("training:assignments")).status_code == 405


def test_assignments_list_query_count_does_not_grow(
    client_for, admin_east, ppa_east, east, django_assert_max_num_queries
):
    def assign():
        services.assign_ppa(
            volunteer=VolunteerFactory(home_region=east), ppa=ppa_east, by=admin_east
        )

    assign()
    client = client_for(admin_east)
    with django_assert_max_num_queries(30) as one:
        client.get(reverse("training:assignments"))
    for _ in range(3):
        assign()
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(reverse("training:assignments"))
    assert len(response.context["assignments"]) == 4
