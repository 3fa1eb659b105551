"""The member's availability page: texts that follow the rota period, weeks that fold,
weekends only where the rota has them, and the usual week in one tap."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from rostering.models import RotaPeriod, RotaRun
from tests.rostering.factories import make_session

pytestmark = pytest.mark.django_db

URL = reverse("rostering:availability")


def _monday(weeks_ahead=2):
    today = timezone.localdate()
    return today + datetime.timedelta(days=7 * weeks_ahead - today.weekday())


def _period(region, *, deadline_days=3, opened=True):
    start = _monday()
    return RotaPeriod.objects.create(
        region=region,
        start=start,
        end=start + datetime.timedelta(days=13),
        availability_deadline=timezone.localdate() + datetime.timedelta(days=deadline_days),
        opened_at=timezone.now() if opened else None,
    )


def test_it_asks_for_time_while_the_period_is_open(client_for, member, east):
    period = _period(east)
    page = client_for(member).get(URL).content.decode()
    assert "We are drawing up the rota" in page
    assert f"by <strong>{period.availability_deadline:%-d %B %Y}</strong>" in page
    assert "is being drawn up" not in page


def test_it_says_the_rota_is_being_drawn_up_after_the_deadline(client_for, member, east):
    _period(east, deadline_days=-1)
    page = client_for(member).get(URL).content.decode()
    assert "is being drawn up" in page
    assert "has been published" not in page


def test_it_says_the_rota_has_been_published(client_for, member, east):
    period = _period(east, deadline_days=-1)
    RotaRun.objects.create(period=period, status=RotaRun.Status.PUBLISHED)
    page = client_for(member).get(URL).content.decode()
    assert "has been published" in page
    assert "is being drawn up" not in page


def test_weeks_fold_and_weekends_show_only_with_weekend_sessions(
    client_for, member, east, east_centre
):
    period = _period(east)
    client = client_for(member)
    page = client.get(URL).content.decode()
    assert page.count('<details class="ds_details"') == 2
    saturday = period.start + datetime.timedelta(days=5)
    assert f'value="{saturday.isoformat()}/AM"' not in page
    assert "This rota has no weekend sessions." in page
    make_session(east_centre, date=saturday, half="AM", reference="SCRA-SAT")
    page = client.get(URL).content.decode()
    assert f'value="{saturday.isoformat()}/AM"' in page
    assert "Saturday morning" in page  # the usual week offers weekends too


def test_the_usual_week_is_offered_in_one_tap(client_for, member, east):
    period = _period(east)
    client = client_for(member)
    client.post(reverse("rostering:pattern"), {"pattern": ["0/AM", "2/PM"]})
    response = client.post(URL, {"use_pattern": "1"})
    assert response.status_code == 302
    offers = sorted(member.volunteer.offers.values_list("date", "half"))
    wednesday = period.start + datetime.timedelta(days=2)
    assert offers == [
        (period.start, "AM"),
        (wednesday, "PM"),
        (period.start + datetime.timedelta(days=7), "AM"),
        (wednesday + datetime.timedelta(days=7), "PM"),
    ]


def test_dates_away_says_optional_once(client_for, member):
    page = client_for(member).get(URL).content.decode()
    assert "Reason (optional)" in page
    assert "(optional) (optional)" not in page


def test_someone_who_does_not_sit_is_refused(client_for, admin_east):
    assert client_for(admin_east).get(URL).status_code == 403


def test_it_refuses_put(client_for, member):
    assert client_for(member).put(URL).status_code == 405
