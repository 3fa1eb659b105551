"""A small content tree for the CMS tests: public guidance, a volunteers-only section with a
private document, news, recruitment, standards and the published panel list."""

import datetime

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Collection

from cms.demo import accordion, heading, inset, para, steps, stream, warning
from cms.models import (
    GuidanceIndexPage,
    GuidancePage,
    HomePage,
    NewsIndexPage,
    NewsPage,
    PanelListPage,
    RecruitmentPage,
    StandardsPage,
)
from cms.privacy import restrict_page_to_volunteers, volunteers_only_collection
from volunteers.services.roles import sync_role_groups


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def make_document(title, collection, content=b"Some text.\n", filename="notes.txt"):
    document = get_document_model()(title=title, collection=collection)
    document.file.save(filename, ContentFile(content), save=False)
    document.save()
    return document


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def home(db):
    return HomePage.objects.get()


@pytest.fixture
def guidance(home):
    return publish(
        home,
        GuidanceIndexPage(title="Guidance", slug="guidance", intro="<p>Practice guidance.</p>"),
    )


@pytest.fixture
def public_document(db):
    return make_document(
        "Expenses claim form", Collection.get_first_root_node(), filename="claim.txt"
    )


@pytest.fixture
def members_section(guidance):
    section = publish(guidance, GuidanceIndexPage(title="Panel members only", slug="members"))
    restrict_page_to_volunteers(section)
    return section


@pytest.fixture
def private_document(db):
    return make_document(
        "Hearing papers checklist", volunteers_only_collection(), filename="checklist.txt"
    )


@pytest.fixture
def members_page(members_section, private_document):
    return publish(
        members_section,
        GuidancePage(
            title="Handling confidential papers",
            slug="papers",
            summary="Keeping hearing papers safe between sessions.",
            body=stream(
                heading("Storing papers"),
                para("<p>Keep the confidential papers in a locked drawer.</p>"),
                ("document", {"document": private_document.pk, "description": "One page."}),
            ),
        ),
    )


@pytest.fixture
def guidance_page(guidance, public_document):
    return publish(
        guidance,
        GuidancePage(
            title="Preparing for a hearing",
            slug="preparing",
            summary="What to read and when to arrive.",
            body=stream(
                heading("Before the day"),
                para("<p>Read the hearing papers carefully.</p>"),
                inset("<p>The child's welfare is the paramount consideration.</p>"),
                warning("Tell the Reporter at once if you know the family."),
                accordion(("Travel", "<p>Claim mileage.</p>"), ("Meals", "<p>A meal.</p>")),
                steps("Getting ready", ("Check your sitting", "<p>Confirm it.</p>")),
                heading("On the day"),
                ("document", {"document": public_document.pk, "description": "Claim form."}),
            ),
        ),
    )


@pytest.fixture
def news_item(home):
    index = publish(home, NewsIndexPage(title="News", slug="news"))
    return publish(
        index,
        NewsPage(
            title="Recruitment opens",
            slug="recruitment-opens",
            date=datetime.date(2026, 11, 2),
            summary="We are looking for new panel members.",
            body=stream(para("<p>Apply in the spring.</p>")),
        ),
    )


@pytest.fixture
def recruitment_page(home):
    return publish(
        home,
        RecruitmentPage(
            title="Become a panel member",
            slug="join",
            intro="<p>Volunteers from every walk of life.</p>",
            body=stream(heading("What is involved"), para("<p>Training, then sittings.</p>")),
        ),
    )


@pytest.fixture
def standards_page(home):
    return publish(
        home,
        StandardsPage(
            title="National standards",
            slug="standards",
            intro="<p>Set nationally.</p>",
            body=stream(para("<p>One framework everywhere.</p>")),
        ),
    )


@pytest.fixture
def panel_list_page(home):
    return publish(home, PanelListPage(title="Published list of panel members", slug="panel"))


@pytest.fixture
def sync_groups():
    """Put users in the groups their roles imply, as the role services do on every grant."""

    def sync(*users):
        for user in users:
            sync_role_groups(user=user)
        return users[0] if len(users) == 1 else users

    return sync
