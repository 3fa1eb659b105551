"""Importing the Reporter's schedule: hardened reading, a row-level report, idempotent
re-imports, changes to rostered sessions flagged, missing sessions cancelled on request."""

import datetime
import io
import math
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from common.models import Job
from config.settings import base
from rostering import tasks
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


# --- National scale: a year in one file, in bulk -----------------------------------------


def national_rows(count: int, *, first: int = 0):
    """`count` distinct sessions at one centre, two a day, with one to three hearings each."""
    councils = ["City of Edinburgh", "Midlothian", "S12000036"]
    for i in range(first, first + count):
        hearings = 1 + i % 3
        yield [
            f"SCRA-{i:06d}",
            "Edinburgh Waterloo Place",
            datetime.date(2030, 1, 7) + datetime.timedelta(days=i // 2),
            "AM" if i % 2 == 0 else "PM",
            "",
            hearings,
            "; ".join(councils[:hearings]),
            "; ".join(f"K{i}-{j}" for j in range(hearings)),
            "In person",
            "No",
        ]


def big_workbook(rows) -> bytes:
    """A real .xlsx as Excel writes one: with its declared size, which paces reading progress
    (openpyxl's streaming writer leaves it out)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(COLUMNS)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_ten_thousand_rows_are_imported_and_a_reimport_changes_nothing(
    client_for, admin_east, east_centre
):
    client = client_for(admin_east)
    data = big_workbook(national_rows(10_000))
    _, first = upload(client, data)
    assert first.status == "applied", first.errors[:3]
    assert len(first.summary["created"]) == 10_000
    assert Session.objects.count() == 10_000
    # One, two and three hearings in turn: 3,334 + 3,333 × 2 + 3,333 × 3.
    assert Hearing.objects.count() == 19_999
    assert set(Session.objects.values_list("region__code", flat=True)) == {"R-EAST"}
    before = dict(Session.objects.values_list("reference", "pk"))
    stamps = dict(Session.objects.values_list("reference", "updated_at"))
    hearings = list(Hearing.objects.values_list("pk", flat=True))

    _, again = upload(client, data)

    assert again.status == "applied"
    assert again.summary == {
        "created": [],
        "updated": [],
        "flagged": [],
        "unchanged": 10_000,
        "missing": [],
    }
    assert dict(Session.objects.values_list("reference", "pk")) == before
    assert dict(Session.objects.values_list("reference", "updated_at")) == stamps
    assert list(Hearing.objects.values_list("pk", flat=True)) == hearings


def _queries_to_import(client, rows) -> tuple[int, int]:
    """(queries other than INSERTs, INSERTs) for one upload and its import."""
    data = big_workbook(rows)
    with CaptureQueriesContext(connection) as queries:
        _, schedule = upload(client, data)
    assert schedule.status == "applied", schedule.errors[:3]
    inserts = sum(q["sql"].lstrip().upper().startswith("INSERT") for q in queries)
    return len(queries) - inserts, inserts


def _batches(model, count: int) -> int:
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    return math.ceil(count / connection.ops.bulk_batch_size(fields, [None] * count))


def test_the_queries_an_import_makes_do_not_grow_with_its_rows(client_for, admin_east, east_centre):
    client = client_for(admin_east)
    small = _queries_to_import(client, national_rows(100))
    large = _queries_to_import(client, national_rows(1_000, first=100))
    assert large[0] == small[0]
    # Bulk inserts are split only where the database caps a statement's parameters (SQLite's
    # 999): 1,000 rows and their 2,000 hearings add those batches and nothing per row.
    extra = _batches(Session, 1_000) + _batches(Hearing, 2_000)
    assert large[1] <= small[1] + extra
    assert Session.objects.count() == 1_100


def test_a_database_error_part_way_writes_nothing(client_for, admin_east, east_centre, monkeypatch):
    client = client_for(admin_east)
    upload(client, workbook(ROW))
    real_bulk_create = Hearing.objects.bulk_create

    def bulk_create_with_a_clash(objs, **kwargs):
        # Last of all, after the new sessions and their hearings are in and SCRA-1 is updated:
        # one hearing repeats a position, which the one_hearing_per_position constraint refuses.
        objs = list(objs)
        if any(h.case_reference == "K5" for h in objs):
            clash = Hearing(
                session_id=objs[0].session_id,
                position=objs[0].position,
                case_reference="K999",
                local_authority_id=objs[0].local_authority_id,
            )
            objs.append(clash)
        return real_bulk_create(objs, **kwargs)

    monkeypatch.setattr(Hearing.objects, "bulk_create", bulk_create_with_a_clash)
    changed = [ROW[0], *ROW[1:4], "10:00", 1, "Midlothian", "K5", *ROW[8:]]
    with pytest.raises(IntegrityError):
        upload(client, workbook(changed, *national_rows(50)))

    schedule = ScheduleImport.objects.order_by("-pk").first()
    assert schedule.status == "failed"
    assert schedule.job.status == "failed"
    assert list(Session.objects.values_list("reference", "start_time")) == [
        ("SCRA-1", datetime.time(9, 30))
    ]
    assert list(Hearing.objects.values_list("case_reference", flat=True)) == ["K1", "K2"]


@pytest.mark.django_db(transaction=True)
def test_progress_is_committed_while_the_import_runs(
    client_for, admin_east, east_centre, monkeypatch
):
    """Each step of progress is read back from a second database connection as it is written:
    visible there only if it was committed, not held in the import's transaction."""

    other = connections.create_connection("default")
    seen = []
    real_set_job_progress = tasks.set_job_progress

    def set_job_progress(*, job, **kwargs):
        real_set_job_progress(job=job, **kwargs)
        with other.cursor() as cursor:
            cursor.execute(
                "SELECT done FROM common_job WHERE id = %s",
                [Job._meta.pk.get_db_prep_value(job.pk, other)],
            )
            seen.append(cursor.fetchone()[0])

    monkeypatch.setattr(tasks, "set_job_progress", set_job_progress)
    try:
        _, schedule = upload(client_for(admin_east), big_workbook(national_rows(400)))
    finally:
        other.close()
    assert schedule.status == "applied"
    assert len(set(seen)) >= 10
    assert seen == sorted(seen)
    # Reading, checking and matching each move the bar at every twentieth of the rows.
    assert len(seen) >= 60
