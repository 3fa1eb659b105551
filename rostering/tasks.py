"""Background work for rostering. Tasks take ids and call services; progress goes to a Job."""

import logging

from celery import shared_task
from django.urls import reverse
from django.utils import timezone

from common.jobs import fail_job, finish_job, progress_beside_transaction, set_job_progress
from common.mail import deliver_job_emails
from common.models import Job
from common.spreadsheets import SpreadsheetRejected
from volunteers.models import LocalAuthority
from volunteers.permissions import managed_centres

from . import services
from .imports import read_schedule
from .models import RotaPeriod, RotaRun, ScheduleImport

logger = logging.getLogger(__name__)


# Where each stage of a schedule import sits on the progress bar (per cent).
IMPORT_STAGES = {"reading": (2, 40), "checking": (40, 55), "matching": (55, 90)}
IMPORT_MESSAGES = {
    "reading": "Reading row {done:,} of {total:,}",
    "checking": "Checking row {done:,} of {total:,}",
    "matching": "Matching row {done:,} of {total:,} with the sessions held",
}


@shared_task(acks_late=True, soft_time_limit=300)
def import_schedule(*, import_id: int) -> None:
    """Validate an uploaded schedule; apply it only if every row is valid.

    Reading, checking and matching write nothing, so each progress step commits at once and
    the page sees it move; the sessions are then written in one short transaction.
    """

    schedule = ScheduleImport.objects.select_related("job", "uploaded_by").get(pk=import_id)
    job = schedule.job
    if schedule.status != ScheduleImport.Status.PENDING:
        return  # Redelivered after it already ran.

    def progress(stage: str, done: int, total: int) -> None:
        low, high = IMPORT_STAGES[stage]
        percent = low + (high - low) * done // total if total else low
        message = IMPORT_MESSAGES[stage].format(done=done, total=total or done)
        set_job_progress(job=job, done=min(percent, high), total=100, message=message)

    try:
        data = schedule.file.read()
        set_job_progress(job=job, done=1, total=100, message="Checking the file")
        centres = {c.name.lower(): c for c in managed_centres(schedule.uploaded_by)}
        councils = {}
        for la in LocalAuthority.objects.all():
            councils[la.name.lower()] = la
            councils[la.code.lower()] = la
        try:
            rows, errors = read_schedule(
                data,
                centres=centres,
                councils=councils,
                name=schedule.original_name,
                progress=progress,
            )
        except SpreadsheetRejected as error:
            _reject(schedule, [{"row": 0, "column": "", "message": str(error)}])
            return
        except Exception:  # openpyxl raises many types for a malformed workbook
            logger.warning("Unreadable schedule %s", import_id, exc_info=True)
            _reject(
                schedule, [{"row": 0, "column": "", "message": "The workbook could not be read."}]
            )
            return
        if errors:
            _reject(schedule, errors)
            return
        plan = services.match_schedule(
            rows=rows, progress=lambda done, total: progress("matching", done, total)
        )
        if plan.errors:
            _reject(schedule, plan.errors)
            return
        set_job_progress(
            job=job,
            done=IMPORT_STAGES["matching"][1],
            message=(
                f"Saving {len(plan.new):,} new and {len(plan.changed):,} changed sessions "
                f"({plan.unchanged:,} unchanged)"
            ),
        )
        with progress_beside_transaction(job) as record:
            summary = services.apply_schedule(
                schedule_import=schedule,
                plan=plan,
                by=schedule.uploaded_by,
                progress=lambda done, total: record(
                    done=IMPORT_STAGES["matching"][1] + 9 * done // total,
                    message=f"Saved {done:,} of {total:,} sessions",
                ),
            )
        finish_job(
            job=job,
            message=(
                f"{len(summary['created'])} new, {len(summary['updated'])} updated, "
                f"{len(summary['flagged'])} flagged, {summary['unchanged']} unchanged."
            ),
            result={"url": f"/staff/rostering/imports/{schedule.pk}/"},
        )
    except Exception:
        logger.exception("Schedule import %s failed", import_id)
        ScheduleImport.objects.filter(pk=import_id).update(status=ScheduleImport.Status.FAILED)
        fail_job(job=job, message="The import failed. Nothing was changed; please try again.")
        raise


