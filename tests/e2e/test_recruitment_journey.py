"""Recruitment in the browser: an applicant from expression of interest to a submitted
application; then a regional administrator from shortlisting to appointment, with both
referees answering through their links. Every page is checked with axe."""

import datetime
import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories import TOTP_SECRET
from tests.volunteers.recruitment.factories import (
    EDINBURGH,
    ApplicationFactory,
    CampaignFactory,
    EventFactory,
    link_council,
)
from volunteers.models import Application, EqualityResponse, Term, Volunteer

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "correct horse battery"


def _sign_in(page, email, totp=False):
    sign_in(page, email, PASSWORD, totp_secret=TOTP_SECRET if totp else None)


def _tick(scope, text):
    """Tick a design-system radio or checkbox: its styled label sits over the input."""
    scope.locator("label", has_text=re.compile("^" + re.escape(text))).first.click()


def _save(page):
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url(re.compile(r".*/apply/applications/\d+/$"))


def _section(page, name):
    page.get_by_role("link", name=re.compile("^" + re.escape(name))).click()
    assert_accessible(page)


@pytest.fixture
def campaign(east):
    link_council(east, EDINBURGH)
    campaign = CampaignFactory(name="Spring 2027", regions=[east])
    EventFactory(campaign=campaign)
    return campaign


