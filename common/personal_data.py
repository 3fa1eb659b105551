"""The common app's personal data: subject access (common/privacy.py) and its retention
row (common/retention.py)."""

from django.conf import settings

from common.models import Job
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
