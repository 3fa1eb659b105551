"""Case references are opaque: one validator for the import, the forms and any API."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from rostering.forms import ExclusionForm
from rostering.models import Session
from rostering.validators import validate_case_reference
from tests.rostering.test_import import ROW, _run_on_commit, upload, workbook  # noqa: F401

pytestmark = pytest.mark.django_db

NAME_MESSAGE = (
    "'Jamie Smith' looks like a name. Use the Reporter's case reference, never a child's name."
)


@pytest.mark.parametrize("reference", ["K000123", "SCRA-2027-000123", "K1", "AB/12-3"])
def test_the_reporters_references_are_accepted(reference):
    assert validate_case_reference(f" {reference} ") == reference


@pytest.mark.parametrize("name", ["Jamie Smith", "jamie", "SMITH", "O'Neil", "Mary-Jane Ross"])
def test_names_are_refused_as_names(name):
    with pytest.raises(ValidationError) as caught:
        validate_case_reference(name)
    assert caught.value.code == "name_like"


@pytest.mark.parametrize("junk", ["", "k 123", "K", "K000123!", "X" * 41 + "1", "<script>1"])
def test_anything_else_is_refused(junk):
    with pytest.raises(ValidationError):
        validate_case_reference(junk)


def test_the_pattern_is_a_setting(settings):
    settings.CASE_REFERENCE_PATTERN = r"^SCRA-\d{4}-\d{6}$"
    assert validate_case_reference("SCRA-2027-000123") == "SCRA-2027-000123"
    with pytest.raises(ValidationError):
        validate_case_reference("K000123")


def test_the_import_reports_a_name_by_row_and_column(client_for, admin_east, east_centre):
    client = client_for(admin_east)
    rows = [ROW, ["SCRA-9", *ROW[1:7], "K3; Jamie Smith", *ROW[8:]]]
    rows[1][2] = datetime.date(2030, 3, 5)
    _, schedule = upload(client, workbook(*rows))
    assert schedule.status == "invalid"
    assert schedule.errors == [{"row": 3, "column": "Case references", "message": NAME_MESSAGE}]
    assert Session.objects.count() == 0


def test_the_session_form_refuses_a_name(client_for, admin_east, east_centre):
    response = client_for(admin_east).post(
        reverse("rostering:session_new"),
        {
            "reference": "HAND-1",
            "centre": east_centre.pk,
            "date": "4/3/2030",
            "half": "PM",
            "start_time": "14:00",
            "mode": "in_person",
            "hearings": "K10, Fife\nJamie Smith, Fife",
        },
    )
    assert response.status_code == 200
    assert "Line 2: &#x27;Jamie Smith&#x27; looks like a name" in response.content.decode()
    assert not Session.objects.exists()


def test_the_conflict_form_refuses_a_name():

    form = ExclusionForm({"kind": "case", "case_reference": "Jamie Smith", "reason": "Family"})
    assert not form.is_valid()
    assert form.errors["case_reference"] == [NAME_MESSAGE]
    assert ExclusionForm({"kind": "case", "case_reference": "K77", "reason": "F"}).is_valid()
