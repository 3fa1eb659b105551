"""Concurrency proven through the views on PostgreSQL: requests fired at once from threads,
each with its own signed-in client, end with exactly one booking."""

import secrets
import threading

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse

from rostering import services
from rostering.models import Assignment, CoverOffer
from rostering.services.cover import hash_token
from tests.conftest import passed_mfa
from tests.factories import UserFactory, grant, with_totp
from tests.rostering.conftest import DAY
from tests.rostering.factories import make_member, make_session, sit
from volunteers.models import Role

# Skipped at collection: a transactional test that starts would flush the database.
pytestmark = [
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="SQLite serialises every write, so concurrent requests prove nothing there; "
        "the row locks under test are PostgreSQL's.",
    ),
    pytest.mark.django_db(transaction=True),
]


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    passed_mfa(client, user)
    return client


def _fire(requests):
    """Run each (client, url, data) POST at the same moment; return the status codes."""
    barrier = threading.Barrier(len(requests))
    statuses = []

    def post(client, url, data):
        try:
            barrier.wait()
            statuses.append(client.post(url, data).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=request) for request in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def test_two_rota_managers_add_one_member_to_two_panels_in_one_half_day(east, east_centre):
    managers = []
    for n in range(2):
        manager = with_totp(UserFactory(email=f"rota{n}@example.org"))
        grant(manager, Role.REGIONAL_ADMIN, east)
        managers.append(manager)
    first = make_session(east_centre, reference="SCRA-A", date=DAY, half="AM")
    second = make_session(east_centre, reference="SCRA-B", date=DAY, half="AM")
    member = make_member(east, chair=True, slots=[(DAY, "AM")])
    others = [
        make_member(east, sex="M" if i % 2 else "F", chair=True, slots=[(DAY, "AM")])
        for i in range(4)
    ]
    period = services.create_rota_period(
        region=east, start=DAY, end=DAY, availability_deadline=DAY, by=managers[0]
    )
    run = services.run_rota(
        run=services.start_rota_run(period=period, by=managers[0], time_limit=5), workers=2
    )
    # Seat each panel as chair + one member, so either can lawfully take the member third.
    Assignment.objects.filter(run=run).delete()
    for session, (chair, wing) in ((first, others[:2]), (second, others[2:])):
        for volunteer, is_chair in ((chair, True), (wing, False)):
            Assignment.objects.create(
                session=session,
                volunteer=volunteer,
                date=DAY,
                half="AM",
                is_chair=is_chair,
                status="draft",
                run=run,
            )
    data = {"volunteer": str(member.pk), "reason": "by hand"}
    statuses = _fire(
        [
            (
                _signed_in(manager),
                reverse("rostering:panel_add", args=[run.pk, session.pk]),
                data,
            )
            for manager, session in zip(managers, (first, second), strict=True)
        ]
    )
    assert sorted(statuses) == [302, 400]  # one added, the other told why not
    assert (
        Assignment.objects.filter(volunteer=member, status__in=["draft", "published"]).count() == 1
    )


def test_many_accepts_of_one_cover_seat_give_it_to_exactly_one_member(
    east_session, east_panel_pool
):
    ailsa, callum, *_ = east_panel_pool
    sit(east_session, ailsa, chair=True)
    leaving = sit(east_session, callum)
    request = services.withdraw_from_sitting(assignment=leaving, reason="Unwell", by=callum.user)
    offers = list(request.offers.select_related("volunteer__user"))
    assert len(offers) >= 2
    posts = []
    for offer in offers:
        # Only the hash is kept, so give each offer a token we know.
        token = secrets.token_urlsafe(32)
        CoverOffer.objects.filter(pk=offer.pk).update(token_hash=hash_token(token))
        url = reverse("rostering:cover_offer", args=[token])
        # Each member clicks twice, from two tabs.
        for _ in range(2):
            posts.append((_signed_in(offer.volunteer.user), url, {"answer": "accept"}))
    statuses = _fire(posts)
    assert statuses == [302] * len(posts)  # everyone gets an answer, not an error
    covering = Assignment.objects.filter(session=east_session, status="published").exclude(
        volunteer=ailsa
    )
    assert covering.count() == 1
    assert CoverOffer.objects.filter(request=request, status="accepted").count() == 1
    request.refresh_from_db()
    assert request.status == "filled"
