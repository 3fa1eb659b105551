"""The rota board: the run's main page, panels changed in place, "Fill the rest", publishing
with a confirmation page."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from rostering import board, services
from rostering.models import Assignment, RotaRun
from rostering.services.holds import start_fill_the_rest
from rostering.solver import suggest_cover
from rostering.solver_ids import session_id
from tests.rostering.conftest import DAY
from tests.rostering.factories import make_member, make_session
from volunteers.models import Volunteer

pytestmark = pytest.mark.django_db

LATER = DAY + datetime.timedelta(days=1)


def _run(admin, region, *, start=DAY, end=LATER):
    period = services.create_rota_period(
        region=region, start=start, end=end, availability_deadline=start, by=admin
    )
    run = services.start_rota_run(period=period, by=admin, time_limit=5)
    return services.run_rota(run=run, workers=2)


@pytest.fixture
def short_session(east_centre, east):
    """A second session nobody can complete: only Shona offered that morning."""
    session = make_session(east_centre, date=LATER, half="AM", reference="SCRA-SHORT")
    make_member(east, sex="F", chair=False, first_name="Shona", slots=[(LATER, "AM")])
    return session


@pytest.fixture
def run(east_session, short_session, east_panel_pool, admin_east, east):
    return _run(admin_east, east)


def _panel_url(name, run, pk):
    return reverse(f"rostering:{name}", args=[run.pk, pk])


# --- Views: allowed, denied, wrong method ---------------------------------------------------


def test_the_board_is_the_runs_page(client_for, admin_east, run):
    page = client_for(admin_east).get(reverse("rostering:run", args=[run.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Rota board" in html
    assert "Edinburgh Waterloo Place" in html
    assert ">Chair</strong>" in html
    assert "1 of 2 panels complete" in " ".join(html.split()).replace(
        '<span class="app-stat">1</span> ', "1 "
    )
    assert reverse("rostering:run_review", args=[run.pk]) in html


def test_another_regions_rota_manager_finds_none_of_it(client_for, admin_west, run, east_session):
    client = client_for(admin_west)
    assignment = Assignment.objects.filter(session=east_session).first()
    for url in (
        reverse("rostering:run", args=[run.pk]),
        _panel_url("board_panel", run, east_session.pk),
        reverse("rostering:run_publish", args=[run.pk]),
    ):
        assert client.get(url).status_code == 404, url
    for url in (
        _panel_url("board_add", run, east_session.pk),
        _panel_url("board_remove", run, assignment.pk),
        reverse("rostering:board_fill_rest", args=[run.pk]),
        _panel_url("publish_reason", run, east_session.pk),
    ):
        assert client.post(url).status_code == 404, url


def test_the_board_refuses_wrong_methods(client_for, admin_east, run, east_session):
    client = client_for(admin_east)
    assignment = Assignment.objects.filter(session=east_session).first()
    assert client.post(_panel_url("board_panel", run, east_session.pk)).status_code == 405
    assert client.get(_panel_url("board_add", run, east_session.pk)).status_code == 405
    assert client.get(_panel_url("board_remove", run, assignment.pk)).status_code == 405
    assert client.get(reverse("rostering:board_fill_rest", args=[run.pk])).status_code == 405
    assert client.get(_panel_url("publish_reason", run, east_session.pk)).status_code == 405
    assert client.put(reverse("rostering:run_publish", args=[run.pk])).status_code == 405


def test_a_session_outside_the_run_is_not_found(client_for, admin_east, run, east_centre):
    other = make_session(east_centre, date=DAY + datetime.timedelta(days=20), reference="OUT")
    assert client_for(admin_east).get(_panel_url("board_panel", run, other.pk)).status_code == 404


# --- Query counts ---------------------------------------------------------------------------


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_board_queries_do_not_grow_with_sessions(client_for, admin_east, east, east_centre):
    """One week of sessions, then five: the month's board reads the same number of times."""
    days = [datetime.date(2030, 3, 1) + datetime.timedelta(days=7 * i) for i in range(5)]
    slots = [(d, "AM") for d in days]
    for i, sex in enumerate("FMFMFM"):
        make_member(east, sex=sex, chair=i < 3, slots=slots)
    client = client_for(admin_east)
    make_session(east_centre, reference="W-0", date=days[0])
    one = _run(admin_east, east, start=days[0], end=days[-1])
    url = reverse("rostering:run", args=[one.pk]) + "?span=month&week=2030-03-04"
    first = _count(client, url)
    for i, day in enumerate(days[1:], 1):
        make_session(east_centre, reference=f"W-{i}", date=day)
    five = services.run_rota(
        run=services.start_rota_run(period=one.period, by=admin_east, time_limit=5), workers=2
    )
    assert Assignment.objects.filter(run=five).count() == 15
    url = reverse("rostering:run", args=[five.pk]) + "?span=month&week=2030-03-04"
    assert _count(client, url) == first


# --- Filters --------------------------------------------------------------------------------


