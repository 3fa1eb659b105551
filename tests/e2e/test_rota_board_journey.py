"""The rota manager's month on the board, at a desktop and a phone width: a member drops out,
the manager filters to the unfilled panel, fills it from the engine's ranked candidates,
holds that choice while the engine fills the rest, confirms and publishes. Every step
axe-clean; screenshots go to /tmp/shots-board/ for a person to look at."""

import datetime
import re
from pathlib import Path

import pytest

from rostering import services
from rostering.models import Assignment, RotaRun
from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories import TOTP_SECRET, CentreFactory
from tests.rostering.factories import make_member, make_session

pytestmark = pytest.mark.django_db(transaction=True)

DAY = datetime.date(2030, 3, 4)
SHOTS = Path("/tmp/shots-board")


@pytest.fixture
def board_run(east_centre, east, admin_east):
    leith = CentreFactory(name="Leith", region=east)
    make_session(east_centre, reference="BOARD-1", date=DAY, half="AM")
    make_session(leith, reference="BOARD-2", date=DAY, half="AM")
    slots = [(DAY, "AM")]
    for name, sex, chair in [
        ("Ailsa", "F", True),
        ("Callum", "M", True),
        ("Fiona", "F", False),
        ("Gregor", "M", False),
        ("Lachlan", "M", False),
        ("Morven", "F", False),
        ("Niamh", "F", False),
    ]:
        make_member(east, sex=sex, chair=chair, first_name=name, slots=slots)
    period = services.create_rota_period(
        region=east, start=DAY, end=DAY, availability_deadline=DAY, by=admin_east
    )
    run = services.start_rota_run(period=period, by=admin_east, time_limit=5)
    return services.run_rota(run=run, workers=1)


def _shot(page, name, width):
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{width}-{name}.png"), full_page=True)


@pytest.mark.parametrize("width", [1280, 375])
def test_the_rota_manager_works_the_board(page, board_run, admin_east, width):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, admin_east.email, totp_secret=TOTP_SECRET)
    page.goto(f"/staff/rostering/runs/{board_run.pk}/")
    page.get_by_role("heading", name=re.compile("Rota board")).wait_for()
    assert_accessible(page)
    _shot(page, "1-board", width)

    # --- A member drops out: the manager opens the panel in place and removes them ----------
    page.get_by_role("link", name=re.compile("open the panel for Edinburgh")).click()
    heading = page.locator("#open-panel h2")
    heading.wait_for()
    # Focus moves to the opened panel's heading once htmx has settled the swap.
    page.wait_for_function(
        "document.activeElement && document.activeElement.id.startsWith('panel-heading-')"
    )
    out = Assignment.objects.filter(run=board_run, is_chair=False).select_related(
        "volunteer__user", "session__centre"
    )
    out = next(a for a in out if a.session.centre.name.startswith("Edinburgh"))
    page.get_by_role("button", name=f"Remove {out.volunteer.user.get_full_name()}").click()
    page.locator("#board-status").get_by_text("taken off the panel").wait_for()
    page.locator("#open-panel").get_by_text("1 seat to fill").wait_for()
    assert_accessible(page)

    # --- ...filters to the unfilled panels ------------------------------------------------------
    page.locator("label[for=f-unfilled]").click()
    page.get_by_role("button", name="Apply filters").click()
    page.get_by_text("1 panel shown (filtered)").wait_for()
    assert_accessible(page)
    _shot(page, "2-unfilled", width)

    # --- ...and fills it from the ranked candidates ----------------------------------------
    page.get_by_role("link", name=re.compile("open the panel for Edinburgh")).click()
    candidates = page.locator(".app-board__candidates li")
    candidates.first.wait_for()
    _shot(page, "2b-candidates", width)
    assert (
        out.volunteer.user.get_full_name() not in page.locator(".app-board__members").inner_text()
    )
    page.get_by_label("Reason for overriding a preference (if asked)").fill("Asked by the centre")
    # The member who dropped out is ranked too; the manager picks someone else.
    pick = candidates.filter(has_not_text=out.volunteer.user.get_full_name()).first
    pick.get_by_role("button").last.click()
    page.locator("#board-status").get_by_text("added to the panel").wait_for()
    page.locator("#open-panel").get_by_text("Complete: 3 of 3 members").wait_for()
    assert "2 of 2 panels complete" in " ".join(page.locator("#board-summary").inner_text().split())
    assert_accessible(page)
    _shot(page, "3-filled", width)

    # --- ...holds it and has the engine fill the rest -------------------------------------------
    page.get_by_role("button", name="Fill the rest").click()
    page.get_by_text(re.compile("1 choice held")).wait_for()
    new = RotaRun.objects.exclude(pk=board_run.pk).get()
    assert new.status == "draft"
    assert new.job.status == "succeeded"
    assert_accessible(page)

    # --- ...confirms and publishes ---------------------------------------------------------
    page.get_by_role("link", name="Check and publish").click()
    page.get_by_role("heading", name="What publishing will do").wait_for()
    assert_accessible(page)
    _shot(page, "4-publish", width)
    while page.get_by_role("button", name=re.compile("^Record the reason")).count():
        page.locator("input[name=reason]").first.fill("Nobody else was free")
        page.get_by_role("button", name=re.compile("^Record the reason")).first.click()
        page.get_by_text("Reason recorded").wait_for()
    page.get_by_role("button", name=re.compile("^Publish this rota and email")).click()
    page.get_by_text(re.compile("Rota published")).first.wait_for()
    page.locator("progress").wait_for()
    assert_accessible(page)
    _shot(page, "5-published", width)
    page.goto(f"/staff/rostering/runs/{new.pk}/")
    page.get_by_text(re.compile("Published 6 sittings on 2 panels")).wait_for()
    assert_accessible(page)
