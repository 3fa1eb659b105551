"""A real Celery worker, against Redis and PostgreSQL, runs a job end to end.

Needs PostgreSQL (so a second process can see the test database) and a Redis broker in
TEST_CELERY_BROKER_URL; .ci/run provides both and sets REQUIRE_SERVICES=1, which turns the
skip below into a failure.
"""

import time

import pytest

from common.jobs import start_job
from common.models import Job
from config.celery import app

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.celery_worker,
    pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored"),
]


def test_a_real_worker_runs_the_people_export(worker_queue, admin_east, member):
    job = start_job(owner=admin_east, kind="people_export", title="Export")
    # send_task always goes through the broker, whatever eager mode says.
    app.send_task(
        "volunteers.tasks.export_people", kwargs={"job_id": str(job.pk)}, queue=worker_queue
    )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.is_finished:
            break
        time.sleep(0.5)
    assert job.status == Job.Status.SUCCEEDED, job.message
    assert job.message == "Exported 2 people."
    assert job.result_file.name == f"jobs/{job.pk}.xlsx"
