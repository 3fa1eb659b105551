"""The one nightly retention task (beat entry `retention-schedule`)."""

from celery import shared_task

from .services import run_retention


@shared_task
def apply_retention_schedule() -> int:
    """Apply every row of the retention schedule; idempotent, logged, recorded."""

    return run_retention(dry_run=False).total
