"""Every page renders for someone allowed to see it (quick guard against template errors)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_trainer_pages_render(client_for, trainer_east, trained_member, east_session):
    client = client_for(trainer_east)
    for url in [
        reverse("training:dashboard"),
        reverse("training:sessions"),
        reverse("training:session_new"),
        reverse("training:session", args=[east_session.pk]),
        reverse("training:session_enrol", args=[east_session.pk]),
        reverse("training:person", args=[trained_member.pk]),
        reverse("training:sign_off", args=[trained_member.pk]),
        reverse("training:import"),
        reverse("training:framework_list"),
        reverse("training:framework", args=[1]),
        reverse("training:courses"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url


def test_national_admin_pages_render(client_for, national_admin):
    client = client_for(national_admin)
    assert client.post(reverse("training:framework_draft")).status_code == 302
    for url in [
        reverse("training:framework", args=[2]),
        reverse("training:framework_settings", args=[2]),
        reverse("training:framework_area_new", args=[2]),
        reverse("training:framework_standard_new", args=[2]),
        reverse("training:framework_requirement_new", args=[2]),
        reverse("training:course_new"),
        reverse("training:monitoring"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url


def test_ppa_and_member_pages_render(client_for, ppa_east, member, ppa_observation):
    client = client_for(ppa_east)
    for url in [
        reverse("training:monitoring"),
        reverse("training:observation_new"),
        reverse("training:observation", args=[ppa_observation.pk]),
        reverse("training:observation_edit", args=[ppa_observation.pk]),
        reverse("training:review_new"),
    ]:
        assert client.get(url).status_code == 200, url
    client = client_for(member)
    for url in [reverse("training:my_training"), reverse("training:request_extension")]:
        assert client.get(url).status_code == 200, url
