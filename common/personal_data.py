"""The common app's personal data: subject access (common/privacy.py) and its retention
row (common/retention.py)."""

from django.conf import settings

from common.models import Job, OutgoingEmail
from common.privacy import register_personal_data
from common.retention import DELETE, days_ago, register_retention_rule

register_personal_data(
    Job,
    person_path="owner",
    label="Background work you started",
    fields=["kind", "title", "status", "message", "created_at", "finished_at"],
    explanation="Exports and imports you ran; their files are deleted with the job.",
)


def apply_finished_jobs(*, now, dry_run: bool) -> int:
    """Finished jobs and their result files (exports of people) past JOB_RETENTION_DAYS."""
    due = Job.objects.filter(finished_at__lt=days_ago(now, settings.JOB_RETENTION_DAYS))
    if dry_run:
        return due.count()
    count = 0
    for job in due:
        if job.result_file:
            job.result_file.delete(save=False)
        job.delete()
        count += 1
    return count


register_retention_rule(
    "finished-jobs",
    category="Finished background jobs and their files (exports, imports)",
    period=lambda: f"{settings.JOB_RETENTION_DAYS} days after the job finished",
    legal_basis="Only needed to download the result; the data stays in the system itself",
    action=DELETE,
    apply=apply_finished_jobs,
    order=300,
)


register_personal_data(
    OutgoingEmail,
    person_path="recipient",
    label="Emails we sent you",
    fields=["to", "subject", "template", "status", "created_at", "sent_at"],
    explanation="The log of messages sent to your address; their text is in your inbox.",
)


def apply_email_log(*, now, dry_run: bool) -> int:
    """Logged emails (their rendered text included) past EMAIL_LOG_RETENTION_DAYS."""
    due = OutgoingEmail.objects.filter(
        created_at__lt=days_ago(now, settings.EMAIL_LOG_RETENTION_DAYS)
    ).exclude(status=OutgoingEmail.Status.QUEUED)
    if dry_run:
        return due.count()
    return due.delete()[0]


register_retention_rule(
    "email-log",
    category="Emails sent (the outgoing email log and each message's text)",
    period=lambda: f"{settings.EMAIL_LOG_RETENTION_DAYS} days after the message was written",
    legal_basis="Needed to show what was sent and to retry failures; no longer after that",
    action=DELETE,
    apply=apply_email_log,
    order=310,
)
