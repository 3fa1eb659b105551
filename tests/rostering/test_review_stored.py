"""The review page reads stored figures, never the run's instance or solution JSON."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rostering import services
from rostering.models import Assignment, RotaRun
from tests.rostering.conftest import DAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def east_run(east_session, east_panel_pool, admin_east, east):
    period = services.create_rota_period(
        region=east, start=DAY, end=DAY, availability_deadline=DAY, by=admin_east
    )
    run = services.start_rota_run(period=period, by=admin_east, time_limit=5)
    return services.run_rota(run=run, workers=2)


def _reads_run_json(queries) -> bool:
    return any(
        '"instance"' in q["sql"] and "rostering_rotarun" in q["sql"] and "SELECT" in q["sql"]
        for q in queries
    )


def test_the_draft_is_saved_with_its_figures(east_run):
    run = RotaRun.objects.get(pk=east_run.pk)
    assert run.review["sessions"]
    assert run.review["figures"]["fill_rate"] == 100
    assert run.review["rota_key"]


def test_the_review_page_and_the_poll_do_not_read_the_instance(client_for, admin_east, east_run):
    client = client_for(admin_east)
    url = reverse("rostering:run", args=[east_run.pk])
    review = reverse("rostering:run_review", args=[east_run.pk])
    client.get(review)
    with CaptureQueriesContext(connection) as page:
        response = client.get(review)
    assert response.status_code == 200
    assert response.context["fair"]["fill_rate"] == 100
    assert not _reads_run_json(page.captured_queries)
    # The board, the run's main page, reads the same stored facts.
    with CaptureQueriesContext(connection) as board:
        assert client.get(url).status_code == 200
    assert not _reads_run_json(board.captured_queries)
    with CaptureQueriesContext(connection) as poll:
        # The run has finished, so the poll tells htmx to stop (286) and reload the page.
        assert client.get(url, HTTP_HX_REQUEST="true").status_code == 286
    assert not _reads_run_json(poll.captured_queries)


def test_a_change_to_the_rota_is_reflected_in_the_figures(
    client_for, admin_east, east_run, east_session
):
    client = client_for(admin_east)
    url = reverse("rostering:run_review", args=[east_run.pk])
    assert client.get(url).context["fair"]["fill_rate"] == 100
    ordinary = Assignment.objects.filter(session=east_session, is_chair=False).first()
    services.remove_member(run=east_run, assignment=ordinary, by=admin_east, reason="Unwell")
    assert client.get(url).context["fair"]["fill_rate"] == 0
