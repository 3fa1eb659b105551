"""People and roles: region-scoped lists, grants and revocations, every one recorded."""

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from tests.factories import UserFactory, VolunteerFactory, grant
from volunteers.models import Role, RoleAssignment

pytestmark = pytest.mark.django_db


def test_people_lists_only_people_in_my_regions(client_for, admin_east, member, west_member):
    response = client_for(admin_east).get(reverse("volunteers:people"))
    people = list(response.context["page"].object_list)
    assert member in people
    assert admin_east in people  # holds a role in East
    assert west_member not in people


def test_people_search_by_name(client_for, national_admin, member, west_member):
    response = client_for(national_admin).get(reverse("volunteers:people"), {"q": "wendy"})
    assert list(response.context["page"].object_list) == [west_member]


def test_people_filter_by_role(client_for, national_admin, member, admin_east):
    response = client_for(national_admin).get(
        reverse("volunteers:people"), {"role": "regional_admin"}
    )
    assert list(response.context["page"].object_list) == [admin_east]


def test_people_is_forbidden_to_trainers(client_for, trainer_east):
    assert client_for(trainer_east).get(reverse("volunteers:people")).status_code == 403


def test_people_rejects_posts(client_for, admin_east):
    assert client_for(admin_east).post(reverse("volunteers:people")).status_code == 405


def test_people_query_count_does_not_grow_with_rows(
    client_for, admin_east, east, django_assert_max_num_queries
):
    client = client_for(admin_east)
    VolunteerFactory(home_region=east)
    with django_assert_max_num_queries(20) as one:
        client.get(reverse("volunteers:people"))
    for _ in range(3):
        volunteer = VolunteerFactory(home_region=east)
        grant(volunteer.user, Role.PANEL_MEMBER)
        grant(volunteer.user, Role.PPA, east)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(reverse("volunteers:people"))
    assert response.context["page"].paginator.count == 5


def test_person_detail_shows_role_history(client_for, admin_east, member):
    response = client_for(admin_east).get(reverse("volunteers:person", args=[member.pk]))
    assert response.status_code == 200
    assert b"Panel member" in response.content


def test_a_person_in_another_region_is_not_found(client_for, admin_east, west_member):
    url = reverse("volunteers:person", args=[west_member.pk])
    assert client_for(admin_east).get(url).status_code == 404


def test_person_detail_rejects_posts(client_for, admin_east, member):
    url = reverse("volunteers:person", args=[member.pk])
    assert client_for(admin_east).post(url).status_code == 405


def test_regional_admin_grants_a_trainer_role_in_their_region(client_for, admin_east, east, member):
    response = client_for(admin_east).post(
        reverse("volunteers:role_grant", args=[member.pk]), {"role": "trainer", "region": east.pk}
    )
    assert response.status_code == 302
    grant_ = RoleAssignment.objects.get(user=member, role="trainer")
    assert (grant_.region, grant_.granted_by) == (east, admin_east)
    entry = LogEntry.objects.get_for_object(grant_).get()
    assert entry.actor == admin_east


def test_regional_admin_cannot_grant_national_roles(client_for, admin_east, member):
    response = client_for(admin_east).post(
        reverse("volunteers:role_grant", args=[member.pk]), {"role": "national_admin"}
    )
    assert response.status_code == 400
    assert not RoleAssignment.objects.filter(user=member, role="national_admin").exists()


def test_regional_admin_cannot_grant_in_another_region(client_for, admin_east, west, member):
    response = client_for(admin_east).post(
        reverse("volunteers:role_grant", args=[member.pk]), {"role": "trainer", "region": west.pk}
    )
    assert response.status_code == 400
    assert not RoleAssignment.objects.filter(user=member, role="trainer").exists()


def test_regional_admin_cannot_grant_to_people_in_another_region(
    client_for, admin_east, east, west_member
):
    response = client_for(admin_east).post(
        reverse("volunteers:role_grant", args=[west_member.pk]),
        {"role": "trainer", "region": east.pk},
    )
    assert response.status_code == 404


def test_a_regional_role_needs_a_region(client_for, national_admin, member):
    response = client_for(national_admin).post(
        reverse("volunteers:role_grant", args=[member.pk]), {"role": "ppa"}
    )
    assert response.status_code == 400
    assert b"This role is regional" in response.content


def test_granting_a_role_twice_says_so(client_for, national_admin, member):
    response = client_for(national_admin).post(
        reverse("volunteers:role_grant", args=[member.pk]), {"role": "panel_member"}
    )
    assert response.status_code == 400
    assert b"already holds this role" in response.content
    assert RoleAssignment.objects.filter(user=member, role="panel_member").count() == 1


def test_role_grant_rejects_get(client_for, national_admin, member):
    url = reverse("volunteers:role_grant", args=[member.pk])
    assert client_for(national_admin).get(url).status_code == 405


def test_revoking_keeps_the_record(client_for, admin_east, east, member):
    trainer_grant = grant(member, Role.TRAINER, east)
    response = client_for(admin_east).post(
        reverse("volunteers:role_revoke", args=[trainer_grant.pk])
    )
    assert response.status_code == 302
    trainer_grant.refresh_from_db()
    assert trainer_grant.revoked_by == admin_east
    assert trainer_grant.revoked_at is not None
    assert Role.TRAINER not in UserFactory._meta.model.objects.get(pk=member.pk).role_names()


def test_revoking_twice_is_refused_kindly(client_for, national_admin, east, member):
    trainer_grant = grant(member, Role.TRAINER, east)
    client = client_for(national_admin)
    client.post(reverse("volunteers:role_revoke", args=[trainer_grant.pk]))
    response = client.post(reverse("volunteers:role_revoke", args=[trainer_grant.pk]), follow=True)
    assert b"already been revoked" in response.content


def test_regional_admin_cannot_revoke_a_national_role(
    client_for, admin_east, national_admin, member
):
    national_grant = grant(member, Role.CONTENT_EDITOR)
    response = client_for(admin_east).post(
        reverse("volunteers:role_revoke", args=[national_grant.pk])
    )
    assert response.status_code == 404
    national_grant.refresh_from_db()
    assert national_grant.revoked_at is None


def test_regional_admin_cannot_revoke_roles_in_another_region(client_for, admin_east, admin_west):
    west_grant = admin_west.role_assignments.get()
    response = client_for(admin_east).post(reverse("volunteers:role_revoke", args=[west_grant.pk]))
    assert response.status_code == 404


def test_role_revoke_rejects_get(client_for, national_admin, member):
    pk = member.role_assignments.get().pk
    assert (
        client_for(national_admin).get(reverse("volunteers:role_revoke", args=[pk])).status_code
        == 405
    )
