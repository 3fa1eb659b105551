"""The volunteer's side on a phone and a desktop: a member signs in, opens the menu, offers
availability and downloads the record of service; an applicant continues a saved
application; the members' service worker keeps "My sittings" for reading offline and forgets
it on sign-out. Every page axe-clean at 375 and 1280 pixels wide."""

import datetime
import io
import re
from pathlib import Path

import openpyxl
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from rostering.models import RotaPeriod
from tests.e2e.conftest import assert_accessible, sign_in
from tests.rostering.factories import make_session, sit
from tests.training.factories import make_sitting_member
from tests.volunteers.recruitment.factories import ApplicationFactory, CampaignFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct horse battery"
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}
PAGES_CACHE = "panel-member-pages-v1"


@pytest.fixture
def open_page(browser, live_server):
    """Pages in their own contexts at a given size, failing on any JavaScript or CSP error."""
    contexts, errors = [], []

    def make(viewport):
        context = browser.new_context(base_url=live_server.url, viewport=viewport)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(40_000)
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on(
            "console",
            lambda m: (
                errors.append(m.text)
                if m.type == "error" and "Content Security Policy" in m.text
                else None
            ),
        )
        return page

    yield make
    for context in contexts:
        context.close()
    assert errors == [], f"JavaScript errors or CSP violations in the browser: {errors}"


@pytest.fixture
def serving(member, east_centre):
    """Morag: appointed, trained, with a sitting done and one to come, and a rota open."""
    today = timezone.localdate()
    volunteer = make_sitting_member(member.volunteer, appointed_on=today - datetime.timedelta(400))
    done = make_session(
        east_centre, date=today - datetime.timedelta(days=14), half="AM", reference="E2E-PAST"
    )
    sitting = sit(done, volunteer, chair=True)
    sitting.attended = True
    sitting.save()
    coming = make_session(
        east_centre, date=today + datetime.timedelta(days=3), half="PM", reference="E2E-NEXT"
    )
    sit(coming, volunteer)
    monday = today + datetime.timedelta(days=14 - today.weekday())
    RotaPeriod.objects.create(
        region=volunteer.home_region,
        start=monday,
        end=monday + datetime.timedelta(days=13),
        availability_deadline=today + datetime.timedelta(days=5),
        opened_at=timezone.now(),
    )
    return volunteer


def _go(page, name):
    """Follow a link in the main navigation, through the menu button on a phone."""
    menu = page.get_by_role("button", name="Menu")
    if page.viewport_size["width"] < 768:
        expect(page.get_by_role("navigation", name="Main navigation")).to_be_hidden()
        menu.click()
        expect(menu).to_have_attribute("aria-expanded", "true")
        assert_accessible(page)
    else:
        expect(menu).to_be_hidden()
    page.get_by_role("navigation", name="Main navigation").get_by_role(
        "link", name=name, exact=True
    ).click()
    page.wait_for_load_state()
    assert_accessible(page)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["375", "1280"])
def test_a_member_offers_time_and_downloads_the_record(open_page, serving, member, viewport):
    page = open_page(viewport)
    sign_in(page, member.email, PASSWORD)
    assert_accessible(page)

    _go(page, "Availability")
    expect(page.get_by_role("heading", name="Your availability")).to_be_visible()
    period = RotaPeriod.objects.get()
    # The second week folds away until opened.
    second = period.start + datetime.timedelta(days=7)
    page.get_by_text(f"Week beginning {second:%-d %B}").click()
    page.locator("label", has_text=re.compile(f"^Afternoon, {second:%A %-d %B}")).click()
    page.get_by_role("button", name="Save my availability").click()
    expect(page.get_by_text("Thank you: 1 half-day offered.")).to_be_visible()
    assert_accessible(page)
    assert list(serving.offers.values_list("date", "half")) == [(second, "PM")]

    _go(page, "Record of service")
    expect(page.get_by_text("1, 1 as chairing member")).to_be_visible()
    with page.expect_download() as info:
        page.get_by_role("link", name=re.compile("^Download your record of service")).click()
    assert info.value.suggested_filename.endswith(".xlsx")
    # Playwright keeps downloads under a name with no extension, which openpyxl refuses.
    sheet = openpyxl.load_workbook(io.BytesIO(Path(info.value.path()).read_bytes())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Section", "Date", "What")
    assert [r[4] for r in rows if r[0] == "Sitting"] == ["Chairing member"]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["375", "1280"])
def test_an_applicant_continues_a_saved_application(open_page, applicant, east, viewport):
    campaign = CampaignFactory(name="Spring 2027", regions=[east])
    application = ApplicationFactory(
        campaign=campaign, user=applicant, status="draft", completed_sections=["eligibility"]
    )
    page = open_page(viewport)
    sign_in(page, applicant.email, PASSWORD)
    assert_accessible(page)
    page.get_by_role("link", name="Continue your application").click()
    page.wait_for_url(f"**/apply/applications/{application.pk}/")
    assert_accessible(page)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["375", "1280"])
def test_my_sittings_can_be_read_offline_until_sign_out(
    open_page, serving, member, east_centre, viewport
):
    page = open_page(viewport)
    sign_in(page, member.email, PASSWORD)
    page.goto("/my/sittings/")
    assert page.evaluate("navigator.serviceWorker.ready.then(r => r.active.scriptURL)").endswith(
        "/sw.js"
    )
    # The first visit registered the worker; the next one goes through it and is kept.
    page.reload()
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    page.reload()
    assert page.evaluate(f"caches.has('{PAGES_CACHE}')")

    page.context.set_offline(True)
    page.reload()
    expect(page.get_by_text("You are offline.")).to_be_visible()
    expect(page.get_by_text(east_centre.address, exact=False)).to_be_visible()
    assert_accessible(page)
    page.context.set_offline(False)

    page.goto("/my/sittings/")
    if viewport["width"] < 768:
        page.get_by_role("button", name="Menu").click()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()
    page.wait_for_function(f"caches.has('{PAGES_CACHE}').then(has => !has)")
    page.context.set_offline(True)
    page.goto("/my/sittings/", wait_until="commit")
    expect(page.get_by_role("heading", name="You are offline")).to_be_visible()
    expect(page.get_by_text(east_centre.address, exact=False)).to_have_count(0)
    page.context.set_offline(False)
