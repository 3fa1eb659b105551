"""The member's record of service: the page, the spreadsheet, and who may see them."""

import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from rostering.models import Hearing
from rostering.service_record import service_record
from tests.rostering.factories import make_session, sit
from tests.training.factories import (
    EnrolmentFactory,
    ObservationFactory,
    TrainingSessionFactory,
    grant,
    make_sitting_member,
)

pytestmark = pytest.mark.django_db

PAGE = reverse("rostering:service_record")
DOWNLOAD = reverse("rostering:service_record_download")


def _past(days):
    return timezone.localdate() - datetime.timedelta(days=days)


@pytest.fixture
def serving(member):
    volunteer = make_sitting_member(member.volunteer, appointed_on=_past(400))
    return volunteer


def _sittings(volunteer, centre, count, *, start=10):
    out = []
    for i in range(count):
        session = make_session(
            centre, date=_past(start + 7 * i), half="AM", reference=f"SCRA-PAST-{start}-{i}"
        )
        out.append(sit(session, volunteer, chair=(i == 0)))
    return out


def _observation(volunteer, centre, **kwargs):
    return ObservationFactory(
        volunteer=volunteer,
        region=volunteer.home_region,
        centre=centre,
        session_date=_past(20),
        **kwargs,
    )


def test_the_page_shows_the_record(client_for, member, serving, east_centre):
    _sittings(serving, east_centre, 2)
    _observation(serving, east_centre, status="released", outcome="meets")
    page = client_for(member).get(PAGE)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Sittings held" in text
    assert "2, 1 as chairing member" in text
    assert "7 (a session counts as 3½ hours)" in text
    assert "1 shared with you in this term" in text
    assert "meets the national standards" in text
    assert east_centre.name in text


def test_a_draft_observation_is_neither_listed_nor_counted(
    client_for, member, serving, east_centre
):
    _observation(serving, east_centre, status="draft")
    text = client_for(member).get(PAGE).content.decode()
    assert "0 shared with you in this term" in text
    assert "No observations shared with you yet." in text


def test_it_refuses_someone_who_does_not_sit(client_for, admin_east):
    client = client_for(admin_east)
    assert client.get(PAGE).status_code == 403
    assert client.get(DOWNLOAD).status_code == 403


def test_it_refuses_post(client_for, member, serving):
    client = client_for(member)
    assert client.post(PAGE).status_code == 405
    assert client.post(DOWNLOAD).status_code == 405


def test_it_asks_a_stranger_to_sign_in(client):
    assert client.get(DOWNLOAD).status_code == 302


def test_the_spreadsheet_reads_back_without_any_childs_details(
    client_for, member, serving, east_centre
):
    sittings = _sittings(serving, east_centre, 2)
    Hearing.objects.create(
        session=sittings[0].session,
        position=9,
        case_reference="K-SECRET-99",
        local_authority_id=sittings[0].session.centre.local_authority_id,
    )
    trained = TrainingSessionFactory(region=serving.home_region, starts_on=_past(30))
    EnrolmentFactory(session=trained, volunteer=serving, attendance="attended")
    grant(serving, "mandatory", granted_on=_past(100), valid_until=_past(-200))
    _observation(serving, east_centre, status="released", outcome="meets")
    response = client_for(member).get(DOWNLOAD)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="record-of-service-')
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == ["Section", "Date", "What", "Where", "Role or state", "Figure or valid until"]
    by_section = {}
    for row in rows[1:]:
        by_section.setdefault(row[0], []).append(row)
    assert [r[5] for r in by_section["Summary"][:3]] == [2, 1, 7]
    assert [(r[1].date(), r[3], r[4]) for r in by_section["Sitting"]] == [
        (sittings[0].date, east_centre.name, "Chairing member"),
        (sittings[1].date, east_centre.name, "Panel member"),
    ]
    assert by_section["Training"][0][2] == trained.course.title
    mandatory = next(r for r in by_section["Competency"] if "Mandatory" in r[2])
    assert mandatory[5].date() == _past(-200)
    assert by_section["Observation"][0][4] == "Panel member: Meets the national standards"
    assert any(r[0] == "Award" for r in rows)
    flat = " ".join(str(c) for row in rows for c in row)
    assert "K-SECRET-99" not in flat
    assert "SCRA-PAST" not in flat  # nor the Reporter's session references


def test_the_record_reads_in_a_fixed_number_of_queries(serving, east_centre):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            record = service_record(serving, on=timezone.localdate())
        return len(ctx.captured_queries), record

    _sittings(serving, east_centre, 1, start=10)
    _observation(serving, east_centre, status="released")
    one, record = count()
    assert record.sat == 1
    _sittings(serving, east_centre, 3, start=100)
    for days in (40, 50):
        ObservationFactory(
            volunteer=serving,
            region=serving.home_region,
            centre=east_centre,
            session_date=_past(days),
            status="released",
        )
    three, record = count()
    assert record.sat == 4
    assert one == three
