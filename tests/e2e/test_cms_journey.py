"""The published site in the browser: public pages are axe-clean (the main ones at 375 pixels
wide as well as 1280), and volunteers-only guidance and its documents stay closed to the
public (and out of search) but open to a panel member."""

import importlib

import pytest
from django.apps import apps
from django.db import connection
from wagtail.documents import get_document_model
from wagtail.models import Collection, Locale, Page, Site

from cms.demo import load_content
from cms.models import HomePage
from tests.e2e.conftest import assert_accessible
from tests.factories import RegionFactory, UserFactory, VolunteerFactory, grant
from volunteers.models import Role

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct horse battery"
MEMBERS_PAGE = "/guidance/panel-members-only/handling-hearing-papers/"


def _run_data_migration(app_label, name, function):
    module = importlib.import_module(f"{app_label}.migrations.{name}")
    with connection.schema_editor() as editor:
        getattr(module, function)(apps, editor)


def _restore_migration_data():
    """Put back what the data migrations made, which an earlier browser test's flush removed.

    (serialized_rollback would do this, but clashes with the content types that the flush
    recreates: django ticket 23727.)
    """
    if HomePage.objects.exists():
        return
    locale = Locale.objects.get_or_create(language_code="en-gb")[0]
    root = Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root", locale=locale)
    )
    home = root.add_child(instance=HomePage(title="Children's Panel", slug="home"))
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page": home}
    )
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    _run_data_migration("cms", "0004_volunteers_only_groups_and_collection", "create")
    _run_data_migration("volunteers", "0002_local_authorities", "load")
    _run_data_migration("training", "0002_national_framework", "forwards")


@pytest.fixture
def content(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    _restore_migration_data()
    load_content()
    region = RegionFactory(code="R-EAST", name="East")
    for first, last in [("Ailsa", "Brown"), ("Calum", "Anderson")]:
        VolunteerFactory(user=UserFactory(first_name=first, last_name=last), home_region=region)
    return region


@pytest.fixture
def panel_member(content):
    user = UserFactory(email="morag@example.org", first_name="Morag", last_name="Member")
    # Granted as appointment does, without the role service: groups catch up on first visit.
    grant(user, Role.PANEL_MEMBER)
    VolunteerFactory(user=user, home_region=content)
    return user


def _result_titles(page):
    return page.locator(".ds_search-result__title").all_inner_texts()


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/guidance/",
        "/guidance/preparing-for-a-hearing/",
        "/guidance/chairing-a-hearing/",
        "/guidance/conflicts-of-interest/",
        "/news/",
        "/news/recruitment-2027-opens/",
        "/become-a-panel-member/",
        "/national-standards/",
        "/panel-members/",
        "/search/?q=hearing",
    ],
)
def test_public_pages_are_accessible(page, content, url):
    page.goto(url)
    assert page.locator("h1").count() == 1
    assert_accessible(page)


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/guidance/preparing-for-a-hearing/",
        "/accessibility/",
        "/accounts/login/",
    ],
)
def test_public_pages_are_accessible_on_a_phone(phone_page, content, url):
    phone_page.goto(url)
    assert phone_page.locator("h1").count() == 1
    # Nothing wider than the screen: no sideways scrolling at 375 pixels (WCAG 1.4.10).
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(phone_page)


def test_accordions_open_and_the_contents_list_jumps_to_a_section(page, content):
    page.goto("/guidance/chairing-a-hearing/")
    page.get_by_role("button", name="Open all sections").click()
    assert page.get_by_text("Introduce everyone, explain the purpose").is_visible()
    assert_accessible(page)
    page.get_by_role("navigation", name="Contents").get_by_role(
        "link", name="Writing the reasons"
    ).click()
    page.wait_for_url("**#writing-the-reasons")


def test_the_panel_list_shows_appointed_members(page, content):
    page.goto("/panel-members/")
    rows = page.locator("tbody tr").all_inner_texts()
    assert [row.split("\t")[0] for row in rows] == ["Calum Anderson", "Ailsa Brown"]


def test_members_guidance_is_closed_to_the_public_and_open_to_a_panel_member(page, panel_member):
    # A visitor is sent to sign in, for the page and for its document.
    page.goto(MEMBERS_PAGE)
    page.wait_for_url("**/accounts/login/**")
    document_url = get_document_model().objects.get(title="Hearing papers checklist").url
    response = page.request.get(document_url, max_redirects=0)
    assert response.status == 302
    assert "/accounts/login/" in response.headers["location"]

    # Search does not reveal it, or even its section.
    page.goto("/search/?q=papers")
    assert_accessible(page)
    assert "Handling hearing papers securely" not in _result_titles(page)
    page.goto("/guidance/")
    assert page.get_by_text("Panel members only").count() == 0

    # A panel member signs in and is taken straight to it.
    page.goto(MEMBERS_PAGE)
    page.wait_for_url("**/accounts/login/**")
    page.get_by_label("Email").fill(panel_member.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(f"**{MEMBERS_PAGE}")
    assert page.get_by_role("heading", name="Handling hearing papers securely").is_visible()
    assert_accessible(page)

    download = page.request.get(document_url)
    assert download.status == 200
    assert download.text().startswith("Hearing papers checklist")

    page.goto("/search/?q=papers")
    assert "Handling hearing papers securely" in _result_titles(page)
    page.goto("/guidance/")
    assert page.get_by_role("link", name="Panel members only").is_visible()


def test_a_signed_in_applicant_is_told_the_guidance_is_for_panel_members(page, content):
    user = UserFactory(email="alex@example.org")
    grant(user, Role.APPLICANT)
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/dashboard/")
    page.goto(MEMBERS_PAGE)
    assert page.get_by_role("heading", name="This guidance is for panel members").is_visible()
    assert page.get_by_text("Keep papers in a locked drawer").count() == 0
    assert_accessible(page)
    page.goto("/search/?q=zzzyzzz")
    assert page.get_by_text("0 results for").is_visible()
    assert_accessible(page)
