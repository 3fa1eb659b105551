"""Importing past training records: hostile and malformed files are refused, nothing written."""

import datetime
import io
import zipfile

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from common.models import Job
from common.spreadsheets import SpreadsheetRejected, check_container
from tests.factories import JobFactory
from training import services
from training.imports import COLUMNS, validate_workbook
from training.models import CompetencyGrant

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def workbook(rows, header=COLUMNS) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", "0" * (20 * 1024 * 1024))
    return buffer.getvalue()


def test_a_clean_file_gives_rows_and_no_errors(member, east):
    data = workbook(
        [[member.email, "mandatory", datetime.datetime(2025, 5, 1), "30/04/2028", "Certificate"]]
    )
    report = validate_workbook(data, region_ids={east.pk}, today=TODAY)
    assert report.errors == []
    assert [(r["volunteer_id"], r["completed_on"], r["valid_until"]) for r in report.rows] == [
        (member.volunteer.pk, "2025-05-01", "2028-04-30")
    ]


def test_wrong_columns_are_reported_on_row_1(member, east):
    report = validate_workbook(
        workbook([[member.email]], header=["Name", "Course"]), region_ids={east.pk}, today=TODAY
    )
    assert [(e["row"], e["column"]) for e in report.errors] == [(1, "Header")]
    assert report.rows == []


def test_bad_dates_unknown_people_and_competencies_are_reported_by_row_and_column(member, east):
    data = workbook(
        [
            [member.email, "mandatory", "next Tuesday", None, ""],
            ["nobody@example.org", "juggling", "01/01/2025", "", ""],
            [member.email, "module-3", "01/02/2025", "01/01/2025", ""],
        ]
    )
    report = validate_workbook(data, region_ids={east.pk}, today=TODAY)
    assert [(e["row"], e["column"]) for e in report.errors] == [
        (2, "Completed on"),
        (3, "Email"),
        (3, "Competency"),
        (4, "Valid until"),
    ]
    assert report.errors[0]["reason"] == "“next Tuesday” is not a date. Use DD/MM/YYYY."
    assert report.rows == []


def test_formulas_are_rejected(member, east):
    data = workbook([[member.email, "mandatory", "01/01/2025", "", '=HYPERLINK("http://x")']])
    report = validate_workbook(data, region_ids={east.pk}, today=TODAY)
    assert report.errors == [
        {
            "row": 2,
            "column": "Evidence",
            "reason": "Formulas are not accepted: type the value itself.",
        }
    ]


def test_volunteers_of_another_region_cannot_be_named(west_member, east):
    data = workbook([[west_member.email, "mandatory", "01/01/2025", "", ""]])
    report = validate_workbook(data, region_ids={east.pk}, today=TODAY)
    assert report.errors[0]["column"] == "Email"


def test_a_zip_bomb_is_refused_before_parsing():
    with pytest.raises(SpreadsheetRejected, match="expands to far more data"):
        check_container(zip_bomb())


def test_a_huge_file_and_a_non_spreadsheet_are_refused():
    with pytest.raises(SpreadsheetRejected, match="larger than 5 MB"):
        check_container(b"0" * (5 * 1024 * 1024 + 1))
    with pytest.raises(SpreadsheetRejected, match="not an Excel"):
        check_container(b"hello, world")


def _upload(client, data: bytes, name="records.xlsx"):

    return client.post(
        reverse("training:import"),
        {"file": SimpleUploadedFile(name, data, content_type="application/octet-stream")},
    )


def test_upload_check_and_confirm_writes_only_after_confirmation(
    client_for, trainer_east, member, django_capture_on_commit_callbacks
):
    client = client_for(trainer_east)
    data = workbook([[member.email, "mandatory", "01/05/2025", "30/04/2028", "Certificate"]])
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(client, data)
    job = Job.objects.get(owner=trainer_east)
    assert response.status_code == 302
    assert response["Location"] == reverse("training:import_report", args=[job.pk])
    assert job.status == "succeeded"
    assert CompetencyGrant.objects.filter(source="import").count() == 0
    page = client.get(reverse("training:import_report", args=[job.pk]))
    assert "Import 1 records" in page.content.decode()
    response = client.post(reverse("training:import_confirm", args=[job.pk]))
    assert response.status_code == 302
    grant = CompetencyGrant.objects.get(source="import")
    assert (grant.volunteer, grant.valid_until) == (member.volunteer, datetime.date(2028, 4, 30))
    # Confirming twice writes nothing more.
    client.post(reverse("training:import_confirm", args=[job.pk]))
    assert CompetencyGrant.objects.filter(source="import").count() == 1


def test_a_hostile_upload_gets_a_report_and_writes_nothing(
    client_for, trainer_east, django_capture_on_commit_callbacks
):
    client = client_for(trainer_east)
    with django_capture_on_commit_callbacks(execute=True):
        _upload(client, zip_bomb())
    job = Job.objects.get(owner=trainer_east)
    assert job.result["errors"][0]["reason"].startswith("The file expands")
    page = client.get(reverse("training:import_report", args=[job.pk]))
    assert "Nothing was imported" in page.content.decode()
    assert client.post(reverse("training:import_confirm", args=[job.pk])).status_code == 302
    assert CompetencyGrant.objects.filter(source="import").count() == 0


def test_the_upload_form_refuses_other_file_types(client_for, trainer_east):
    response = _upload(client_for(trainer_east), b"a,b", name="records.csv")
    assert response.status_code == 200
    assert "Upload an Excel .xlsx file." in response.content.decode()
    assert not Job.objects.exists()


def test_someone_elses_import_is_a_404(client_for, trainer_east, admin_east):
    job = JobFactory(owner=admin_east, kind=services.IMPORT_KIND)
    client = client_for(trainer_east)
    assert client.get(reverse("training:import_report", args=[job.pk])).status_code == 404
    assert client.post(reverse("training:import_confirm", args=[job.pk])).status_code == 404


def test_confirm_refuses_a_file_with_errors(trainer_east):
    job = JobFactory(
        owner=trainer_east,
        kind=services.IMPORT_KIND,
        status="succeeded",
        result={"rows": [], "errors": [{"row": 2, "column": "Email", "reason": "x"}]},
    )
    with pytest.raises(ValidationError):
        services.confirm_training_import(job=job, by=trainer_east)


def test_import_pages_reject_wrong_methods(client_for, trainer_east):
    job = JobFactory(owner=trainer_east, kind=services.IMPORT_KIND)
    client = client_for(trainer_east)
    assert client.put(reverse("training:import")).status_code == 405
    assert client.post(reverse("training:import_report", args=[job.pk])).status_code == 405
    assert client.get(reverse("training:import_confirm", args=[job.pk])).status_code == 405


def test_members_cannot_import(client_for, member):
    assert client_for(member).get(reverse("training:import")).status_code == 403
