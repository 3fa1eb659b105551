"""Importing the Reporter's schedule: hardened reading, a row-level report, idempotent
re-imports, changes to rostered sessions flagged, missing sessions cancelled on request."""

import datetime
import io
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from config.settings import base
from rostering.imports import COLUMNS
from rostering.models import Assignment, Hearing, ScheduleImport, Session
from tests.rostering.factories import make_member, sit

pytestmark = pytest.mark.django_db

ROW = [
    "SCRA-1",
    "Edinburgh Waterloo Place",
    datetime.date(2030, 3, 4),
    "AM",
    "09:30",
    2,
    "City of Edinburgh; Midlothian",
    "K1; K2",
    "In person",
    "No",
]


def workbook(*rows, header=COLUMNS) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def _run_on_commit(django_capture_on_commit_callbacks):
    global _capture
    _capture = django_capture_on_commit_callbacks


def upload(client, data: bytes, name="schedule.xlsx"):
    """Upload through the page; the import task runs (eagerly) once the upload commits."""
    with _capture(execute=True):
        response = client.post(
            reverse("rostering:import_new"), {"file": SimpleUploadedFile(name, data)}
        )
    return response, ScheduleImport.objects.order_by("-pk").first()


def test_a_valid_schedule_is_imported(client_for, admin_east, east_centre):
    client = client_for(admin_east)
    response, schedule = upload(
        client,
        workbook(ROW, ["SCRA-2", *ROW[1:3], "PM", "", 1, "S12000036", "K3", "Virtual", "Yes"]),
    )
    assert response.status_code == 302
    assert response.url == reverse("rostering:import", args=[schedule.pk])
    assert schedule.status == "applied"
    assert schedule.summary["created"] == ["SCRA-1", "SCRA-2"]
    one = Session.objects.get(reference="SCRA-1")
    assert (one.centre, one.region.code, one.half) == (east_centre, "R-EAST", "AM")
    assert [(h.case_reference, h.local_authority.code) for h in one.hearings.all()] == [
        ("K1", "S12000036"),
        ("K2", "S12000019"),
    ]
    two = Session.objects.get(reference="SCRA-2")
    assert (two.start_time, two.mode, two.pre_hearing_panel) == (
        datetime.time(14, 0),
        "virtual",
        True,
    )
    page = client.get(response.url)
    assert b"2 new, 0 updated, 0 unchanged" in page.content


def test_reimporting_the_same_file_changes_nothing(client_for, admin_east, east_centre):
    client = client_for(admin_east)
    upload(client, workbook(ROW))
    _, again = upload(client, workbook(ROW))
    assert again.summary == {
        "created": [],
        "updated": [],
        "flagged": [],
        "unchanged": 1,
        "missing": [],
    }
    assert Session.objects.count() == 1
    assert Hearing.objects.count() == 2


def test_bad_rows_are_reported_by_row_and_column_and_nothing_is_written(
    client_for, admin_east, east_centre, west_centre
):
    client = client_for(admin_east)
    bad = [
        ROW,
        ["SCRA-2", "Nowhere", "31/02/2030", "noon", "9am", "two", "Atlantis", "K9", "Maybe", "?"],
        ["SCRA-3", "Paisley", datetime.date(2030, 3, 4), "PM", "14:00", 2, "Fife", "K7", "", ""],
        ["SCRA-1", *ROW[1:]],
    ]
    _, schedule = upload(client, workbook(*bad))
    assert schedule.status == "invalid"
    found = {(e["row"], e["column"]) for e in schedule.errors}
    assert {
        (3, "Hearing centre"),
        (3, "Date"),
        (3, "Morning or afternoon"),
        (3, "Start time"),
        (3, "Number of hearings"),
        (3, "Local authorities"),
        (3, "In person or virtual"),
        (3, "Pre-hearing panel"),
        (4, "Hearing centre"),  # West's centre: not East's administrator's to import
        (4, "Local authorities"),
        (4, "Case references"),
        (5, "Session reference"),
    } == found
    assert Session.objects.count() == 0
    page = client.get(reverse("rostering:import", args=[schedule.pk]))
    assert b"Problems by row and column" in page.content


def test_formulas_are_refused(client_for, admin_east, east_centre):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(COLUMNS)
    ws.append([*ROW[:5], "=1+1", *ROW[6:]])
    buffer = io.BytesIO()
    wb.save(buffer)
    _, schedule = upload(client_for(admin_east), buffer.getvalue())
    assert schedule.errors == [
        {
            "row": 2,
            "column": "Number of hearings",
            "message": "Formulas are not accepted: type the value itself.",
        }
    ]
    assert Session.objects.count() == 0


def test_a_zip_bomb_is_refused_before_parsing(client_for, admin_east):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (20 * 1024 * 1024))
    _, schedule = upload(client_for(admin_east), buffer.getvalue())
    assert schedule.status == "invalid"
    assert schedule.errors[0]["message"].startswith("The file expands to far more data")


