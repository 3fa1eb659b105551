"""The sitting reminder runs in a real Celery worker (PostgreSQL + Redis) and its email is
sent from there.

Skipped on SQLite; .ci/run sets REQUIRE_SERVICES=1, which turns the skip into a failure.
"""

import datetime
import time

import pytest
from django.core import mail
from django.utils import timezone

from common.models import OutgoingEmail
from config.celery import app
from rostering.models import Assignment
from tests.rostering.factories import make_member, make_session, sit

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.celery_worker,
    pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored"),
]


def _wait_for_sent(count: int) -> list[OutgoingEmail]:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        emails = list(OutgoingEmail.objects.filter(template="rostering/sitting_reminder"))
        if len(emails) >= count and all(e.status != "queued" for e in emails):
            return emails
        time.sleep(0.5)
    return list(OutgoingEmail.objects.filter(template="rostering/sitting_reminder"))


def test_the_reminder_task_runs_in_a_real_worker_and_sends_once(worker_queue, east, east_centre):
    today = timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)
    first = sit(
        make_session(east_centre, date=tomorrow, half="AM"),
        make_member(east, chair=True, email="sitter@example.org"),
        chair=True,
    )
    # What beat queues; send_task goes through the broker even though the test settings run
    # .delay() eagerly. Twice, as a redelivery or a second beat would.
    for _ in range(2):
        app.send_task("rostering.tasks.send_sitting_reminders", queue=worker_queue)
    # One worker takes its queue in order: once a third run has reminded a later sitting,
    # the first two have finished.
    second = sit(
        make_session(east_centre, date=tomorrow, half="PM"),
        make_member(east, chair=True, email="later@example.org"),
        chair=True,
    )
    app.send_task("rostering.tasks.send_sitting_reminders", queue=worker_queue)
    emails = _wait_for_sent(2)
    assert sorted((e.to, e.status, e.attempts) for e in emails) == [
        ("later@example.org", "sent", 1),
        ("sitter@example.org", "sent", 1),
    ]
    assert all(e.sent_at is not None and e.ics for e in emails)
    assert Assignment.objects.filter(pk__in=[first.pk, second.pk], reminded_at=None).count() == 0
    assert mail.outbox == []  # sent by the worker's process, not this one
