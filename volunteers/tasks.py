"""Background work. Tasks take ids and call services; progress goes to the Job row."""

import datetime
import logging

from celery import shared_task
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from common.jobs import fail_job, finish_job, set_job_progress
from common.mail import deliver_job_emails, queue_email
from common.models import Job
from common.spreadsheets import build_workbook

from . import permissions, selectors
from .models import Campaign, CampaignEvent
from .permissions import get_application_for_user
from .selectors.recruitment import pipeline_rows
from .services import recruitment
from .services.recruitment import anonymise_expired_applications as anonymise
from .services.recruitment import email_interest, start_interest_notification
from .services.recruitment import remind_overdue_referees as remind

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def export_people(*, job_id: str) -> None:
    """Export the people the job's owner administers, with their current roles."""

    job = Job.objects.select_related("owner").get(pk=job_id)
    if job.is_finished:
        return  # Redelivered after it already ran: nothing to do.
    try:
        people = list(selectors.people_list(permissions.managed_people(job.owner)))
        set_job_progress(job=job, done=0, total=len(people), message="Collecting people")
        rows = []
        for index, person in enumerate(people, start=1):
            volunteer = getattr(person, "volunteer", None)
            rows.append(
                [
                    person.first_name,
                    person.last_name,
                    person.email,
                    "; ".join(str(grant) for grant in person.current_roles),
                    volunteer.get_status_display() if volunteer else "",
                    volunteer.home_region.name if volunteer else "",
                    volunteer.home_local_authority.name if volunteer else "",
                ]
            )
            if index % 200 == 0:
                set_job_progress(job=job, done=index, message=f"{index} of {len(people)} people")
        content = build_workbook(
            title="People",
            headers=[
                "First name",
                "Last name",
                "Email",
                "Roles",
                "Status",
                "Home region",
                "Home council",
            ],
            rows=rows,
            widths=[16, 20, 32, 48, 12, 28, 24],
        )
        filename = f"people-{timezone.localdate():%Y-%m-%d}.xlsx"
        job.result_file.save(f"{job.pk}.xlsx", ContentFile(content), save=True)
        finish_job(job=job, message=f"Exported {len(rows)} people.", result={"filename": filename})
    except Exception:
        logger.exception("People export %s failed", job_id)
        fail_job(job=job, message="The export failed. Please try again or contact support.")
        raise


@shared_task
def purge_finished_jobs() -> int:
    """Delete finished jobs (and their files) past the retention period."""
    cutoff = timezone.now() - datetime.timedelta(days=settings.JOB_RETENTION_DAYS)
    old = Job.objects.filter(finished_at__lt=cutoff)
    count = 0
    for job in old:
        if job.result_file:
            job.result_file.delete(save=False)
        job.delete()
        count += 1
    logger.info("Purged %d finished jobs", count)
    return count


# --- Recruitment -------------------------------------------------------------------------


@shared_task
def notify_interest_in_open_campaigns() -> int:
    """Announce campaigns that are open and not yet announced, each as a Job; returns how
    many campaigns were announced."""

    today = timezone.localdate()
    due = Campaign.objects.filter(
        opens_on__lte=today, closes_on__gte=today, interest_notified_at__isnull=True
    )
    announced = 0
    for campaign in due:
        with transaction.atomic():
            job = start_interest_notification(campaign=campaign)
            if job is not None:
                notify_interest.delay_on_commit(job_id=str(job.pk), campaign_id=campaign.pk)
        announced += 1
    return announced


@shared_task(acks_late=True)
def notify_interest(*, job_id: str, campaign_id: int) -> None:
    """Email the people interested in a campaign's area that it is open, with progress."""

    job = Job.objects.get(pk=job_id)
    if job.is_finished:
        return  # Redelivered after it already ran.
    try:
        set_job_progress(job=job, done=0, message="Writing the emails")
        email_interest(campaign=Campaign.objects.get(pk=campaign_id), job=job)
        delivery = deliver_job_emails(job=job)
        message = f"{delivery.sent} people told the campaign is open."
        if delivery.retrying:
            message += f" {len(delivery.retrying)} emails will be retried."
        if delivery.failed:
            message += f" {delivery.failed} emails failed."
        finish_job(job=job, message=message)
    except Exception:
        logger.exception("Announcing campaign %s failed", campaign_id)
        fail_job(job=job, message="Emailing interested people failed part-way.")
        raise