def _reject(schedule: ScheduleImport, errors: list) -> None:
    schedule.status = ScheduleImport.Status.INVALID
    schedule.errors = errors[:500]
    schedule.save(update_fields=["status", "errors"])
    finish_job(
        job=schedule.job,
        message=f"The file was not imported: {len(errors)} problem(s) to fix. Nothing was changed.",
        result={"url": f"/staff/rostering/imports/{schedule.pk}/"},
    )


@shared_task(acks_late=True, soft_time_limit=900)
def run_rota(*, run_id: int, workers: int | None = None, hold: bool = False) -> None:
    """Run the engine for a rota run and keep its draft."""
    run = RotaRun.objects.select_related("job", "period__region").get(pk=run_id)
    job: Job = run.job
    if run.status != RotaRun.Status.QUEUED:
        return
    try:
        last = [0]

        def progress(message: str, fraction: float) -> None:
            done = min(99, int(fraction * 100))
            if done != last[0]:
                last[0] = done
                set_job_progress(job=job, done=done, total=100, message=message)

        run = services.run_rota(run=run, progress=progress, workers=workers, hold=hold)
        if run.status == RotaRun.Status.FAILED:
            fail_job(job=job, message=run.message)
            return
        finish_job(
            job=job,
            message=run.message,
            result={"url": f"/staff/rostering/runs/{run.pk}/"},
        )
    except Exception:
        logger.exception("Rota run %s failed", run_id)
        RotaRun.objects.filter(pk=run_id).update(
            status=RotaRun.Status.FAILED, message="The run failed unexpectedly."
        )
        fail_job(job=job, message="The rota run failed. Please try again or contact support.")
        raise


def _send_bulk_emails(*, job_id: str, write, done: str, url: str, failed: str) -> None:
    """One bulk send as a Job: write every message (`write(job)`), then deliver in batches."""
    job = Job.objects.get(pk=job_id)
    if job.is_finished:
        return  # Redelivered after it already ran.
    try:
        set_job_progress(job=job, done=0, message="Writing the emails")
        write(job)
        delivery = deliver_job_emails(job=job)
        finish_job(job=job, message=_delivery_summary(delivery, done), result={"url": url})
    except Exception:
        logger.exception("Bulk email job %s failed", job_id)
        fail_job(job=job, message=failed)
        raise


@shared_task(acks_late=True)
def email_published_rota(*, job_id: str, run_id: int) -> None:
    """Email every member their sittings on a published rota, reporting progress."""
    _send_bulk_emails(
        job_id=job_id,
        write=lambda job: services.email_published_rota(
            run=RotaRun.objects.select_related("period").get(pk=run_id), job=job
        ),
        done="Rota published",
        url=reverse("rostering:run", args=[run_id]),
        failed="Emailing the rota failed part-way; the rota is published.",
    )


@shared_task(acks_late=True)
def email_period_opened(*, job_id: str, period_id: int) -> None:
    """Ask every member of a newly opened period for their availability."""
    _send_bulk_emails(
        job_id=job_id,
        write=lambda job: services.email_availability_open(
            period=RotaPeriod.objects.get(pk=period_id), job=job
        ),
        done="Open for availability",
        url=reverse("rostering:period", args=[period_id]),
        failed="Emailing members failed part-way; the period is open.",
    )


def _delivery_summary(delivery, what: str) -> str:
    summary = f"{what}: {delivery.sent} members emailed."
    if delivery.retrying:
        summary += f" {len(delivery.retrying)} emails could not be sent yet and will be retried."
    if delivery.failed:
        summary += f" {delivery.failed} emails failed."
    return summary


@shared_task
def send_availability_reminders() -> int:
    """Daily: remind members who have not offered any time before a period's deadline."""
    return services.send_availability_reminders(today=timezone.localdate())


@shared_task
def chase_cover_requests() -> dict:
    """Every 15 minutes: widen stale cover requests and escalate those past their deadline."""
    return services.chase_cover_requests()


@shared_task
def send_sitting_reminders() -> int:
    """Daily: remind members of sittings SITTING_REMINDER_DAYS ahead (once per sitting)."""
    return services.send_sitting_reminders(today=timezone.localdate())


@shared_task
def send_weekly_digests() -> int:
    """Weekly: one email to each member who chose a digest, listing the coming week."""
    return services.send_weekly_digests(today=timezone.localdate())