def test_wrong_headers_and_non_xlsx_are_refused(client_for, admin_east):
    client = client_for(admin_east)
    _, schedule = upload(client, workbook(ROW, header=["Ref", "Where"]))
    assert schedule.errors[0]["row"] == 1
    response, _ = upload(client, b"a,b,c", name="schedule.csv")
    assert response.status_code == 200
    assert b"The file must be an Excel workbook" in response.content
    response, _ = upload(client, b"not a zip at all")
    schedule = ScheduleImport.objects.order_by("-pk").first()
    assert schedule.errors[0]["message"].startswith("This is not an Excel (.xlsx) file.")


def test_oversized_files_are_refused(client_for, admin_east):
    response, schedule = upload(client_for(admin_east), b"x" * (5 * 1024 * 1024 + 1))
    assert response.status_code == 200
    assert b"5 MB or smaller" in response.content
    assert schedule is None


def test_the_row_limit_is_a_setting_shown_before_upload_and_enforced(
    client_for, admin_east, east_centre, settings
):
    settings.SCHEDULE_IMPORT_MAX_ROWS = 1
    client = client_for(admin_east)
    assert "with at most 1 sessions" in client.get(reverse("rostering:import_new")).content.decode()
    _, schedule = upload(client, workbook(ROW, ["SCRA-2", *ROW[1:]]))
    assert schedule.status == "invalid"
    assert schedule.errors == [
        {
            "row": 0,
            "column": "",
            "message": "The file has more than 1 rows. Split it into smaller files.",
        }
    ]
    assert Session.objects.count() == 0


def test_the_default_row_limit_allows_a_year_of_sessions(settings):

    assert base.SCHEDULE_IMPORT_MAX_ROWS == 25000


def test_a_workbook_with_macros_is_refused_and_nothing_written(client_for, admin_east, east_centre):
    buffer = io.BytesIO(workbook(ROW))
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("XL/VBAPROJECT.BIN", b"\x00" * 64)
    _, schedule = upload(client_for(admin_east), buffer.getvalue())
    assert schedule.status == "invalid"
    assert "macros are not accepted" in schedule.errors[0]["message"]
    assert Session.objects.count() == 0


def test_a_change_to_a_rostered_session_is_flagged_and_its_panel_told(
    client_for, admin_east, east_centre, east, mailoutbox
):
    client = client_for(admin_east)
    upload(client, workbook(ROW))
    session = Session.objects.get()
    member = make_member(east)
    assignment = sit(session, member)
    _, schedule = upload(client, workbook([*ROW[:4], "10:00", *ROW[5:]]))
    assert schedule.summary["flagged"] == ["SCRA-1"]
    assignment.refresh_from_db()
    session.refresh_from_db()
    assert (assignment.sequence, assignment.status) == (1, "published")
    assert session.needs_review is True
    assert [m.subject for m in mailoutbox] == ["[Children's Panel] A sitting has changed"]
    # Moving it to another day releases the panel (their calendars show a cancellation).
    _, schedule = upload(client, workbook([ROW[0], ROW[1], datetime.date(2030, 3, 5), *ROW[3:]]))
    assignment.refresh_from_db()
    assert (assignment.status, assignment.sequence) == (Assignment.Status.CANCELLED, 2)


def test_sessions_missing_from_a_reimport_are_cancelled_after_confirmation(
    client_for, admin_east, east_centre
):
    client = client_for(admin_east)
    upload(client, workbook(ROW, ["SCRA-2", *ROW[1:]]))
    _, schedule = upload(client, workbook(ROW))
    assert schedule.summary["missing"] == ["SCRA-2"]
    assert Session.objects.get(reference="SCRA-2").status == "scheduled"
    url = reverse("rostering:import_cancel_missing", args=[schedule.pk])
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    assert Session.objects.get(reference="SCRA-2").status == "cancelled"
    # And the next import brings it back rather than duplicating it.
    _, again = upload(client, workbook(ROW, ["SCRA-2", *ROW[1:]]))
    assert again.summary["updated"] == ["SCRA-2"]
    assert Session.objects.count() == 2


def test_someone_elses_import_is_not_found(client_for, admin_east, admin_west, east_centre):
    _, schedule = upload(client_for(admin_east), workbook(ROW))
    client = client_for(admin_west)
    assert client.get(reverse("rostering:import", args=[schedule.pk])).status_code == 404


def test_the_template_downloads_and_reads_back(client_for, admin_east):
    response = client_for(admin_east).get(reverse("rostering:import_template"))
    assert response.status_code == 200
    wb = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    rows = list(wb.worksheets[0].iter_rows(values_only=True))
    assert list(rows[0]) == COLUMNS


def test_members_cannot_import(client_for, member):
    client = client_for(member)
    assert client.get(reverse("rostering:import_new")).status_code == 403


def test_a_session_before_the_centre_joined_a_region_is_refused(
    client_for, admin_east, east_centre
):
    _, schedule = upload(
        client_for(admin_east), workbook([*ROW[:2], datetime.date(2019, 6, 3), *ROW[3:]])
    )
    assert schedule.errors == [
        {
            "row": 2,
            "column": "Hearing centre",
            "message": "Edinburgh Waterloo Place belonged to no region on 03 June 2019.",
        }
    ]
