"""Every page type renders, with the design system's markup for each block."""

import datetime
import re

from django.urls import reverse
from django.utils.html import escape

from cms.models import Contact, GuidanceIndexPage, GuidancePage, NewsPage, PanelListPage
from training.models import Framework
from training.selectors import current_framework
from volunteers.models import Campaign


def test_home_page_lists_its_sections(client, guidance, news_item):
    response = client.get("/")
    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "cms/home_page.html"
    html = response.content.decode()
    assert 'href="/guidance/"' in html
    assert 'href="/news/"' in html
    assert 'action="/search/"' in html


def test_guidance_index_lists_its_pages(client, guidance_page):
    response = client.get("/guidance/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Preparing for a hearing" in html
    assert "What to read and when to arrive." in html


def test_guidance_page_renders_every_block_in_the_design_system(
    client, guidance_page, public_document
):
    response = client.get("/guidance/preparing/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="ds_inset-text"' in html
    assert 'class="ds_warning-text"' in html
    assert html.count('data-module="ds-accordion"') == 2  # the accordion and the steps
    assert 'class="ds_step-navigation"' in html
    assert 'class="ds_file-download"' in html
    assert f'href="{public_document.url}"' in html
    assert "style=" not in html


def test_guidance_contents_list_links_to_each_heading(client, guidance_page):
    html = client.get("/guidance/preparing/").content.decode()
    assert re.findall(r'class="ds_contents-nav__link" href="#([^"]+)"', html) == [
        "before-the-day",
        "on-the-day",
    ]
    assert '<h2 id="before-the-day">Before the day</h2>' in html
    assert '<h2 id="on-the-day">On the day</h2>' in html


def test_guidance_page_can_hide_its_contents_list(client, guidance_page):
    guidance_page.show_contents = False
    guidance_page.save_revision().publish()
    assert "ds_contents-nav" not in client.get("/guidance/preparing/").content.decode()


def test_accordion_ids_are_unique_on_the_page(client, guidance_page):
    html = client.get("/guidance/preparing/").content.decode()
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids))


def test_related_pages_show_only_pages_the_visitor_may_open(
    client_for, client, guidance, guidance_page, members_page, member, sync_groups
):
    related = GuidancePage(
        title="Conflicts of interest",
        slug="conflicts",
        summary="When not to sit.",
        body=[
            (
                "related_pages",
                {"title": "Related guidance", "pages": [guidance_page, members_page]},
            )
        ],
    )
    guidance.add_child(instance=related)
    related.save_revision().publish()

    html = client.get("/guidance/conflicts/").content.decode()
    assert "Preparing for a hearing" in html
    assert "Handling confidential papers" not in html

    html = client_for(sync_groups(member)).get("/guidance/conflicts/").content.decode()
    assert "Handling confidential papers" in html


def test_news_index_lists_news_newest_first(client, news_item):
    news_index = news_item.get_parent()
    older = news_index.add_child(
        instance=type(news_item)(
            title="Older news",
            slug="older",
            date=news_item.date.replace(year=2025),
            summary="Last year.",
            body=[],
        )
    )
    older.save_revision().publish()
    html = client.get("/news/").content.decode()
    assert html.index("Recruitment opens") < html.index("Older news")
    assert '<time datetime="2026-11-02">2 November 2026</time>' in html


def test_news_item_renders(client, news_item):
    response = client.get("/news/recruitment-opens/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "We are looking for new panel members." in html
    assert "Apply in the spring." in html


def test_recruitment_page_lists_open_campaigns_and_links_to_apply(client, recruitment_page, east):
    today = datetime.date.today()
    national = Campaign.objects.create(
        name="National recruitment 2027",
        description="We need 500 new members.",
        opens_on=today - datetime.timedelta(days=5),
        closes_on=today + datetime.timedelta(days=30),
    )
    regional = Campaign.objects.create(
        name="East top-up",
        opens_on=today - datetime.timedelta(days=1),
        closes_on=today + datetime.timedelta(days=10),
    )
    regional.regions.add(east)
    Campaign.objects.create(
        name="Last year",
        opens_on=today - datetime.timedelta(days=400),
        closes_on=today - datetime.timedelta(days=300),
    )
    response = client.get("/join/")
    assert response.status_code == 200
    html = response.content.decode()
    assert re.findall(r"<h3>([^<]+)</h3>", html) == [regional.name, national.name]
    assert "Last year" not in html
    assert '<dd class="ds_metadata__value">East</dd>' in html
    assert '<dd class="ds_metadata__value">All of Scotland</dd>' in html
    assert f'href="{reverse("apply:campaigns")}"' in html
    assert '<h2 id="what-is-involved">What is involved</h2>' in html


def test_recruitment_page_offers_to_register_interest_when_nothing_is_open(
    client, recruitment_page
):
    html = client.get("/join/").content.decode()
    assert "There is no recruitment campaign open just now." in html
    assert f'href="{reverse("apply:interest")}"' in html


def test_standards_page_renders_the_live_framework(client, standards_page):
    framework = current_framework()
    response = client.get("/standards/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "One framework everywhere." in html
    assert escape(framework.title) in html
    for area in framework.areas.all():
        assert escape(area.name) in html
        for standard in area.standards.all():
            assert escape(standard.name) in html
    assert "What it takes to sit and to chair" in html


def test_standards_page_shows_the_newest_published_version(client, standards_page):
    framework = current_framework()
    Framework.objects.filter(pk=framework.pk).update(title="Superseded framework")
    Framework.objects.create(version=framework.version + 1, title="Draft framework")
    html = client.get("/standards/").content.decode()
    assert "Superseded framework" in html
    assert "Draft framework" not in html


def test_standards_page_says_so_before_any_framework_is_published(client, standards_page):
    Framework.objects.update(status="draft")
    html = client.get("/standards/").content.decode()
    assert "will be published here as soon as it is in force" in html


def test_panel_list_page_renders(client, panel_list_page):
    response = client.get("/panel/")
    assert response.status_code == 200
    assert "There are no appointed panel members to show." in response.content.decode()


def test_page_types_only_go_where_they_belong(home, guidance):

    assert GuidancePage.can_create_at(guidance)
    assert not GuidancePage.can_create_at(home)
    assert GuidanceIndexPage.can_create_at(guidance)
    assert not NewsPage.can_create_at(home)
    assert PanelListPage.can_create_at(home)


def test_a_contact_block_shows_the_shared_contact(client, guidance):
    contact = Contact.objects.create(
        name="Expenses team", email="expenses@example.org", phone="0300 000 0000"
    )
    page = GuidancePage(
        title="Claiming expenses",
        slug="expenses",
        summary="How to claim.",
        body=[("contact", {"contact": contact})],
    )
    guidance.add_child(instance=page)
    page.save_revision().publish()
    html = client.get("/guidance/expenses/").content.decode()
    assert "Contact: Expenses team" in html
    assert 'href="mailto:expenses@example.org"' in html


def test_editors_keep_the_shared_contacts_in_the_cms_admin(client_for, editor, sync_groups):
    Contact.objects.create(name="Expenses team")
    response = client_for(sync_groups(editor)).get("/cms-admin/snippets/cms/contact/")
    assert response.status_code == 200
    assert "Expenses team" in response.content.decode()
