"""List pages run the same number of queries however many items they show (1 or 3)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.demo import para, stream
from cms.models import GuidancePage, NewsIndexPage, NewsPage

from .conftest import publish


def _queries(client, url, params=None):
    client.get(url, params or {})  # warm Wagtail's per-site caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(queries)


def _guidance(parent, n):
    for i in range(n):
        publish(
            parent,
            GuidancePage(
                title=f"Hearing guidance {i}",
                slug=f"hearing-{i}",
                summary="About hearings.",
                body=stream(para("<p>Hearing practice.</p>")),
            ),
        )


@pytest.fixture
def news_index(home):
    return publish(home, NewsIndexPage(title="News", slug="news"))


def _news(index, n):
    for i in range(n):
        publish(
            index,
            NewsPage(
                title=f"News {i}",
                slug=f"news-{i}",
                date=datetime.date(2026, 1, 1 + i),
                summary="Something happened.",
                body=stream(para("<p>Details.</p>")),
            ),
        )


@pytest.mark.parametrize("n", [1, 3])
def test_guidance_index(client, guidance, members_section, n):
    _guidance(guidance, n)
    assert _queries(client, "/guidance/") == 14


@pytest.mark.parametrize("n", [1, 3])
def test_news_index(client, news_index, n):
    _news(news_index, n)
    assert _queries(client, "/news/") == 13


@pytest.mark.parametrize("n", [1, 3])
def test_search(client, guidance, members_section, n):
    _guidance(guidance, n)
    assert _queries(client, "/search/", {"q": "hearing"}) == 6
