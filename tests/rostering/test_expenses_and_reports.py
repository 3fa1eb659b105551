"""Attendance, expense claims against the rate table, finance export, and rota reports."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rostering.models import ExpenseClaim, ExpenseRate
from tests.rostering.factories import make_member, make_session, sit

pytestmark = pytest.mark.django_db

PAST = datetime.date(2024, 3, 4)


@pytest.fixture
def past_sitting(east_centre, member):
    session = make_session(east_centre, reference="PAST-1", date=PAST)
    return sit(session, member.volunteer)


def test_attendance_then_a_claim_then_approval_and_export(
    client_for, admin_east, member, past_sitting
):
    ExpenseRate.objects.create(valid_from=datetime.date(2024, 1, 1), pence_per_mile=45)
    admin = client_for(admin_east)
    url = reverse("rostering:session_attendance", args=[past_sitting.session_id])
    assert admin.get(url).status_code == 200
    admin.post(url, {f"attended-{past_sitting.pk}": "yes"})
    past_sitting.refresh_from_db()
    assert past_sitting.attended is True

    own = client_for(member)
    claim_url = reverse("rostering:expense_claim", args=[past_sitting.pk])
    page = own.get(claim_url)
    assert b"miles from home to the centre and back" in page.content
    too_much = own.post(claim_url, {"subsistence": "50", "loss_of_earnings": "0"})
    assert b"At most" in too_much.content
    assert own.post(claim_url, {"subsistence": "6.50", "loss_of_earnings": "0"}).status_code == 302
    claim = ExpenseClaim.objects.get()
    # Home (55.94, -3.20) to centre (55.95, -3.19): about 1.26 km each way.
    assert claim.miles == Decimal("1.6")
    assert claim.mileage_pence == 72
    assert claim.subsistence_pence == 650

    admin = client_for(admin_east)
    assert b"1.6 miles" in admin.get(reverse("rostering:expenses")).content
    decide = reverse("rostering:expense_decide", args=[claim.pk])
    assert admin.get(decide).status_code == 405
    admin.post(decide, {"decision": "reject"})
    claim.refresh_from_db()
    assert claim.status == "submitted"  # a rejection needs a note
    admin.post(decide, {"decision": "approve"})
    claim.refresh_from_db()
    assert (claim.status, claim.decided_by) == ("approved", admin_east)
    export = admin.get(reverse("rostering:expense_export"))
    rows = list(
        openpyxl.load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True)
    )
    assert rows[1][2:9] == ("2024-03-04", "Edinburgh Waterloo Place", 1.6, 0.72, 6.5, 0, 7.22)


def test_no_claim_before_attendance_is_recorded(client_for, member, past_sitting):
    own = client_for(member)
    url = reverse("rostering:expense_claim", args=[past_sitting.pk])
    assert b"once the rota team has recorded" in own.get(url).content
    own.post(url, {"subsistence": "1", "loss_of_earnings": "0"})
    assert not ExpenseClaim.objects.exists()


def test_another_regions_claims_and_sessions_are_not_found(client_for, admin_west, past_sitting):
    client = client_for(admin_west)
    url = reverse("rostering:session_attendance", args=[past_sitting.session_id])
    assert client.get(url).status_code == 404
    past_sitting.attended = True
    past_sitting.save()
    claim = ExpenseClaim.objects.create(assignment=past_sitting, miles=1, mileage_pence=45)
    decide = reverse("rostering:expense_decide", args=[claim.pk])
    assert client.post(decide, {"decision": "approve"}).status_code == 404


def test_reports_give_rates_cover_and_members_below_the_minimum(
    client_for, admin_east, east, east_centre, member
):
    chair = make_member(east, sex="M", chair=True)
    other = make_member(east, sex="F")
    full = make_session(east_centre, reference="R-1", date=PAST)
    for volunteer, is_chair in ((chair, True), (other, False), (member.volunteer, False)):
        sit(full, volunteer, chair=is_chair)
    make_session(east_centre, reference="R-2", date=PAST, half="PM")
    client = client_for(admin_east)
    query = {"start": "1/3/2024", "end": "31/3/2024", "minimum": "1"}
    page = client.get(reverse("rostering:reports"), query)
    assert page.status_code == 200
    report = page.context["report"]
    assert (report.total.sessions, report.total.complete, report.total.mixed) == (2, 1, 1)
    assert report.total.fill_rate == 50
    assert report.total.local_rate == 100
    assert {m["sittings"] for m in report.members} == {1}
    assert len(report.below_minimum) == 0
    assert b"<svg" in page.content
    export = client.get(reverse("rostering:report_export"), query)
    rows = list(
        openpyxl.load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True)
    )
    assert rows[0] == ("Member", "Region", "Sittings", "Commitment")
    assert len(rows) == 4
    higher = client.get(reverse("rostering:reports"), {**query, "minimum": "2"})
    assert len(higher.context["report"].below_minimum) == 3


def test_report_queries_do_not_grow_with_sessions(client_for, admin_east, east, east_centre):
    client = client_for(admin_east)
    query = {"start": "1/3/2024", "end": "31/3/2024", "minimum": "1"}

    def count():
        with CaptureQueriesContext(connection) as ctx:
            client.get(reverse("rostering:reports"), query)
        return len(ctx.captured_queries)

    member = make_member(east, chair=True)
    sit(make_session(east_centre, reference="C-1", date=PAST), member, chair=True)
    one = count()
    for i in range(3):
        other = make_member(east, chair=True)
        sit(make_session(east_centre, reference=f"C-{i + 2}", date=PAST), other, chair=True)
    assert count() == one


def test_reports_and_expenses_are_for_rota_managers(client_for, member):
    client = client_for(member)
    for name in ("reports", "expenses", "expense_export", "report_export"):
        assert client.get(reverse(f"rostering:{name}")).status_code == 403
    assert client.post(reverse("rostering:reports")).status_code == 405
