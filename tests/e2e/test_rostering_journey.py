"""Rostering end to end: an administrator imports the Reporter's schedule, runs the rota,
fixes a panel by hand and publishes; a member sees the sitting, subscribes to the calendar
feed and withdraws; another member accepts the cover offer. Every page axe-clean."""

import datetime
import io
import re

import openpyxl
import pytest
from django.core import mail

from rostering.imports import COLUMNS
from rostering.models import Assignment, AvailabilityOffer, CoverRequest, Session
from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories import TOTP_SECRET
from tests.rostering.factories import make_member, make_session, qualify, sit

pytestmark = pytest.mark.django_db(transaction=True)

DAY = datetime.date(2030, 3, 4)
PASSWORD = "correct horse battery"


def _nav(page, name):
    page.get_by_role("navigation", name="Main navigation").get_by_role("link", name=name).click()


def _schedule(path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(COLUMNS)
    ws.append(
        [
            "SCRA-E2E-1",
            "Edinburgh Waterloo Place",
            DAY,
            "AM",
            "09:30",
            2,
            "City of Edinburgh; Midlothian",
            "K100001; K100002",
            "In person",
            "No",
        ]
    )
    buffer = io.BytesIO()
    wb.save(buffer)
    path.write_bytes(buffer.getvalue())
    return path


@pytest.fixture
def cast(east_centre, admin_east, member, east):
    slots = [(DAY, "AM")]
    morag = member.volunteer
    morag.appointed_on = datetime.date(2029, 1, 1)
    morag.save()
    qualify(morag, chair=False)

    AvailabilityOffer.objects.create(volunteer=morag, date=DAY, half="AM")
    others = [
        make_member(east, sex="F", chair=True, first_name="Ailsa", slots=slots),
        make_member(east, sex="M", chair=True, first_name="Callum", slots=slots),
        make_member(east, sex="M", chair=False, first_name="Gregor", slots=slots),
        make_member(east, sex="F", chair=True, first_name="Isla", slots=slots),
    ]
    return morag, others


def test_rostering_journey(page, cast, admin_east, member, tmp_path, live_server):
    morag, others = cast
    # --- The administrator imports the schedule --------------------------------------------
    sign_in(page, admin_east.email, PASSWORD, totp_secret=TOTP_SECRET)
    _nav(page, "Rostering")
    assert_accessible(page)
    page.get_by_role("link", name="Import the Reporter's schedule").click()
    assert_accessible(page)
    page.get_by_label("The Reporter's schedule").set_input_files(_schedule(tmp_path / "s.xlsx"))
    page.get_by_role("button", name="Check and import").click()
    page.get_by_role("heading", name="Schedule imported").wait_for()
    assert_accessible(page)
    session = Session.objects.get(reference="SCRA-E2E-1")

    # --- ...creates a period and runs the rota -----------------------------------------------
    _nav(page, "Rostering")
    page.get_by_role("link", name="New rota period").click()
    page.get_by_label("Region").select_option(label="East")
    page.get_by_label("First day").fill("4/3/2030")
    page.get_by_label("Last day").fill("4/3/2030")
    page.get_by_label("Members offer their time by").fill("1/3/2030")
    assert_accessible(page)
    page.get_by_role("button", name="Create period").click()
    page.get_by_label("Time the engine may take (seconds)").fill("5")
    assert_accessible(page)
    page.get_by_role("button", name="Run the rota").click()
    page.get_by_role("heading", name=re.compile("^Rota board")).wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Figures and fairness for the whole run").click()
    page.get_by_role("heading", name="Panels").wait_for()
    assert_accessible(page)

    # --- ...fixes one panel by hand: the member Morag must sit -------------------------------
    page.get_by_role("link", name=re.compile("Change the panel for Edinburgh")).click()
    assert_accessible(page)
    panel = list(Assignment.objects.filter(session=session).select_related("volunteer__user"))
    on_panel = {a.volunteer for a in panel}
    out = next(a for a in panel if not a.is_chair and a.volunteer != morag)
    page.get_by_role("button", name=f"Remove {out.volunteer.user.get_full_name()}").click()
    page.get_by_text("taken off the panel").wait_for()
    newcomer = morag if morag not in on_panel else out.volunteer
    page.get_by_label("Member", exact=True).select_option(str(newcomer.pk))
    # The change is checked live, before saving.
    page.locator("#panel-check").get_by_text(
        re.compile("keeps every rule|Allowed, with a reason")
    ).wait_for()
    page.get_by_label("Reason for overriding a preference (if asked)").fill("Asked by the centre")
    assert_accessible(page)
    page.get_by_role("button", name="Add to the panel").click()
    page.get_by_text("added to the panel").wait_for()
    if page.get_by_text("All one sex: reason needed").count():
        page.get_by_label("Why the panel could not include both sexes").fill("Nobody else free")
        page.get_by_role("button", name="Record the reason").click()
        # Wait for the answer: leaving the page at once could cancel the submission.
        page.get_by_text("Reason recorded.").wait_for()
    assert Assignment.objects.filter(session=session, volunteer=morag).exists()
    page.get_by_role("link", name="Back to the rota").click()

    # --- ...and publishes ---------------------------------------------------------------------
    mail.outbox.clear()
    page.get_by_role("link", name="Check and publish").click()
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("^Publish this rota and email")).click()
    page.wait_for_load_state()
    notice = page.locator(".ds_notification-message").first
    notice.wait_for()
    assert "Rota published" in notice.inner_text(), notice.inner_text()
    assert_accessible(page)
    assert morag.user.email in [m.to[0] for m in mail.outbox]
    page.get_by_role("button", name="Sign out").click()

    # --- The member sees the sitting and subscribes to the feed ------------------------------
    sign_in(page, member.email, PASSWORD)
    _nav(page, "My sittings")
    page.get_by_role("cell", name="Edinburgh Waterloo Place").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Add your sittings to your calendar").click()
    page.get_by_role("button", name="Make my calendar link").click()
    https = page.get_by_label("Link to copy into another calendar").input_value()
    assert (
        page.get_by_role("link", name="Subscribe in Apple Calendar or Outlook")
        .get_attribute("href")
        .startswith("webcal://")
    )
    assert_accessible(page)
    feed = page.request.get(live_server.url + https[https.index("/calendar/") :])
    assert feed.status == 200
    assert "BEGIN:VEVENT" in feed.text()
    assert "K1000" not in feed.text()

    # --- ...and withdraws ----------------------------------------------------------------------
    mail.outbox.clear()
    _nav(page, "My sittings")
    page.get_by_role("link", name=re.compile("^Withdraw")).click()
    assert_accessible(page)
    page.get_by_label("Why you cannot sit").fill("A family emergency")
    page.get_by_role("button", name="Withdraw").click()
    page.get_by_text("You have withdrawn").wait_for()
    assert_accessible(page)
    offers = [m for m in mail.outbox if m.subject.endswith("Can you cover a sitting?")]
    assert offers, [m.subject for m in mail.outbox]
    page.get_by_role("button", name="Sign out").click()

    # --- Another member accepts the cover offer ---------------------------------------------
    offer = offers[0]
    token = re.search(r"/cover/([^/\s]+)/", offer.body).group(1)
    sign_in(page, offer.to[0], PASSWORD)
    page.goto(f"/cover/{token}/")
    assert_accessible(page)
    page.get_by_role("button", name="Yes, I can sit").click()
    page.get_by_text("the sitting is yours").wait_for()
    assert_accessible(page)
    request = CoverRequest.objects.get()
    assert request.status == "filled"
    assert request.filled_by.volunteer.user.email == offer.to[0]


