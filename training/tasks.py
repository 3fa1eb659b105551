"""Background work for training: imports, exports and expiry reminders. Tasks take ids."""

import logging

from celery import shared_task
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.utils import timezone

from common.jobs import fail_job, finish_job, set_job_progress
from common.models import Job
from common.spreadsheets import SpreadsheetRejected

from .exports import due_workbook
from .imports import validate_workbook
from .permissions import training_regions
from .selectors import training_due
from .services import send_expiry_reminders as send

logger = logging.getLogger(__name__)


def upload_path(job_id) -> str:
    return f"training-imports/{job_id}.xlsx"


@shared_task(acks_late=True, soft_time_limit=300)
def validate_training_import(*, job_id: str, region_ids: list[int] | None) -> None:
    """Check an uploaded spreadsheet and keep the clean rows on the job; write nothing else."""

    job = Job.objects.get(pk=job_id)
    if job.is_finished:
        return  # Redelivered after it already ran.
    storage = storages["private"]
    path = upload_path(job.pk)
    try:
        set_job_progress(job=job, done=0, total=1, message="Checking the spreadsheet")
        with storage.open(path, "rb") as handle:
            data = handle.read()
        try:
            report = validate_workbook(
                data,
                region_ids=set(region_ids) if region_ids is not None else None,
                today=timezone.localdate(),
            )
        except SpreadsheetRejected as problem:
            finish_job(
                job=job,
                message="The file was rejected.",
                result={
                    "filename": job.result.get("filename"),
                    "errors": [{"row": "", "column": "", "reason": str(problem)}],
                },
            )
            return
        if report.errors:
            message = f"{len(report.errors)} problems found. Nothing was imported."
        elif not report.rows:
            message = "The file has no rows to import."
            report.errors.append({"row": "", "column": "", "reason": "There are no rows."})
        else:
            message = f"{len(report.rows)} rows passed every check. Confirm to import them."
        finish_job(
            job=job,
            message=message,
            result={
                "filename": job.result.get("filename"),
                "rows": report.rows,
                "errors": report.errors,
                "confirmed": False,
            },
        )
    except Exception:
        logger.exception("Training import %s failed", job_id)
        fail_job(job=job, message="The file could not be checked. Please try again.")
        raise
    finally:
        if storage.exists(path):
            storage.delete(path)


@shared_task(acks_late=True)
def export_training_due(*, job_id: str) -> None:
    """Export the dashboard's due and overdue list for the job owner's regions."""

    job = Job.objects.select_related("owner").get(pk=job_id)
    if job.is_finished:
        return
    try:
        items = training_due(training_regions(job.owner), on=timezone.localdate())
        set_job_progress(job=job, done=0, total=len(items), message="Building the spreadsheet")
        content = due_workbook(items)
        filename = f"training-due-{timezone.localdate():%Y-%m-%d}.xlsx"
        job.result_file.save(f"{job.pk}.xlsx", ContentFile(content), save=True)
        finish_job(job=job, message=f"Exported {len(items)} rows.", result={"filename": filename})
    except Exception:
        logger.exception("Training export %s failed", job_id)
        fail_job(job=job, message="The export failed. Please try again or contact support.")
        raise


@shared_task
def send_expiry_reminders() -> int:
    """Daily: remind volunteers and trainers of training about to expire (idempotent)."""

    return send(today=timezone.localdate())
