"""Expiry reminders: idempotent, and never what decides eligibility (that is computed live)."""

import datetime
from collections import defaultdict

from django.db import transaction
from django.db.models import Max

from common.mail import queue_email
from volunteers.models import Role, RoleAssignment

from ..models import CompetencyGrant, ExpiryReminder
from ..selectors import live_framework


@transaction.atomic
def send_expiry_reminders(*, today: datetime.date) -> int:
    """Remind volunteers (and their region's trainers) of training that expires soon.

    For each lead time (e.g. 60, 30 and 7 days) a grant gets at most one reminder, recorded
    in `ExpiryReminder`; a run that was missed catches up with one message, not several.
    Returns the number of volunteers reminded.
    """
    framework = live_framework()
    if framework is None or not framework.lead_days:
        return 0
    leads = framework.lead_days
    horizon = today + datetime.timedelta(days=max(leads))
    candidates = list(
        CompetencyGrant.objects.filter(
            valid_until__gte=today,
            valid_until__lte=horizon,
            volunteer__status__in=["serving", "on_leave"],
        ).select_related("volunteer__user", "volunteer__home_region", "competency")
    )
    # Only the latest grant of each competency matters: a renewal silences the old one.
    latest = {
        (row["volunteer_id"], row["competency_id"]): row["latest"]
        for row in CompetencyGrant.objects.filter(
            volunteer_id__in={g.volunteer_id for g in candidates}
        )
        .values("volunteer_id", "competency_id")
        .annotate(latest=Max("granted_on"))
    }
    sent = {
        (r.grant_id, r.lead_days)
        for r in ExpiryReminder.objects.filter(grant__in=[g.pk for g in candidates])
    }
    due_by_volunteer = defaultdict(list)
    new_rows = []
    for grant in candidates:
        if latest.get((grant.volunteer_id, grant.competency_id)) != grant.granted_on:
            continue
        days_left = (grant.valid_until - today).days
        due = [lead for lead in leads if days_left <= lead and (grant.pk, lead) not in sent]
        if not due:
            continue
        new_rows += [ExpiryReminder(grant=grant, lead_days=lead) for lead in due]
        due_by_volunteer[grant.volunteer].append(grant)
    ExpiryReminder.objects.bulk_create(new_rows, ignore_conflicts=True)
    by_region = defaultdict(list)
    for volunteer, grants in due_by_volunteer.items():
        queue_email(
            to=volunteer.user.email,
            template="training/expiry_reminder",
            context={"volunteer": volunteer, "grants": grants},
        )
        by_region[volunteer.home_region_id].append((volunteer, grants))
    trainers = RoleAssignment.objects.filter(
        role=Role.TRAINER, revoked_at__isnull=True, region_id__in=list(by_region)
    ).select_related("user", "region")
    for assignment in trainers:
        queue_email(
            to=assignment.user.email,
            template="training/expiry_digest",
            context={"region": assignment.region, "people": by_region[assignment.region_id]},
        )
    return len(due_by_volunteer)
