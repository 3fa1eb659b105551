"""Staff produce a person's data on request: allowed, denied, wrong method, recorded."""

import json

from auditlog.models import LogEntry
from django.urls import reverse

FORM = {"received_on": "2026-01-05", "reference": "Email of 5 January", "output": "html"}


def _url(user):
    return reverse("privacy:subject_access", args=[user.pk])


def test_a_national_administrator_produces_it_and_it_is_recorded(
    client_for, national_admin, everything
):
    response = client_for(national_admin).post(_url(everything), FORM)
    assert response.status_code == 200
    assert "Hospital appointment" in response.content.decode()
    entry = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).get()
    assert entry.actor == national_admin
    assert entry.object_pk == str(everything.pk)
    assert "Email of 5 January" in entry.changes["subject_access"][1]


def test_it_can_be_a_json_file(client_for, national_admin, everything):
    response = client_for(national_admin).post(_url(everything), {**FORM, "output": "json"})
    assert response["Content-Disposition"].startswith("attachment;")
    assert json.loads(response.content)["sections"]["rostering.assignment"]["count"] == 1


def test_a_regional_administrator_produces_it_for_people_in_their_region(
    client_for, admin_east, everything
):
    assert client_for(admin_east).get(_url(everything)).status_code == 200


def test_a_regional_administrator_elsewhere_gets_404(client_for, admin_west, everything):
    assert client_for(admin_west).post(_url(everything), FORM).status_code == 404
    assert not LogEntry.objects.filter(action=LogEntry.Action.ACCESS).exists()


def test_a_ppa_or_member_is_refused(client_for, ppa_east, member, everything):
    assert client_for(ppa_east).get(_url(everything)).status_code == 403
    assert client_for(member).get(_url(member)).status_code == 403


def test_a_future_request_date_is_refused(client_for, national_admin, everything):
    response = client_for(national_admin).post(
        _url(everything), {**FORM, "received_on": "2099-01-01"}
    )
    assert response.status_code == 200
    assert "cannot be in the future" in response.content.decode()
    assert not LogEntry.objects.filter(action=LogEntry.Action.ACCESS).exists()


def test_it_rejects_put(client_for, national_admin, everything):
    assert client_for(national_admin).put(_url(everything)).status_code == 405


def test_it_needs_sign_in(client, everything):
    assert client.get(_url(everything)).status_code == 302
