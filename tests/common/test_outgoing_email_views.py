"""The outgoing email log under /staff/email/: national administrators only."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from common.models import OutgoingEmail

pytestmark = pytest.mark.django_db

URL = "/staff/email/"


def _email(to, status="sent", **kwargs):
    return OutgoingEmail.objects.create(
        to=to,
        template="volunteers/group_message",
        subject="[Children's Panel] Parking",
        body_text="Use the back entrance.",
        status=status,
        attempts=kwargs.pop("attempts", 1),
        sent_at=kwargs.pop("sent_at", None),
        **kwargs,
    )


def test_the_url_is_under_staff():
    assert reverse("mail:outgoing") == URL


def test_it_lists_every_email_for_a_national_administrator(client_for, national_admin):

    _email("sent@example.org", sent_at=timezone.now())
    _email("refused@example.org", status="failed", attempts=5, last_error="SMTPRecipientsRefused")
    page = client_for(national_admin).get(URL)
    assert page.status_code == 200
    assert b"sent@example.org" in page.content
    assert b"refused@example.org" in page.content
    assert b"SMTPRecipientsRefused" in page.content
    assert b"2 emails." in page.content


def test_it_filters_by_status(client_for, national_admin):
    _email("queued@example.org", status="queued", attempts=0)
    _email("refused@example.org", status="failed", attempts=5)
    page = client_for(national_admin).get(URL, {"status": "failed"})
    assert b"refused@example.org" in page.content
    assert b"queued@example.org" not in page.content


def test_it_is_forbidden_to_regional_administrators(client_for, admin_east):
    _email("someone@example.org", status="queued", attempts=0)
    page = client_for(admin_east).get(URL)
    assert page.status_code == 403
    assert b"someone@example.org" not in page.content


def test_it_sends_anonymous_people_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_it_rejects_post(client_for, national_admin):
    assert client_for(national_admin).post(URL).status_code == 405


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    return len(queries)


def test_its_queries_do_not_grow_with_the_rows(client_for, national_admin):
    client = client_for(national_admin)
    _email("first@example.org", status="queued", attempts=0)
    one = _queries(client)
    for index in range(2, 6):
        _email(f"person{index}@example.org", status="queued", attempts=0)
    assert _queries(client) == one
