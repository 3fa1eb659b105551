"""Progress of long work, written by Celery tasks and read by the job page."""

from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models import F
from django.utils import timezone

from .models import Job


def start_job(*, owner, kind: str, title: str, total: int = 0) -> Job:
    """Create a job waiting for its task to pick it up."""
    return Job.objects.create(owner=owner, kind=kind, title=title, total=total)


def set_job_progress(*, job: Job, done: int, total: int | None = None, message: str = "") -> None:
    """Record progress with a single UPDATE so concurrent readers see it at once."""
    fields = {"done": done, "status": Job.Status.RUNNING, "message": message[:500]}
    if total is not None:
        fields["total"] = total
    Job.objects.filter(pk=job.pk).update(**fields)
    Job.objects.filter(pk=job.pk, started_at__isnull=True).update(started_at=timezone.now())
    job.refresh_from_db()


def finish_job(*, job: Job, message: str, result: dict | None = None) -> None:
    """Mark the job done with its result."""
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.SUCCEEDED,
        done=F("total"),
        message=message[:500],
        result=result or {},
        finished_at=timezone.now(),
    )
    job.refresh_from_db()


def fail_job(*, job: Job, message: str) -> None:
    """Mark the job failed with a message the owner can act on."""
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.FAILED, message=message[:500], finished_at=timezone.now()
    )
    job.refresh_from_db()


@contextmanager
def progress_beside_transaction(job: Job):
    """Yield `record(done=, message=)` for progress made inside a long transaction.

    It writes over a second connection, which commits at once, so the page sees the bar move
    while the first connection's transaction is still open. SQLite lets one connection write
    at a time and would block it, so there `record` does nothing and the last progress
    written before the transaction stands.
    """
    if connection.vendor != "postgresql":
        yield lambda **kwargs: None
        return
    other = connections.create_connection(DEFAULT_DB_ALIAS)
    pk = Job._meta.pk.get_db_prep_value(job.pk, other)
    sql = "UPDATE common_job SET done = %s, message = %s WHERE id = %s"  # Job's own table

    def record(*, done: int, message: str = "") -> None:
        with other.cursor() as cursor:
            cursor.execute(sql, [done, message[:500], pk])

    try:
        yield record
    finally:
        other.close()
