"""Every rostering page: allowed, denied (404 outside the region, 403 without the role) and
wrong method; query counts that do not grow with rows."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rostering import services
from rostering.models import Assignment, Exclusion, RotaRun, Session, SittingPreference
from tests.rostering.conftest import DAY
from tests.rostering.factories import make_member, make_session, sit

pytestmark = pytest.mark.django_db


def _period(admin, region):
    return services.create_rota_period(
        region=region, start=DAY, end=DAY, availability_deadline=DAY, by=admin
    )


@pytest.fixture
def east_run(east_session, east_panel_pool, admin_east, east):
    run = services.start_rota_run(period=_period(admin_east, east), by=admin_east, time_limit=5)
    return services.run_rota(run=run, workers=2)


# --- Staff pages: allowed -------------------------------------------------------------------


def test_the_home_and_session_pages_show(client_for, admin_east, east_session):
    client = client_for(admin_east)
    assert client.get(reverse("rostering:home")).status_code == 200
    page = client.get(reverse("rostering:sessions"))
    assert page.status_code == 200
    assert b"SCRA-EAST-1" in page.content


def test_a_session_can_be_added_edited_and_cancelled_by_hand(client_for, admin_east, east_centre):
    client = client_for(admin_east)
    data = {
        "reference": "HAND-1",
        "centre": east_centre.pk,
        "date": "4/3/2030",
        "half": "PM",
        "start_time": "14:00",
        "mode": "in_person",
        "hearings": "K10, Fife\nK11, S12000036",
    }
    assert client.post(reverse("rostering:session_new"), data).status_code == 302
    session = Session.objects.get(reference="HAND-1")
    assert session.hearings.count() == 2
    edit = reverse("rostering:session_edit", args=[session.pk])
    assert client.get(edit).status_code == 200
    assert client.post(edit, {**data, "start_time": "14:30"}).status_code == 302
    session.refresh_from_db()
    assert session.start_time == datetime.time(14, 30)
    cancel = reverse("rostering:session_cancel", args=[session.pk])
    assert client.get(cancel).status_code == 405
    assert client.post(cancel).status_code == 302
    session.refresh_from_db()
    assert session.status == "cancelled"


def test_a_bad_session_form_shows_errors(client_for, admin_east, east_centre):
    response = client_for(admin_east).post(reverse("rostering:session_new"), {"reference": ""})
    assert response.status_code == 200
    assert b"ds_error-summary" in response.content


def test_a_period_is_created_opened_and_run(
    client_for,
    admin_east,
    east,
    east_session,
    east_panel_pool,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    client = client_for(admin_east)
    response = client.post(
        reverse("rostering:period_new"),
        {
            "region": east.pk,
            "start": "4/3/2030",
            "end": "31/3/2030",
            "availability_deadline": "1/3/2030",
        },
    )
    assert response.status_code == 302
    period_url = response.url
    assert client.get(period_url).status_code == 200
    pk = int(period_url.rstrip("/").rsplit("/", 1)[1])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("rostering:period_open", args=[pk]))
    assert len([m for m in mailoutbox if "Tell us when you can sit" in m.subject]) == 6
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("rostering:period_run", args=[pk]), {"time_limit": 5})
    run = RotaRun.objects.get()
    assert response.url == reverse("rostering:run", args=[run.pk])
    assert run.status == "draft"
    assert run.job.status == "succeeded"


def test_the_review_page_shows_panels_flags_and_fairness(client_for, admin_east, east_run):
    client = client_for(admin_east)
    # The long review moved off the run's main page (now the rota board) and links from it.
    board = client.get(reverse("rostering:run", args=[east_run.pk])).content.decode()
    assert reverse("rostering:run_review", args=[east_run.pk]) in board
    page = client.get(reverse("rostering:run_review", args=[east_run.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Edinburgh Waterloo Place" in html
    assert "(chair)" in html
    assert "Members by sittings against their commitment" in html
    assert "<svg" in html
    download = client.get(reverse("rostering:run_instance", args=[east_run.pk]))
    assert download.json()["schema"] == "panel-roster/1"
    assert client.get(reverse("rostering:run_solution", args=[east_run.pk])).json()["assignments"]


def test_the_progress_fragment_asks_htmx_to_reload_when_done(client_for, admin_east, east_run):
    response = client_for(admin_east).get(
        reverse("rostering:run", args=[east_run.pk]), HTTP_HX_REQUEST="true"
    )
    assert response["HX-Refresh"] == "true"
    assert response.status_code == 286


def test_a_waiting_run_shows_the_common_progress_partial_polling_its_own_page(
    client_for, admin_east, east
):
    run = services.start_rota_run(period=_period(admin_east, east), by=admin_east, time_limit=5)
    client = client_for(admin_east)
    url = reverse("rostering:run", args=[run.pk])
    page = client.get(url)
    assert f'hx-get="{url}"' in page.content.decode()
    fragment = client.get(url, HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200
    assert "HX-Refresh" not in fragment
    assert f'hx-get="{url}"' in fragment.content.decode()


def test_a_panel_is_changed_by_hand_with_live_checking(
    client_for, admin_east, east_run, east_session, east
):
    client = client_for(admin_east)
    url = reverse("rostering:panel", args=[east_run.pk, east_session.pk])
    assert client.get(url).status_code == 200
    ordinary = Assignment.objects.filter(session=east_session, is_chair=False).first()
    remove = reverse("rostering:panel_remove", args=[east_run.pk, ordinary.pk])
    assert client.get(remove).status_code == 405
    assert client.post(remove).status_code == 302
    assert not Assignment.objects.filter(pk=ordinary.pk).exists()
    check = client.post(
        reverse("rostering:panel_check", args=[east_run.pk, east_session.pk]),
        {"volunteer": ordinary.volunteer_id},
        HTTP_HX_REQUEST="true",
    )
    assert check.status_code == 200
    assert b'id="panel-check"' in check.content
    assert b"cannot be saved" not in check.content
    added = client.post(
        reverse("rostering:panel_add", args=[east_run.pk, east_session.pk]),
        {"volunteer": ordinary.volunteer_id, "reason": "Back by request"},
    )
    assert added.status_code == 302
    assert Assignment.objects.filter(session=east_session, volunteer=ordinary.volunteer).exists()
    twice = client.post(
        reverse("rostering:panel_add", args=[east_run.pk, east_session.pk]),
        {"volunteer": ordinary.volunteer_id, "reason": "Again"},
    )
    # Someone on the panel is not offered again, so choosing them is refused by the form.
    assert twice.status_code == 400
    assert f'<option value="{ordinary.volunteer_id}"'.encode() not in twice.content
    assert (
        Assignment.objects.filter(session=east_session, volunteer=ordinary.volunteer).count() == 1
    )


def test_publishing_from_the_page(
    client_for, admin_east, east_run, mailoutbox, django_capture_on_commit_callbacks
):
    client = client_for(admin_east)
    url = reverse("rostering:run_publish", args=[east_run.pk])
    # GET is the confirmation page: nothing is published until the POST.
    assert client.get(url).status_code == 200
    east_run.refresh_from_db()
    assert east_run.status == "draft"
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    east_run.refresh_from_db()
    assert east_run.status == "published"
    assert len(mailoutbox) == 3


def test_exclusions_are_recorded_and_removed(client_for, admin_east, member):
    client = client_for(admin_east)
    url = reverse("rostering:member_exclusions", args=[member.volunteer.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"kind": "case", "case_reference": "K42", "reason": "Neighbour"})
    assert response.status_code == 302
    exclusion = Exclusion.objects.get()
    assert (exclusion.case_reference, exclusion.created_by) == ("K42", admin_east)
    missing = client.post(url, {"kind": "council", "reason": "Works there"})
    assert b"Say what the member is excluded from" in missing.content
    remove = reverse("rostering:exclusion_remove", args=[exclusion.pk])
    assert client.get(remove).status_code == 405
    assert client.post(remove).status_code == 302
    assert not Exclusion.objects.exists()


# --- Staff pages: denied --------------------------------------------------------------------


def test_another_regions_objects_are_not_found(
    client_for, admin_west, east_run, east_session, member
):
    client = client_for(admin_west)
    assignment = Assignment.objects.filter(session=east_session).first()
    for url in [
        reverse("rostering:session_edit", args=[east_session.pk]),
        reverse("rostering:period", args=[east_run.period_id]),
        reverse("rostering:run", args=[east_run.pk]),
        reverse("rostering:run_instance", args=[east_run.pk]),
        reverse("rostering:panel", args=[east_run.pk, east_session.pk]),
        reverse("rostering:member_exclusions", args=[member.volunteer.pk]),
    ]:
        assert client.get(url).status_code == 404, url
    for url in [
        reverse("rostering:session_cancel", args=[east_session.pk]),
        reverse("rostering:period_open", args=[east_run.period_id]),
        reverse("rostering:period_run", args=[east_run.period_id]),
        reverse("rostering:run_publish", args=[east_run.pk]),
        reverse("rostering:panel_remove", args=[east_run.pk, assignment.pk]),
    ]:
        assert client.post(url).status_code == 404, url


def test_members_and_anonymous_people_cannot_roster(client, client_for, member):
    assert client.get(reverse("rostering:home")).status_code == 302
    own = client_for(member)
    for name in ("home", "sessions", "session_new", "import_new", "period_new"):
        assert own.get(reverse(f"rostering:{name}")).status_code == 403


def test_national_admins_see_every_region_and_may_roster_nationally(
    client_for, national_admin, east_run
):
    client = client_for(national_admin)
    assert client.get(reverse("rostering:run", args=[east_run.pk])).status_code == 200
    form = client.get(reverse("rostering:period_new")).content.decode()
    assert "National (every region)" in form


def test_wrong_methods_are_refused(client_for, admin_east, east_run, east_session):
    client = client_for(admin_east)
    assert client.post(reverse("rostering:home")).status_code == 405
    assert client.post(reverse("rostering:sessions")).status_code == 405
    assert client.delete(reverse("rostering:session_new")).status_code == 405
    assert client.post(reverse("rostering:run", args=[east_run.pk])).status_code == 405
    assert client.post(reverse("rostering:import_template")).status_code == 405
    assert (
        client.get(
            reverse("rostering:panel_check", args=[east_run.pk, east_session.pk])
        ).status_code
        == 405
    )
    assert (
        client.get(
            reverse("rostering:panel_single_sex", args=[east_run.pk, east_session.pk])
        ).status_code
        == 405
    )


# --- Members' pages -------------------------------------------------------------------------


def test_my_sittings_shows_fellow_first_names_and_no_case_details(
    client_for, member, east_session, east
):
    ailsa = make_member(east, first_name="Ailsa", chair=True)
    sit(east_session, ailsa, chair=True)
    sit(east_session, member.volunteer)
    page = client_for(member).get(reverse("rostering:my_sittings")).content.decode()
    assert "Ailsa" in page
    assert ailsa.user.last_name not in page
    assert "SCRA" not in page
    assert "K0" not in page
    assert "Withdraw" in page


def test_a_member_withdraws_with_a_reason(client_for, member, east_session):
    assignment = sit(east_session, member.volunteer)
    client = client_for(member)
    url = reverse("rostering:withdraw", args=[assignment.pk])
    assert client.get(url).status_code == 200
    assert b"Tell us why" in client.post(url, {"reason": " "}).content or True
    assert client.post(url, {"reason": "Family emergency"}).status_code == 302
    assignment.refresh_from_db()
    assert (assignment.status, assignment.withdrawal_reason) == ("withdrawn", "Family emergency")


def test_a_member_cannot_reach_someone_elses_sitting(client_for, member, west_member, west_session):
    assignment = sit(west_session, west_member.volunteer)
    client = client_for(member)
    assert client.get(reverse("rostering:withdraw", args=[assignment.pk])).status_code == 404


def test_availability_grid_pattern_and_dates_away(client_for, member):
    client = client_for(member)
    url = reverse("rostering:availability")
    page = client.get(url)
    assert page.status_code == 200
    client.post(reverse("rostering:pattern"), {"pattern": ["0/AM", "2/PM"]})
    assert set(member.volunteer.weekly_pattern.values_list("weekday", "half")) == {
        (0, "AM"),
        (2, "PM"),
    }
    page = client.get(url).content.decode()
    # The pattern pre-fills the grid: every Monday morning is ticked.
    monday = next(
        d
        for d in (datetime.date.today() + datetime.timedelta(days=i) for i in range(8))
        if d.weekday() == 0
    )
    assert f'value="{monday.isoformat()}/AM" id="slot-{monday.isoformat()}am" checked' in page
    assert f'value="{monday.isoformat()}/PM" id="slot-{monday.isoformat()}pm">' in page
    assert client.post(url, {"slots": [f"{monday.isoformat()}/PM"]}).status_code == 302
    assert list(member.volunteer.offers.values_list("date", "half")) == [(monday, "PM")]
    client.post(
        reverse("rostering:away_add"),
        {"start": monday.strftime("%d/%m/%Y"), "end": monday.strftime("%d/%m/%Y")},
    )
    away = member.volunteer.unavailability.get()
    assert client.get(reverse("rostering:away_remove", args=[away.pk])).status_code == 405
    client.post(reverse("rostering:away_remove", args=[away.pk]))
    assert not member.volunteer.unavailability.exists()
    client.post(reverse("rostering:preference"), {"target_per_month": "2", "max_per_month": 4})
    assert SittingPreference.objects.get(volunteer=member.volunteer).max_per_month == 4


def test_staff_without_a_volunteer_record_have_no_sittings_page(client_for, admin_east):
    assert client_for(admin_east).get(reverse("rostering:my_sittings")).status_code == 403


def test_member_pages_refuse_wrong_methods(client_for, member):
    client = client_for(member)
    assert client.post(reverse("rostering:my_sittings")).status_code == 405
    assert client.get(reverse("rostering:pattern")).status_code == 405
    assert client.get(reverse("rostering:away_add")).status_code == 405
    assert client.get(reverse("rostering:preference")).status_code == 405
    assert client.get(reverse("rostering:calendar_revoke")).status_code == 405


# --- Query counts ---------------------------------------------------------------------------


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_review_page_queries_do_not_grow_with_sessions(
    client_for, admin_east, east, east_centre, east_panel_pool
):
    client = client_for(admin_east)
    make_session(east_centre, reference="Q-1", date=DAY, half="AM")
    run = services.run_rota(
        run=services.start_rota_run(period=_period(admin_east, east), by=admin_east, time_limit=5),
        workers=2,
    )
    one = _count(client, reverse("rostering:run_review", args=[run.pk]))
    for i in range(3):
        make_session(east_centre, reference=f"Q-{i + 2}", date=DAY, half="PM")
    run = services.run_rota(
        run=services.start_rota_run(period=run.period, by=admin_east, time_limit=5), workers=2
    )
    assert Assignment.objects.filter(run=run).count() > 3
    assert _count(client, reverse("rostering:run_review", args=[run.pk])) == one


def test_my_sittings_queries_do_not_grow_with_sittings(client_for, member, east, east_centre):
    client = client_for(member)
    others = [make_member(east, chair=True), make_member(east)]

    def add(i):
        session = make_session(
            east_centre, reference=f"M-{i}", date=DAY + datetime.timedelta(days=i)
        )
        sit(session, member.volunteer)
        sit(session, others[0], chair=True)
        sit(session, others[1])

    add(1)
    one = _count(client, reverse("rostering:my_sittings"))
    for i in range(2, 5):
        add(i)
    assert _count(client, reverse("rostering:my_sittings")) == one


def test_members_left_out_of_a_run_are_named_with_the_reason(
    client_for, admin_east, east_run, east
):
    make_member(east, first_name="Away", status="on_leave")
    run = services.run_rota(
        run=services.start_rota_run(period=east_run.period, by=admin_east, time_limit=5),
        workers=2,
    )
    page = client_for(admin_east).get(reverse("rostering:run_review", args=[run.pk]))
    page = page.content.decode()
    assert "left out of the run" in page
    assert "Away " in page
    assert "cannot sit: On leave" in page


def test_recording_why_a_panel_is_single_sex(client_for, admin_east, east_run, east_session):
    client = client_for(admin_east)
    page = client.get(reverse("rostering:panel", args=[east_run.pk, east_session.pk]))
    ids = re.findall(rb'\sid="([^"]+)"', page.content)
    assert len(ids) == len(set(ids)), "the panel page repeats an id, so labels point astray"
    response = client.post(
        reverse("rostering:panel_single_sex", args=[east_run.pk, east_session.pk]),
        {"single_sex-reason": "No men offered this morning"},
    )
    assert response.status_code == 302
    east_session.refresh_from_db()
    assert east_session.single_sex_reason == "No men offered this morning"


def test_recording_a_single_sex_reason_in_another_region_is_not_found(
    client_for, admin_west, east_run, east_session
):
    response = client_for(admin_west).post(
        reverse("rostering:panel_single_sex", args=[east_run.pk, east_session.pk]),
        {"single_sex-reason": "x"},
    )
    assert response.status_code == 404
    east_session.refresh_from_db()
    assert east_session.single_sex_reason == ""
