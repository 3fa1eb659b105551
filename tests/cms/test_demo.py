"""Demo content: a realistic guidance tree, idempotent."""

from django.test import Client
from wagtail.models import Page

from cms.demo import load_content
from cms.models import GuidancePage, NewsPage
from volunteers.services.roles import sync_role_groups


def test_it_builds_the_guidance_tree_news_recruitment_standards_and_panel_list(db):
    assert load_content() == 16
    client = Client()
    for url in [
        "/guidance/",
        "/guidance/preparing-for-a-hearing/",
        "/guidance/chairing-a-hearing/",
        "/guidance/conflicts-of-interest/",
        "/guidance/claiming-expenses/",
        "/guidance/data-protection/",
        "/news/",
        "/become-a-panel-member/",
        "/national-standards/",
        "/panel-members/",
    ]:
        assert client.get(url).status_code == 200, url
    assert NewsPage.objects.live().count() == 3


def test_it_is_idempotent(db):
    load_content()
    pages = Page.objects.count()
    assert load_content() == 0
    assert Page.objects.count() == pages


def test_its_members_section_is_private(db, member):
    load_content()
    url = "/guidance/panel-members-only/handling-hearing-papers/"
    assert Client().get(url).status_code == 302
    sync_role_groups(user=member)
    client = Client()
    client.force_login(member)
    response = client.get(url)
    assert response.status_code == 200
    assert "Hearing papers checklist" in response.content.decode()
    page = GuidancePage.objects.get(slug="handling-hearing-papers")
    document = next(b.value["document"] for b in page.body if b.block_type == "document")
    assert document.collection.name == "Volunteers only"
    assert Client().get(document.url).status_code == 302
    assert client.get(document.url).status_code == 200
