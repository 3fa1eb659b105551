"""The search page: guidance found by the database backend, never a page the visitor cannot open."""

import re

import pytest


def _titles(response):
    return re.findall(
        r'class="ds_search-result__link" href="[^"]+">([^<]+)</a>', response.content.decode()
    )


@pytest.fixture
def content(guidance_page, members_page, news_item):
    return None


def test_it_finds_guidance(client, content):
    response = client.get("/search/", {"q": "hearing"})
    assert response.status_code == 200
    assert "Preparing for a hearing" in _titles(response)
    assert "ds_search-results" in response.content.decode()


def test_it_finds_words_in_the_body(client, content):
    assert _titles(client.get("/search/", {"q": "mileage"})) == ["Preparing for a hearing"]


def test_it_never_shows_members_guidance_to_the_public(client, content):
    response = client.get("/search/", {"q": "confidential papers"})
    assert response.status_code == 200
    assert _titles(response) == []
    assert "Handling confidential papers" not in response.content.decode()


def test_it_never_shows_members_guidance_to_a_signed_in_applicant(
    client_for, applicant, content, sync_groups
):
    response = client_for(sync_groups(applicant)).get("/search/", {"q": "confidential papers"})
    assert _titles(response) == []


def test_it_shows_members_guidance_to_a_panel_member(client_for, member, content, sync_groups):
    response = client_for(sync_groups(member)).get("/search/", {"q": "confidential papers"})
    assert _titles(response) == ["Handling confidential papers"]


def test_it_shows_an_empty_form_without_a_query(client, content):
    response = client.get("/search/")
    assert response.status_code == 200
    assert "ds_search-results" not in response.content.decode()
    assert 'name="q"' in response.content.decode()


def test_it_says_when_nothing_matches(client, content):
    response = client.get("/search/", {"q": "zzzyzzz"})
    assert "0 results for" in response.content.decode()


def test_it_leaves_out_draft_pages(client, guidance_page):
    guidance_page.unpublish()
    assert _titles(client.get("/search/", {"q": "hearing"})) == []


def test_it_rejects_post(client):
    assert client.post("/search/", {"q": "hearing"}).status_code == 405
