"""Responses to a signed-in person are never stored; static files and the feed keep theirs."""

from django.urls import reverse

from rostering.services.members import create_calendar_feed


def test_signed_in_pages_are_no_store(client_for, member, national_admin):
    assert client_for(member).get(reverse("dashboard"))["Cache-Control"] == "no-store, private"
    staff = client_for(national_admin).get(reverse("privacy:retention"))
    assert staff["Cache-Control"] == "no-store, private"


def test_redirects_and_errors_to_signed_in_people_are_no_store(client_for, member):
    response = client_for(member).get("/staff/privacy/retention/")
    assert response.status_code == 403
    assert response["Cache-Control"] == "no-store, private"


def test_anonymous_public_pages_are_left_alone(client):
    response = client.get(reverse("accessibility"))
    assert "no-store" not in response.get("Cache-Control", "")


def test_static_files_keep_their_policy(client_for, member):
    response = client_for(member).get("/static/css/site.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_the_calendar_feed_keeps_its_own_policy(client_for, member):

    token = create_calendar_feed(user=member)
    response = client_for(member).get(reverse("rostering:calendar_feed", args=[token]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, max-age=900"
