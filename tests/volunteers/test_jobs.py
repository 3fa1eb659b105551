"""The Job record, its progress fragment and the people export that runs through it."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from common.jobs import fail_job, finish_job, set_job_progress, start_job
from common.models import Job
from common.spreadsheets import build_workbook, safe_text
from tests.factories import JobFactory, VolunteerFactory

pytestmark = pytest.mark.django_db


def test_progress_is_recorded(admin_east):
    job = start_job(owner=admin_east, kind="test", title="Test")
    set_job_progress(job=job, done=3, total=12, message="Working")
    assert (job.status, job.done, job.total, job.percent) == ("running", 3, 12, 25)
    assert job.started_at is not None
    finish_job(job=job, message="Done", result={"rows": 12})
    assert (job.status, job.percent, job.result) == ("succeeded", 100, {"rows": 12})
    assert job.finished_at is not None


def test_failure_is_recorded(admin_east):
    job = start_job(owner=admin_east, kind="test", title="Test")
    fail_job(job=job, message="The file could not be read.")
    assert (job.status, job.message, job.is_finished) == (
        "failed",
        "The file could not be read.",
        True,
    )


def test_owner_sees_the_job_page(client_for, admin_east):
    job = JobFactory(owner=admin_east, total=4, done=1, status="running")
    response = client_for(admin_east).get(reverse("jobs:detail", args=[job.pk]))
    assert response.status_code == 200
    assert b'hx-trigger="every 2s"' in response.content
    assert b'value="25"' in response.content


def test_htmx_gets_the_fragment_and_stops_polling_when_finished(client_for, admin_east):
    job = JobFactory(owner=admin_east, status="succeeded")
    response = client_for(admin_east).get(
        reverse("jobs:detail", args=[job.pk]), headers={"HX-Request": "true"}
    )
    assert response.status_code == 286
    assert b"<html" not in response.content
    assert b"hx-trigger" not in response.content


def test_someone_elses_job_is_not_found(client_for, admin_east, admin_west):
    job = JobFactory(owner=admin_west)
    assert client_for(admin_east).get(reverse("jobs:detail", args=[job.pk])).status_code == 404
    assert client_for(admin_east).get(reverse("jobs:download", args=[job.pk])).status_code == 404


def test_job_page_rejects_posts(client_for, admin_east):
    job = JobFactory(owner=admin_east)
    assert client_for(admin_east).post(reverse("jobs:detail", args=[job.pk])).status_code == 405


def test_an_unfinished_job_has_nothing_to_download(client_for, admin_east):
    job = JobFactory(owner=admin_east, status="running")
    assert client_for(admin_east).get(reverse("jobs:download", args=[job.pk])).status_code == 404


def test_download_rejects_posts(client_for, admin_east):
    job = JobFactory(owner=admin_east)
    assert client_for(admin_east).post(reverse("jobs:download", args=[job.pk])).status_code == 405


def test_people_export_runs_as_a_job_and_is_formula_safe(
    client_for, admin_east, east, west_member, django_capture_on_commit_callbacks
):
    VolunteerFactory(home_region=east, user__first_name='=HYPERLINK("http://evil")')
    client = client_for(admin_east)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("volunteers:people_export"))
    job = Job.objects.get()
    assert response.url == reverse("jobs:detail", args=[job.pk])
    assert job.status == "succeeded", job.message
    download = client.get(reverse("jobs:download", args=[job.pk]))
    assert download.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][:3] == ("First name", "Last name", "Email")
    emails = {row[2] for row in rows[1:]}
    assert west_member.email not in emails  # another region's member is not exported
    assert admin_east.email in emails
    first_names = [row[0] for row in rows[1:]]
    assert '\'=HYPERLINK("http://evil")' in first_names
    assert all(cell.data_type != "f" for row in workbook.active.iter_rows() for cell in row)


def test_people_export_is_forbidden_to_members(client_for, member):
    assert client_for(member).post(reverse("volunteers:people_export")).status_code == 403
    assert not Job.objects.exists()


def test_people_export_rejects_get(client_for, admin_east):
    assert client_for(admin_east).get(reverse("volunteers:people_export")).status_code == 405


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_cells_that_look_like_formulas_are_neutralised(text):
    assert safe_text(text) == "'" + text
    content = build_workbook(title="T", headers=["A"], rows=[[text]])
    cell = load_workbook(io.BytesIO(content)).active["A2"]
    # XML turns a lone CR into LF; what matters is the leading quote and the string type.
    assert (cell.value[0], cell.value[2:], cell.data_type) == ("'", text[1:], "s")


def test_ordinary_values_are_untouched():
    assert safe_text("Morag") == "Morag"
    assert safe_text(-3) == -3
