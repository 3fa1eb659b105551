"""Writing a validated training import, once the trainer confirms it."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from common.models import Job
from volunteers.models import User

from ..models import CompetencyGrant
from ..selectors import live_framework

IMPORT_KIND = "training_import"


@transaction.atomic
def confirm_training_import(*, job: Job, by: User) -> int:
    """Write every row of a fully validated import as competency grants; returns the count.

    Safe to call twice: the job is locked and marked confirmed in the same transaction.
    """
    job = Job.objects.select_for_update().get(pk=job.pk)
    if job.owner_id != by.pk or job.kind != IMPORT_KIND:
        raise ValidationError("This import is not yours to confirm.")
    if job.status != Job.Status.SUCCEEDED or job.result.get("errors") or not job.result.get("rows"):
        raise ValidationError("Only a file that passed every check can be imported.")
    if job.result.get("confirmed"):
        raise ValidationError("This file has already been imported.")
    framework = live_framework()
    grants = [
        CompetencyGrant(
            volunteer_id=row["volunteer_id"],
            competency_id=row["competency_id"],
            framework=framework,
            granted_on=datetime.date.fromisoformat(row["completed_on"]),
            valid_until=(
                datetime.date.fromisoformat(row["valid_until"]) if row["valid_until"] else None
            ),
            source=CompetencyGrant.Source.IMPORT,
            evidence=row["evidence"] or f"Imported from {job.result.get('filename', 'a file')}",
            granted_by=by,
        )
        for row in job.result["rows"]
    ]
    # save() one by one (not bulk_create) so django-auditlog records each grant.
    for grant in grants:
        grant.save()
    job.result = {**job.result, "confirmed": True, "imported": len(grants)}
    job.message = f"Imported {len(grants)} training records."
    job.save(update_fields=["result", "message"])
    return len(grants)
