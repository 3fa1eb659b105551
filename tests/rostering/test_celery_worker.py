"""A national rota run on the demo data, through a real Celery worker (PostgreSQL + Redis).

Skipped on SQLite; .ci/run sets REQUIRE_SERVICES=1, which turns the skip into a failure.
"""

import datetime
import time

import pytest

from config.celery import app
from rostering import services
from rostering.demo import load_rostering, next_monday
from rostering.models import Assignment, RotaRun
from volunteers import demo
from volunteers.models import User

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.celery_worker,
    pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored"),
]

TIME_LIMIT = 25


def test_a_national_rota_run_completes_through_a_real_worker(worker_queue):
    demo.load_organisation()
    demo.load_demo_users()
    demo.load_volunteers("national")
    load_rostering()
    national = User.objects.get(email="national@demo.example")
    start = next_monday()
    period = services.create_rota_period(
        region=None,
        start=start,
        end=start + datetime.timedelta(days=27),
        availability_deadline=start - datetime.timedelta(days=1),
        by=national,
    )
    run = services.start_rota_run(period=period, by=national, time_limit=TIME_LIMIT)
    app.send_task(
        "rostering.tasks.run_rota", kwargs={"run_id": run.pk, "workers": 8}, queue=worker_queue
    )
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        run.refresh_from_db()
        if run.status not in (RotaRun.Status.QUEUED, RotaRun.Status.RUNNING):
            break
        time.sleep(1)
    run.job.refresh_from_db()
    assert run.status == RotaRun.Status.DRAFT, run.message
    assert run.job.status == "succeeded"
    assert len(run.instance["volunteers"]) > 1500
    assert len(run.instance["sessions"]) > 400
    assert run.metrics["valid"] is True
    assert run.metrics["complete"] > 0.8 * len(run.instance["sessions"])
    assert Assignment.objects.filter(run=run, status="draft").count() == run.metrics["seats"]