def test_filters_narrow_the_board(client_for, admin_east, run, east_session, short_session):
    client = client_for(admin_east)
    url = reverse("rostering:run", args=[run.pk])
    unfilled = client.get(url, {"unfilled": "1", "layout": "table"}).content.decode()
    assert f'id="open-{short_session.pk}"' in unfilled
    assert f'id="open-{east_session.pk}"' not in unfilled
    assert "1 panel shown (filtered)" in unfilled
    chair = Assignment.objects.get(session=east_session, is_chair=True)
    mine = client.get(url, {"member": chair.volunteer_id, "layout": "table"}).content.decode()
    assert f'id="open-{east_session.pk}"' in mine
    assert f'id="open-{short_session.pk}"' not in mine
    flagged = client.get(url, {"flagged": "1"}).content.decode()
    assert f'id="open-{short_session.pk}"' in flagged
    nowhere = client.get(url, {"centre": "999999"}).content.decode()
    assert "0 panels shown (filtered)" in nowhere


# --- Changing a panel in place --------------------------------------------------------------


def test_removing_and_adding_in_place_updates_the_words_and_the_summary(
    client_for, admin_east, run, east_session
):
    client = client_for(admin_east)
    ordinary = Assignment.objects.filter(session=east_session, is_chair=False).first()
    removed = client.post(
        _panel_url("board_remove", run, ordinary.pk), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "Not complete: 2 of 3 members; 1 seat to fill." in removed
    assert 'id="board-summary"' in removed
    assert 'hx-swap-oob="true"' in removed
    assert '<span class="app-stat">0</span> of 2 panels complete' in removed
    assert "taken off the panel" in removed
    assert f'id="cell-{east_session.pk}"' in removed
    added = client.post(
        _panel_url("board_add", run, east_session.pk),
        {"pick": str(ordinary.volunteer_id), "reason": "Asked for"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert "Complete: 3 of 3 members, chaired by" in added
    assert '<span class="app-stat">1</span> of 2 panels complete' in added
    assert Assignment.objects.get(session=east_session, volunteer=ordinary.volunteer).created_by


def test_an_add_that_breaks_a_rule_is_refused_with_the_reason(
    client_for, admin_east, run, east_session
):
    sitting = Assignment.objects.filter(session=east_session).first()
    response = client_for(admin_east).post(
        _panel_url("board_add", run, east_session.pk),
        {"pick": str(sitting.volunteer_id)},
        HTTP_HX_REQUEST="true",
    )
    assert "already on this panel" in response.content.decode()
    assert "That change was not made" in response.content.decode()


def test_candidates_are_ranked_by_the_engine_and_exclude_the_panel(
    client_for, admin_east, run, east_session
):
    ordinary = Assignment.objects.filter(session=east_session, is_chair=False).first()
    services.remove_member(run=run, assignment=ordinary, reason="", by=admin_east)
    panel = board.one_panel(run, east_session.pk)
    words = board.panel_words(run, panel)
    on_panel = {s.assignment.volunteer_id for s in panel.seats}
    names = [c["pk"] for c in words["candidates"]]
    assert names
    assert not on_panel & set(names)
    instance, rota = board.run_for_engine(run)
    expected = [
        int(c["volunteer"][1:])
        for c in suggest_cover(instance, session_id(east_session.pk), 8, assignments=rota)
    ]
    assert names == expected
    page = client_for(admin_east).get(_panel_url("board_panel", run, east_session.pk))
    assert "sitting so far" in page.content.decode() or "sittings so far" in page.content.decode()
    assert f"C{east_session.centre_id} " not in page.content.decode()


def test_a_panels_words_follow_its_state(run, short_session):
    panel = board.one_panel(run, short_session.pk)
    assert panel.headline == (
        "Not complete: 1 of 3 members; 2 seats to fill. There is no chairing member yet."
    )
    assert "Nobody else" in board.panel_words(run, panel)["short"]
    assert board.sittings_words(2, 1.62) == "2 of 2 sittings"


# --- Fill the rest --------------------------------------------------------------------------


def test_fill_the_rest_keeps_the_choices_made_by_hand(
    client_for, admin_east, run, east_session, django_capture_on_commit_callbacks
):
    ordinary = Assignment.objects.filter(session=east_session, is_chair=False).first()
    services.remove_member(run=run, assignment=ordinary, reason="", by=admin_east)
    panel = board.one_panel(run, east_session.pk)
    pick = board.panel_words(run, panel)["candidates"][-1]
    chosen = services.add_member(
        run=run,
        session=east_session,
        volunteer=Volunteer.objects.get(pk=pick["pk"]),
        chair=False,
        reason="Asked for",
        by=admin_east,
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(admin_east).post(reverse("rostering:board_fill_rest", args=[run.pk]))
    new = RotaRun.objects.exclude(pk=run.pk).get()
    assert response.url == reverse("rostering:run", args=[new.pk])
    assert new.status == "draft"
    run.refresh_from_db()
    assert run.status == "superseded"
    chosen.refresh_from_db()
    assert (chosen.status, chosen.run_id) == ("draft", new.pk)
    fixed = {f["volunteer"] for s in new.instance["sessions"] for f in s.get("fixed", [])}
    assert f"V{pick['pk']}" in fixed
    assert "1 choice held" in new.message


def test_fill_the_rest_refuses_a_published_run(client_for, admin_east, run):
    services.publish_run(run=run, by=admin_east)
    with pytest.raises(Exception, match="Only a draft"):
        start_fill_the_rest(run=run, by=admin_east)


# --- Publishing -----------------------------------------------------------------------------


def test_the_publish_page_counts_and_publishes_only_complete_panels(
    client_for, admin_east, run, short_session, mailoutbox, django_capture_on_commit_callbacks
):
    client = client_for(admin_east)
    url = reverse("rostering:run_publish", args=[run.pk])
    everything = " ".join(client.get(url).content.decode().split())
    assert "<strong>4 members</strong> will be emailed" in everything
    assert "1 of 2 sessions is not complete" in everything
    complete = " ".join(client.get(url, {"complete_only": "1"}).content.decode().split())
    assert "<strong>3 members</strong> will be emailed" in complete
    assert "1 incomplete panel with members on it stays as an unpublished draft" in complete
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"complete_only": "1"}).status_code == 302
    run.refresh_from_db()
    assert run.status == "published"
    assert len(mailoutbox) == 3
    assert Assignment.objects.get(session=short_session).status == "draft"
    assert run.message == (
        "Published 3 sittings on 1 panel to 3 members. 1 incomplete panel left unpublished."
    )
    page = client.get(reverse("rostering:run", args=[run.pk])).content.decode()
    assert "Published 3 sittings" in page
    assert "seats filled in the draft" not in page


def test_single_sex_reasons_are_recorded_on_the_publish_page(
    client_for, admin_east, run, east_session
):
    east_session.refresh_from_db()
    response = client_for(admin_east).post(
        _panel_url("publish_reason", run, east_session.pk), {"reason": "Nobody else free"}
    )
    assert response.url == reverse("rostering:run_publish", args=[run.pk])
    east_session.refresh_from_db()
    assert east_session.single_sex_reason == "Nobody else free"


def test_after_publishing_a_change_emails_only_the_member_affected(
    client_for, admin_east, run, east_session, mailoutbox, django_capture_on_commit_callbacks
):
    services.publish_run(run=run, by=admin_east)
    ordinary = Assignment.objects.filter(session=east_session, is_chair=False).first()
    client = client_for(admin_east)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            _panel_url("board_remove", run, ordinary.pk),
            {"reason": "Unwell"},
            HTTP_HX_REQUEST="true",
        )
    assert [m.to for m in mailoutbox] == [[ordinary.volunteer.user.email]]


def test_a_member_is_swapped_for_a_ranked_candidate_in_one_change(
    client_for, admin_east, run, east_session
):
    client = client_for(admin_east)
    ordinary = Assignment.objects.filter(session=east_session, is_chair=False).first()
    url = _panel_url("board_panel", run, east_session.pk)
    page = client.get(url, {"swap": ordinary.pk}, HTTP_HX_REQUEST="true").content.decode()
    name = ordinary.volunteer.user.get_full_name()
    assert f"Who could take {name}'s seat" in page
    panel = board.one_panel(run, east_session.pk)
    seat = next(s for s in panel.seats if s.assignment.pk == ordinary.pk)
    pick = board.panel_words(run, panel, seat.assignment)["candidates"][0]
    assert pick["pk"] != ordinary.volunteer_id
    swapped = client.post(
        _panel_url("board_add", run, east_session.pk),
        {"pick": str(pick["pk"]), "swap": ordinary.pk, "reason": "Asked for"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert f"{pick['name']} in for {name}." in swapped
    assert not Assignment.objects.filter(pk=ordinary.pk).exists()
    assert Assignment.objects.filter(session=east_session, volunteer_id=pick["pk"]).exists()


def test_a_swap_that_breaks_a_rule_leaves_the_member_on_the_panel(
    client_for, admin_east, run, east_session
):
    chair = Assignment.objects.get(session=east_session, is_chair=True)
    ordinary = Assignment.objects.filter(session=east_session, is_chair=False).first()
    response = client_for(admin_east).post(
        _panel_url("board_add", run, east_session.pk),
        {"pick": str(ordinary.volunteer_id), "swap": chair.pk},
        HTTP_HX_REQUEST="true",
    )
    assert "That change was not made" in response.content.decode()
    assert Assignment.objects.filter(pk=chair.pk).exists()


def test_the_board_shows_who_has_confirmed_a_published_sitting(client_for, admin_east, run):
    sittings = list(Assignment.objects.filter(run=run))
    Assignment.objects.filter(pk__in=[a.pk for a in sittings]).update(
        status=Assignment.Status.PUBLISHED, reminded_at=timezone.now()
    )
    Assignment.objects.filter(pk=sittings[0].pk).update(confirmation="confirmed")
    html = client_for(admin_east).get(reverse("rostering:run", args=[run.pk])).content.decode()
    assert html.count(">Confirmed</strong>") == 1
    assert html.count(">Not confirmed</strong>") == len(sittings) - 1
