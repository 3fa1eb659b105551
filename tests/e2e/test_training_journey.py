"""A trainer runs a session, marks attendance, and the member can chair; every page axe-clean."""

import datetime
import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.utils import timezone

from tests.e2e.conftest import assert_accessible
from tests.factories import TOTP_SECRET, UserFactory, VolunteerFactory, grant, with_totp
from tests.training.factories import make_sitting_member
from training.models import CompetencyGrant
from training.selectors import can_chair
from volunteers.models import Region, Role

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "correct horse battery"


def _sign_in(page, email, *, totp=False):
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    if totp:
        page.wait_for_url("**/accounts/2fa/authenticate/")
        code = format_hotp_value(hotp_value(TOTP_SECRET, int(time.time()) // 30))
        page.get_by_label("Code").fill(code)
        page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/dashboard/")


def _nav(page, name):
    page.get_by_role("navigation", name="Main navigation").get_by_role("link", name=name).click()


@pytest.fixture
def people(transactional_db):
    east = Region.objects.create(code="R-EAST", name="East")
    trainer = with_totp(UserFactory(email="trainer@example.org", first_name="Tom"))
    grant(trainer, Role.TRAINER, east)
    member = UserFactory(email="member@example.org", first_name="Morag", last_name="Member")
    grant(member, Role.PANEL_MEMBER)
    volunteer = VolunteerFactory(user=member, home_region=east)
    today = timezone.localdate()
    make_sitting_member(volunteer, appointed_on=today - datetime.timedelta(days=800))
    return trainer, member, volunteer


def test_a_trainer_runs_a_session_and_the_member_can_then_chair(page, people):
    trainer, member, volunteer = people
    today = timezone.localdate()
    assert not can_chair(volunteer, on=today)

    _sign_in(page, trainer.email, totp=True)
    _nav(page, "Training")
    assert page.get_by_role("heading", name="Training", exact=True).is_visible()
    assert page.get_by_role("img", name="Due and overdue by requirement").is_visible()
    assert_accessible(page)

    # Before: the record says why she cannot chair.
    page.get_by_role("link", name="Morag Member").click()
    assert page.get_by_text("Module 3 (Management of Hearings) not completed").is_visible()
    assert_accessible(page)

    # Schedule today's Management of Hearings session.
    _nav(page, "Training")
    page.get_by_role("link", name="Training sessions").click()
    assert_accessible(page)
    page.get_by_role("link", name="Schedule a session").click()
    page.get_by_role("button", name="Schedule session").click()
    assert page.get_by_text("There is a problem").is_visible()
    assert_accessible(page)
    page.get_by_label("Course").select_option(label="Management of Hearings (award module 3)")
    page.get_by_label("Region").select_option(label="East")
    page.get_by_label("First day").fill(today.strftime("%d/%m/%Y"))
    page.get_by_label("Last day").fill(today.strftime("%d/%m/%Y"))
    page.get_by_label("Venue").fill("Edinburgh training suite")
    page.get_by_role("button", name="Schedule session").click()
    assert page.get_by_text("scheduled.").is_visible()
    assert_accessible(page)

    # Add her by email, then mark everyone's attendance at once.
    page.get_by_role("link", name="Add someone").click()
    assert_accessible(page)
    page.get_by_label("Volunteer's email address").fill(member.email)
    page.get_by_role("button", name="Add").click()
    assert page.get_by_text("Morag Member added to a place.").is_visible()
    page.get_by_label("Attendance: Morag Member").select_option("attended")
    page.get_by_label("Outcome: Morag Member").select_option("passed")
    assert_accessible(page)
    page.get_by_role("button", name="Save attendance").click()
    assert page.get_by_text("Attendance saved. 1 competency grant recorded.").is_visible()

    # After: the competency is on her record and she may chair.
    grant_row = CompetencyGrant.objects.get(volunteer=volunteer, competency__key="module-3")
    assert (grant_row.granted_on, grant_row.source) == (today, "course")
    assert can_chair(volunteer, on=today)
    page.get_by_role("link", name="Record of Morag Member").click()
    assert page.get_by_role("definition").filter(has_text="Yes").count() == 2
    assert_accessible(page)

    # And she sees it on her own page.
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/")
    _sign_in(page, member.email)
    _nav(page, "My training")
    assert page.get_by_text("Nothing: you are qualified to sit and to chair.").is_visible()
    assert_accessible(page)
