"""On a phone, a member answers the reminder email: opens "I'll be there", confirms without
signing in, then signs in, sees the sitting confirmed in My sittings and switches to the
weekly digest. Every page
axe-clean at 375 pixels wide."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from common.models import OutgoingEmail
from rostering import services
from rostering.models import Assignment, ReminderPreference
from tests.e2e.conftest import assert_accessible, sign_in
from tests.rostering.factories import make_session, sit
from tests.training.factories import make_sitting_member

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct horse battery"


@pytest.fixture
def phone(phone_page):
    """The shared 375 px page (tests/e2e/conftest.py), which fails on any CSP error."""
    return phone_page


def test_a_member_confirms_a_sitting_from_the_reminder_email(phone, member, east_centre):
    today = timezone.localdate()
    volunteer = make_sitting_member(member.volunteer, appointed_on=today - datetime.timedelta(400))
    session = make_session(
        east_centre, date=today + datetime.timedelta(days=2), half="AM", reference="E2E-SOON"
    )
    sitting = sit(session, volunteer)
    assert services.send_sitting_reminders(today=today) == 1
    text = OutgoingEmail.objects.get(template="rostering/sitting_reminder").body_text
    link = re.search(r"I'll be there: \S+?(/sitting/\S+/)", text).group(1)

    phone.goto(link)
    expect(phone.get_by_role("heading", name="Confirm you will be there")).to_be_visible()
    expect(phone.get_by_text(east_centre.name, exact=False)).to_be_visible()
    assert_accessible(phone)
    phone.get_by_role("button", name="Yes, I'll be there").click()
    expect(phone.get_by_text("we have noted that you will be there")).to_be_visible()
    assert_accessible(phone)
    sitting.refresh_from_db()
    assert sitting.confirmation == Assignment.Confirmation.CONFIRMED

    sign_in(phone, member.email, PASSWORD)
    phone.goto("/my/sittings/")
    row = phone.get_by_role("row").filter(has_text=f"{session.date:%A %-d %B %Y}")
    expect(row.get_by_text("Confirmed", exact=True)).to_be_visible()
    assert_accessible(phone)

    # The member would rather have one email a week.
    phone.goto("/my/calendar/")
    # The design system's label covers its radio button, as a person's tap would land.
    phone.locator("label", has_text="One email a week").click()
    phone.get_by_role("button", name="Save reminder choices").click()
    expect(phone.get_by_text("Your reminder choices have been saved.")).to_be_visible()
    assert_accessible(phone)
    assert ReminderPreference.objects.get(volunteer=volunteer).delivery == "weekly"
