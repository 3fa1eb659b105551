"""Publishing a rota, then a real Celery worker (PostgreSQL + Redis) sends its emails.

Skipped on SQLite; .ci/run sets REQUIRE_SERVICES=1, which turns the skip into a failure.
"""

import time

import pytest
from django.core import mail

from common.models import Job, OutgoingEmail
from config.celery import app
from rostering import services

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.celery_worker,
    pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored"),
]


def test_a_published_rota_is_emailed_from_a_real_worker(worker_queue, admin_east, draft_run):
    job = services.publish_run(run=draft_run, by=admin_east)
    # What the publish view queues at commit; send_task goes through the broker even though
    # the test settings run .delay() eagerly.
    app.send_task(
        "rostering.tasks.email_published_rota",
        kwargs={"job_id": str(job.pk), "run_id": draft_run.pk},
        queue=worker_queue,
    )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.is_finished:
            break
        time.sleep(0.5)
    assert job.status == Job.Status.SUCCEEDED, job.message
    assert job.message == "Rota published: 3 members emailed."
    emails = OutgoingEmail.objects.filter(job=job).order_by("to")
    assert [(e.to, e.status, e.attempts) for e in emails] == [
        (f"sitter{i}@example.org", "sent", 1) for i in range(3)
    ]
    assert all(e.sent_at is not None and e.ics for e in emails)
    assert mail.outbox == []  # sent by the worker's process, not this one