def test_an_applicant_expresses_interest_then_applies(page, applicant, campaign):
    _sign_in(page, applicant.email)
    page.get_by_role("navigation", name="Main navigation").get_by_role("link", name="Apply").click()
    assert_accessible(page)

    page.get_by_role("link", name="Register your interest").click()
    assert_accessible(page)
    page.get_by_label("Which council area do you live or work in?").select_option(
        label="City of Edinburgh"
    )
    page.get_by_role("button", name="Register my interest").click()
    expect(page.get_by_text("Thank you. We will email you")).to_be_visible()

    page.get_by_role("button", name="Apply to Spring 2027").click()
    page.wait_for_url(re.compile(r".*/apply/applications/\d+/$"))
    expect(page.get_by_text("You have completed 0 of 9 sections")).to_be_visible()
    assert_accessible(page)

    _section(page, "Check you can apply")
    for question in (
        "Are you 18 or over?",
        "Do you live or work in Scotland?",
        "Do you have the right to work in the UK?",
        "Can you attend pre-service training?",
    ):
        _tick(page.get_by_role("group", name=question), "Yes")
    _save(page)

    _section(page, "Your details")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("First name").fill("Ada")
    page.get_by_label("Last name").fill("Applicant")
    page.get_by_label("Phone number").fill("0131 496 0001")
    page.get_by_label("Postcode").fill("EH1 1AA")
    _tick(page, "Female")
    _save(page)

    _section(page, "Where you live and work")
    page.get_by_label("Council area you live in").select_option(label="City of Edinburgh")
    _save(page)

    _section(page, "When you are available")
    _tick(page, "Monday morning")
    _tick(page, "Thursday afternoon")
    _save(page)

    _section(page, "About you")
    for box in page.locator("textarea").all():
        box.fill("When I chaired my community council I made sure every voice was heard.")
    _save(page)

    _section(page, "Declarations")
    for group in page.get_by_role("group").all():
        _tick(group, "No")
    _save(page)

    _section(page, "Referees")
    for n, (name, email, how) in enumerate(
        [("Rita Ref", "rita@example.net", "friend"), ("Rob Ref", "rob@example.net", "neighbour")],
        start=1,
    ):
        page.get_by_label(f"Referee {n}: full name").fill(name)
        page.get_by_label(f"Referee {n}: email address").fill(email)
        page.get_by_label(f"Referee {n}: how do they know you?").select_option(how)
        page.get_by_label(f"Referee {n}: how many years").fill("7")
    _tick(page, "Neither referee is my partner or a relative")
    _save(page)

    _section(page, "Equality monitoring")
    page.get_by_role("button", name="Skip this section").click()

    _section(page, "Privacy notice")
    _tick(page, "I have read the privacy notice")
    _save(page)
    expect(page.get_by_text("You have completed 9 of 9 sections")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Check your answers and submit").click()
    assert_accessible(page)
    page.get_by_role("button", name="Submit application").click()
    expect(page.get_by_role("heading", name="Application submitted")).to_be_visible()
    assert_accessible(page)

    application = Application.objects.get(user=applicant)
    assert application.status == "submitted"
    assert [m.to for m in mail.outbox] == [[applicant.email]]

    page.get_by_role("link", name="See your application").click()
    expect(page.get_by_text("Submitted", exact=True).first).to_be_visible()
    assert_accessible(page)


def _move(page, label, reason=""):
    page.locator("label", has_text=re.compile(f"^{re.escape(label)}$")).click()
    if reason:
        page.get_by_label("Why").fill(reason)
    page.get_by_role("button", name="Record the move").click()
    expect(page.get_by_text(f"Moved to '{label}'")).to_be_visible()


def test_a_regional_administrator_takes_an_applicant_from_shortlisting_to_appointment(
    page, admin_east, campaign, east
):

    application = ApplicationFactory(campaign=campaign, region=east, first_name="Ada")
    _sign_in(page, admin_east.email, totp=True)
    page.get_by_role("navigation", name="Main navigation").get_by_role(
        "link", name="Recruitment"
    ).click()
    assert_accessible(page)
    page.get_by_role("link", name=application.full_name).click()
    assert_accessible(page)

    _move(page, "Shortlisted", "Strong statements")
    assert_accessible(page)
    _move(page, "Information session")
    _move(page, "Interview and group exercise")

    page.get_by_role("link", name="Record your scores").click()
    assert_accessible(page)
    _tick(page, "Interview")
    for select in page.locator("select").all():
        select.select_option("3")
    page.locator("label", has_text=re.compile("^Recommend$")).click()
    page.get_by_label("Summary of your evidence").fill("Calm and fair.")
    page.get_by_role("button", name="Save scores").click()
    expect(page.get_by_text("Your scores have been saved.")).to_be_visible()

    mail.outbox.clear()
    _move(page, "References")
    links = [
        re.search(r"(/reference/[^/\s]+/)", m.body).group(1)
        for m in mail.outbox
        if "/reference/" in m.body
    ]
    assert len(links) == 2
    staff_page = page.url
    for link in links:
        page.goto(link)
        assert_accessible(page)
        page.get_by_label("How suited is this person").fill("Fair, patient and kind.")
        _tick(page, "Yes")
        page.get_by_role("button", name="Send reference").click()
        expect(page.get_by_role("heading", name="Reference received")).to_be_visible()
    page.goto(staff_page)
    expect(page.get_by_text("Fair, patient and kind.").first).to_be_visible()

    _move(page, "PVG check")
    page.get_by_role("link", name="Update the PVG record").click()
    assert_accessible(page)
    page.get_by_label("PVG status").select_option("cleared")
    page.get_by_label("PVG scheme membership number").fill("1234567890123456")
    page.get_by_label("Result on").fill("01/03/2027")
    page.get_by_role("button", name="Save PVG record").click()
    expect(page.get_by_text("PVG record saved.")).to_be_visible()

    _move(page, "Offered a place")
    _move(page, "Offer accepted")
    _move(page, "In pre-service training")
    _move(page, "Appointed")
    assert_accessible(page)

    volunteer = Volunteer.objects.get(user=application.user)
    assert (volunteer.status, volunteer.home_region) == ("serving", east)
    assert volunteer.term_ends_on is not None

    page.get_by_role("navigation", name="Main navigation").get_by_role(
        "link", name="Volunteers"
    ).click()
    assert_accessible(page)
    page.get_by_role("link", name=str(application.user)).click()
    expect(page.get_by_text("Serving", exact=True)).to_be_visible()
    assert_accessible(page)


def test_the_other_recruitment_and_volunteer_pages_are_accessible(
    page, national_admin, member, campaign, east
):

    for _ in range(3):
        ApplicationFactory(campaign=campaign, region=east)
    for _ in range(6):
        EqualityResponse.objects.create(campaign=campaign, region=east, age_band="30-44")
    volunteer = member.volunteer
    Term.objects.create(
        volunteer=volunteer,
        starts_on=datetime.date.today() - datetime.timedelta(days=1000),
        ends_on=datetime.date.today() + datetime.timedelta(days=60),
    )
    _sign_in(page, national_admin.email, totp=True)
    for url in (
        "/staff/recruitment/funnel/",
        "/staff/recruitment/campaigns/",
        "/staff/recruitment/campaigns/new/",
        f"/staff/recruitment/campaigns/{campaign.pk}/",
        "/staff/volunteers/",
        f"/staff/volunteers/{volunteer.pk}/",
        f"/staff/volunteers/{volunteer.pk}/edit/",
        f"/staff/volunteers/{volunteer.pk}/remove/",
        "/staff/volunteers/reappointment/",
        "/staff/volunteers/audit/",
        "/apply/campaigns/",
        "/apply/my-data/",
        "/reference/not-a-real-token/",
    ):
        page.goto(url)
        assert_accessible(page)
    page.goto("/staff/recruitment/funnel/")
    expect(page.get_by_role("img", name=re.compile("How far applications got"))).to_be_visible()