@shared_task
def remind_overdue_referees() -> int:
    """Daily: a fresh link to referees who have not replied."""

    return remind()


@shared_task
def anonymise_expired_applications() -> int:
    """Daily retention run; idempotent (already anonymised applications are skipped)."""

    return anonymise()


@shared_task(acks_late=True)
def bulk_application_action(
    *,
    job_id: str,
    application_ids: list[int],
    action: str,
    event_id: int | None = None,
    subject: str = "",
    message: str = "",
) -> None:
    """Invite a group to an event, move a group on, or email a group, reporting progress."""

    job = Job.objects.select_related("owner").get(pk=job_id)
    if job.is_finished:
        return
    by = job.owner
    done, failed = 0, []
    try:
        set_job_progress(job=job, done=0, total=len(application_ids), message="Starting")
        event = CampaignEvent.objects.filter(pk=event_id).first() if event_id else None
        for index, pk in enumerate(application_ids, start=1):
            try:
                application = get_application_for_user(by, pk)
                if action == "invite":
                    recruitment.set_selection_event(application=application, event=event, by=by)
                elif action == "move_on":
                    following = application.next_statuses()
                    if not following or following[0] in ("rejected", "withdrawn"):
                        raise ValidationError("This application cannot move on.")
                    recruitment.transition_application(
                        application=application, to_status=following[0], by=by
                    )
                elif action == "email" and application.user:
                    queue_email(
                        to=application.user.email,
                        template="volunteers/group_message",
                        context={"subject": subject, "message": message},
                    )
                done += 1
            except ValidationError as error:  # one refusal must not stop the group
                failed.append(f"Application {pk}: {error.messages[0]}")
            except (Http404, PermissionDenied):
                failed.append(f"Application {pk}: not in your regions")
            if index % 10 == 0 or index == len(application_ids):
                set_job_progress(job=job, done=index, message=f"{index} of {len(application_ids)}")
        summary = f"Done for {done} of {len(application_ids)} applications."
        if failed:
            summary += f" {len(failed)} could not be changed."
        finish_job(job=job, message=summary, result={"failed": failed[:50]})
    except Exception:
        logger.exception("Bulk recruitment action %s failed", job_id)
        fail_job(job=job, message="The action failed part-way. Check the pipeline and retry.")
        raise


@shared_task(acks_late=True)
def export_pipeline(*, job_id: str, application_ids: list[int]) -> None:
    """The pipeline as a spreadsheet (formula-safe) for the job's owner."""

    job = Job.objects.select_related("owner").get(pk=job_id)
    if job.is_finished:
        return
    try:
        rows = pipeline_rows(application_ids)
        set_job_progress(job=job, done=0, total=len(rows), message="Building the spreadsheet")
        content = build_workbook(
            title="Pipeline",
            headers=[
                "Reference",
                "First name",
                "Last name",
                "Email",
                "Campaign",
                "Region",
                "Status",
                "Submitted",
                "Average score",
                "References received",
                "PVG",
            ],
            rows=rows,
            widths=[10, 16, 20, 32, 28, 20, 24, 12, 12, 12, 14],
        )
        filename = f"recruitment-pipeline-{timezone.localdate():%Y-%m-%d}.xlsx"
        job.result_file.save(f"{job.pk}.xlsx", ContentFile(content), save=True)
        finish_job(
            job=job, message=f"Exported {len(rows)} applications.", result={"filename": filename}
        )
    except Exception:
        logger.exception("Pipeline export %s failed", job_id)
        fail_job(job=job, message="The export failed. Please try again or contact support.")
        raise