def test_the_other_rostering_pages_are_accessible(page, cast, admin_east, member, east_centre):
    morag, others = cast

    past = make_session(east_centre, reference="PAST-E2E", date=datetime.date(2024, 3, 4))
    sitting = sit(past, morag)
    sitting.attended = True
    sitting.save()
    sign_in(page, member.email, PASSWORD)
    for url in ("/my/availability/", "/my/calendar/", "/my/sittings/"):
        page.goto(url)
        assert_accessible(page)
    page.get_by_role("link", name=re.compile("^claim expenses")).click()
    assert_accessible(page)
    page.get_by_label("Subsistence (£)").fill("5")
    page.get_by_role("button", name="Send my claim").click()
    page.get_by_text("sent for approval").wait_for()
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, admin_east.email, PASSWORD, totp_secret=TOTP_SECRET)
    for url in (
        "/staff/rostering/sessions/?when=past",
        f"/staff/rostering/sessions/{past.pk}/attendance/",
        f"/staff/rostering/sessions/{past.pk}/",
        "/staff/rostering/expenses/",
        "/staff/rostering/reports/?start=1/3/2024&end=31/3/2024&minimum=1",
        f"/staff/rostering/members/{morag.pk}/exclusions/",
    ):
        page.goto(url)
        assert_accessible(page)
