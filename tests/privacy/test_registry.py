"""One registry of personal data: every model that points at a person is in it or excluded
with a reason, and a person with a record in every app gets every one of them back."""

import datetime
import json

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import reverse

from common import privacy
from tests.rostering.factories import make_session, sit


def test_every_model_pointing_at_a_person_is_registered_or_excluded_with_a_reason():
    targets = (apps.get_model(settings.AUTH_USER_MODEL), apps.get_model("volunteers.Volunteer"))
    pointing = privacy.models_pointing_at_people(*targets)
    assert len(pointing) > 30  # the walk sees allauth, Wagtail, auditlog and our apps
    missing = [m._meta.label for m in pointing if not privacy.is_covered(m)]
    assert missing == [], (
        "Register these with common.privacy.register_personal_data in the app's "
        f"personal_data.py, or exclude them with a reason: {missing}"
    )
    assert all(exclusion.reason.strip() for exclusion in privacy.exclusions())


def test_the_registry_rejects_an_exclusion_without_a_reason():
    model = apps.get_model("volunteers.Region")
    with pytest.raises(ValueError, match="say why"):
        privacy.exclude_personal_model(model, reason=" ")


def test_the_export_holds_a_record_from_every_registration(everything):
    data = privacy.collect_personal_data(everything)
    empty = [key for key, section in data["sections"].items() if section["count"] == 0]
    assert empty == []
    assert set(data["sections"]) == {entry.key for entry in privacy.registered()}
    sections = data["sections"]
    assert sections["volunteers.volunteer"]["records"][0]["Languages"] == "Gaelic"
    assert sections["rostering.assignment"]["records"][0]["Withdrawal reason"] == (
        "Hospital appointment"
    )
    assert sections["training.observation"]["records"][0]["Strengths"] == "Calm"
    assert sections["rostering.expenseclaim"]["records"][0]["Mileage pence"] == 450
    # The audit trail of those records comes with them.
    assert any(entry["record"].startswith("volunteer") for entry in data["audit_entries"])
    json.dumps(data)  # plain data throughout


def test_the_export_never_carries_secrets(everything):
    text = json.dumps(privacy.collect_personal_data(everything))
    assert "f" * 64 not in text  # calendar feed token hash
    assert "m" * 64 not in text  # MFA enrolment token hash
    assert "r" * 64 not in text  # sitting confirmation link token hash
    secret = everything.authenticator_set.get(type="totp").data["secret"]
    assert secret not in text  # the authenticator's (encrypted) secret


def test_another_person_gets_none_of_it(everything, member):
    data = privacy.collect_personal_data(member)
    assert "Everywhere" not in json.dumps(data)


def test_my_data_shows_every_app(client_for, everything):
    page = client_for(everything).get(reverse("apply:my_data"))
    assert page.status_code == 200
    body = page.content.decode()
    for heading in [
        "Sittings",
        "Competencies held",
        "Observations of your practice",
        "Expense claims",
        "Leave of absence",
        "Dates you cannot sit",
        "Cover offers",
        "Calendar feeds",
        "Changes recorded",
    ]:
        assert heading in body, heading
    assert page["Cache-Control"] == "no-store, private"


def test_my_data_query_count_does_not_grow_with_records(
    client_for, everything, east, east_centre, django_assert_max_num_queries
):
    client = client_for(everything)
    client.get(reverse("apply:my_data"))  # warm caches (content types)
    with django_assert_max_num_queries(70) as one:
        client.get(reverse("apply:my_data_download"))
    # Three times the records: the same number of queries.

    volunteer = everything.volunteer
    for day in (5, 6):
        sit(make_session(east_centre, date=datetime.date(2030, 3, day)), volunteer)
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(reverse("apply:my_data_download"))
