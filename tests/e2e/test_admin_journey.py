"""A regional administrator signs in with MFA, shapes a rota, grants a role and exports
people, watching the export's progress bar; every page axe-clean."""

import pytest
from django.core.management import call_command

from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories import TOTP_SECRET
from volunteers.demo import DEMO_PASSWORD
from volunteers.models import Role, RoleAssignment, User

pytestmark = pytest.mark.django_db(transaction=True)


def _nav(page, name):
    page.get_by_role("navigation", name="Main navigation").get_by_role("link", name=name).click()


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo_data", "--size", "small", verbosity=0)


def test_regional_admin_journey(page, demo):
    sign_in(page, "rota@demo.example", DEMO_PASSWORD, totp_secret=TOTP_SECRET)
    assert_accessible(page)

    _nav(page, "Organisation")
    assert page.get_by_role("heading", name="Organisation", exact=True).is_visible()
    assert_accessible(page)
    # Only their own region is listed.
    assert page.locator("table tbody tr").count() == 1
    page.get_by_role("link", name="Edinburgh, Lothians and Borders").click()
    assert_accessible(page)

    page.get_by_role("link", name="Add a rota").click()
    assert_accessible(page)
    page.get_by_role("button", name="Create rota").click()
    assert page.get_by_text("There is a problem").is_visible()
    assert_accessible(page)  # the error summary and field errors are accessible too
    page.get_by_label("Name").fill("Borders")
    page.locator("label", has_text="Galashiels").click()
    page.locator("label", has_text="Hawick").click()
    page.get_by_role("button", name="Create rota").click()
    assert page.get_by_text("Rota Borders created.").is_visible()

    _nav(page, "People")
    assert_accessible(page)
    page.get_by_label("Search by name or email").fill("member@demo.example")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Morag Member").click()
    assert_accessible(page)
    page.get_by_label("Role").select_option("trainer")
    page.get_by_label("Region").select_option(label="Edinburgh, Lothians and Borders")
    page.get_by_role("button", name="Grant role").click()
    assert page.get_by_text("is now Trainer").is_visible()
    member = User.objects.get(email="member@demo.example")
    grant = RoleAssignment.objects.get(user=member, role=Role.TRAINER)
    assert grant.granted_by.email == "rota@demo.example"

    _nav(page, "People")
    page.get_by_role("button", name="Export to a spreadsheet").click()
    page.wait_for_url("**/jobs/**")
    assert page.get_by_role("status").get_by_text("Finished").is_visible()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download").click()
    assert download.value.suggested_filename.startswith("people-")


def test_a_panel_member_is_refused_staff_pages(page, demo):
    sign_in(page, "member@demo.example", DEMO_PASSWORD)
    response = page.goto("/staff/organisation/")
    assert response.status == 403
    assert page.get_by_role("heading", name="You do not have access to this page").is_visible()
    assert_accessible(page)
