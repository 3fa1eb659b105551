"""The personal calendar feed, parsed back with icalendar."""

import gzip
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from icalendar import Calendar

from rostering import services
from rostering.models import CalendarFeed
from tests.rostering.factories import make_session, sit
from tests.training.factories import EnrolmentFactory, TrainingSessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def feed_url(client_for, member):
    client = client_for(member)
    client.post(reverse("rostering:calendar_create"))
    page = client.get(reverse("rostering:calendar_settings"))
    https = re.search(rb'value="(https://[^"]+\.ics)"', page.content).group(1).decode()
    client.logout()
    return https.removeprefix("https://panel.example.org")


def _parse(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return response, Calendar.from_ical(response.content)


def test_the_feed_carries_sittings_with_stable_uids_and_no_case_details(
    client, member, east_session, east_centre, feed_url
):
    assignment = sit(east_session, member.volunteer, chair=True)
    other = make_session(east_centre, reference="SCRA-2", cases=[("SECRET-CASE-9", "S12000036")])
    withdrawn = sit(other, member.volunteer, status="withdrawn")
    withdrawn.sequence = 1
    withdrawn.save()
    response, cal = _parse(client, feed_url)
    events = cal.walk("VEVENT")
    assert [str(e["UID"]) for e in events] == [
        f"sitting-{assignment.uid}@panel.example.org",
        f"sitting-{withdrawn.uid}@panel.example.org",
    ]
    assert [str(e["STATUS"]) for e in events] == ["CONFIRMED", "CANCELLED"]
    assert [int(e["SEQUENCE"]) for e in events] == [0, 1]
    assert len(cal.walk("VTIMEZONE")) == 1
    assert str(cal.walk("VTIMEZONE")[0]["TZID"]) == "Europe/London"
    assert events[0].decoded("DTSTART").tzinfo.key == "Europe/London"
    body = response.content.decode()
    assert "SCRA" not in body
    assert "K0" not in body
    assert "SECRET-CASE" not in body
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT1H" in body
    assert "X-PUBLISHED-TTL:PT1H" in body
    assert response["Cache-Control"] == "private, max-age=900"
    assert response["X-Robots-Tag"] == "noindex"
    # Rebuilt later, the same UIDs come back.
    _, again = _parse(client, feed_url)
    assert [str(e["UID"]) for e in again.walk("VEVENT")] == [str(e["UID"]) for e in events]
    assert str(again["UID"]) == str(cal["UID"])


def test_a_change_raises_the_sequence_and_a_cancellation_stays(
    client, member, east_session, feed_url, admin_east
):
    assignment = sit(east_session, member.volunteer)
    services.withdraw_from_sitting(assignment=assignment, reason="Unwell", by=member)
    _, cal = _parse(client, feed_url)
    (event,) = cal.walk("VEVENT")
    assert str(event["UID"]) == f"sitting-{assignment.uid}@panel.example.org"
    assert int(event["SEQUENCE"]) == 1
    assert str(event["STATUS"]) == "CANCELLED"


def test_conditional_requests_get_304(client, member, east_session, feed_url):
    sit(east_session, member.volunteer)
    response = client.get(feed_url)
    etag, modified = response["ETag"], response["Last-Modified"]
    assert client.get(feed_url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get(feed_url, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    assert client.get(feed_url, HTTP_IF_NONE_MATCH='"stale"').status_code == 200


def test_drafts_are_not_in_the_feed(client, member, east_session, feed_url):
    sit(east_session, member.volunteer, status="draft")
    _, cal = _parse(client, feed_url)
    assert cal.walk("VEVENT") == []
    assert len(cal.walk("VTIMEZONE")) == 1


def test_the_token_is_stored_hashed_and_can_be_revoked_or_replaced(
    client, client_for, member, feed_url
):
    token = feed_url.removeprefix("/calendar/").removesuffix(".ics")
    assert len(token) >= 43  # 32 random bytes, base64: 256 bits
    feed = CalendarFeed.objects.get(user=member)
    assert token not in feed.token_hash
    own = client_for(member)
    own.post(reverse("rostering:calendar_create"))
    own.logout()
    assert client.get(feed_url).status_code == 404
    assert CalendarFeed.objects.filter(user=member, revoked_at__isnull=True).count() == 1
    own = client_for(member)
    own.post(reverse("rostering:calendar_revoke"))
    assert CalendarFeed.objects.filter(user=member, revoked_at__isnull=True).count() == 0


def test_a_made_up_token_is_404(client, db):
    assert client.get("/calendar/not-a-real-token.ics").status_code == 404


def test_the_feed_answers_get_only(client, feed_url):
    assert client.post(feed_url).status_code == 405


def test_the_settings_page_offers_webcal_https_and_google_links(client_for, member):
    client = client_for(member)
    client.post(reverse("rostering:calendar_create"))
    page = client.get(reverse("rostering:calendar_settings")).content.decode()
    assert 'href="webcal://panel.example.org/calendar/' in page
    assert "https://calendar.google.com/calendar/r?cid=webcal%3A%2F%2Fpanel.example.org" in page
    # Shown once only.
    again = client.get(reverse("rostering:calendar_settings")).content.decode()
    assert "webcal://" not in again


def test_staff_without_a_volunteer_record_cannot_have_a_feed(client_for, admin_east):
    client = client_for(admin_east)
    assert client.get(reverse("rostering:calendar_settings")).status_code == 403
    assert client.get(reverse("rostering:calendar_create")).status_code == 405


def test_booked_training_is_in_the_feed_too(client, member, feed_url, east):

    session = TrainingSessionFactory(region=east)
    enrolment = EnrolmentFactory(session=session, volunteer=member.volunteer)
    _, cal = _parse(client, feed_url)
    (event,) = cal.walk("VEVENT")
    assert str(event["UID"]) == f"training-{enrolment.pk}@panel.example.org"
    assert str(event["SUMMARY"]).startswith("Training: ")
    assert str(event["STATUS"]) == "CONFIRMED"


def test_a_weak_validator_gets_304_by_weak_comparison(client, member, east_session, feed_url):
    sit(east_session, member.volunteer)
    etag = client.get(feed_url)["ETag"]
    opaque = etag.removeprefix("W/")
    assert client.get(feed_url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get(feed_url, HTTP_IF_NONE_MATCH=opaque).status_code == 304
    assert client.get(feed_url, HTTP_IF_NONE_MATCH=f'"other", W/{opaque}').status_code == 304
    assert client.get(feed_url, HTTP_IF_NONE_MATCH="*").status_code == 304
    assert client.get(feed_url, HTTP_IF_NONE_MATCH='W/"other"').status_code == 200


def test_a_change_to_a_sitting_changes_the_validator(client, member, east_session, feed_url):
    assignment = sit(east_session, member.volunteer)
    etag = client.get(feed_url)["ETag"]
    services.withdraw_from_sitting(assignment=assignment, reason="Unwell", by=member)
    response = client.get(feed_url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag


def test_the_304_answer_reads_less_and_leaves_last_used_alone(
    client, member, east_session, feed_url
):

    sit(east_session, member.volunteer)
    with CaptureQueriesContext(connection) as full:
        first = client.get(feed_url)
    assert first.status_code == 200
    used = CalendarFeed.objects.get(user=member).last_used_at
    assert used is not None
    with CaptureQueriesContext(connection) as cheap:
        again = client.get(feed_url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert len(cheap.captured_queries) < len(full.captured_queries)
    assert not any("UPDATE" in q["sql"] for q in cheap.captured_queries)
    assert CalendarFeed.objects.get(user=member).last_used_at == used


def test_the_feed_is_gzipped_when_the_client_accepts_it(client, member, east_session, feed_url):

    sit(east_session, member.volunteer)
    response = client.get(feed_url, HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    cal = Calendar.from_ical(gzip.decompress(response.content))
    assert len(cal.walk("VEVENT")) == 1
