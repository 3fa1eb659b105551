"""Campaigns, their events, and telling people who expressed interest that one is open."""

import datetime
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from common.jobs import start_job
from common.mail import queue_email
from common.models import Job

from ...models import (
    Campaign,
    CampaignEvent,
    ExpressionOfInterest,
    LocalAuthority,
    RegionLocalAuthority,
    Role,
    User,
)
from ...permissions import is_national_admin, scoped_regions
from .emails import absolute_url

logger = logging.getLogger(__name__)


def create_campaign(
    *,
    name: str,
    regions,
    opens_on: datetime.date,
    closes_on: datetime.date,
    target: int,
    description: str = "",
    by: User,
) -> Campaign:
    """Open a recruitment campaign in some regions (none: national)."""

    regions = list(regions)
    if closes_on < opens_on:
        raise ValidationError({"closes_on": "The closing date must be on or after the opening."})
    if not regions and not is_national_admin(by):
        raise ValidationError({"regions": "Only national administrators run national campaigns."})
    allowed = set(scoped_regions(by, Role.REGIONAL_ADMIN).values_list("pk", flat=True))
    if any(region.pk not in allowed for region in regions):
        raise PermissionDenied("You may only run campaigns in your own regions.")
    with transaction.atomic():
        campaign = Campaign.objects.create(
            name=name,
            description=description,
            opens_on=opens_on,
            closes_on=closes_on,
            target=target,
            created_by=by,
        )
        campaign.regions.set(regions)
        if opens_on <= timezone.localdate():
            # Tasks call services, so a service reaches its task at call time.
            from ...tasks import notify_interest_in_open_campaigns  # noqa: PLC0415

            notify_interest_in_open_campaigns.delay_on_commit()
    return campaign


def add_campaign_event(
    *, campaign: Campaign, kind: str, starts_at: datetime.datetime, place: str, by: User
) -> CampaignEvent:
    """Add an information session or interview day to a campaign."""
    if kind not in CampaignEvent.Kind.values:
        raise ValidationError("Unknown kind of event.")
    with transaction.atomic():
        return CampaignEvent.objects.create(
            campaign=campaign, kind=kind, starts_at=starts_at, place=place
        )


def express_interest(*, user: User, local_authority: LocalAuthority) -> ExpressionOfInterest:
    """Record (or update) that someone wants to hear when a campaign opens in their area."""
    with transaction.atomic():
        interest, _ = ExpressionOfInterest.objects.select_for_update().update_or_create(
            user=user, withdrawn_at__isnull=True, defaults={"local_authority": local_authority}
        )
    return interest


def _interested_in(campaign: Campaign):
    interests = ExpressionOfInterest.objects.filter(withdrawn_at__isnull=True)
    region_ids = list(campaign.regions.values_list("pk", flat=True))
    if region_ids:
        councils = RegionLocalAuthority.objects.current().filter(region_id__in=region_ids)
        interests = interests.filter(local_authority_id__in=councils.values("local_authority_id"))
    return interests


def start_interest_notification(*, campaign: Campaign) -> Job | None:
    """Mark the campaign announced, once; returns the Job that will email the people
    interested in its area (None if it was already announced).

    The caller queues `volunteers.tasks.notify_interest` after commit.
    """
    with transaction.atomic():
        locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if locked.interest_notified_at is not None:
            return None
        locked.interest_notified_at = timezone.now()
        locked.save(update_fields=["interest_notified_at"])
        if locked.created_by is None:
            # Its creator's account is gone: no one to own a job, so each email goes alone.
            email_interest(campaign=locked, job=None)
            return None
        return start_job(
            owner=locked.created_by,
            kind="campaign_interest",
            title=f"Telling people {locked.name} is open",
            total=_interested_in(locked).count(),
        )


def email_interest(*, campaign: Campaign, job: Job | None) -> int:
    """Queue one email to each person interested in the campaign's area (once per job)."""
    with transaction.atomic():
        if job is not None:
            job = Job.objects.select_for_update().get(pk=job.pk)
            if job.emails.exists():
                return job.emails.count()  # redelivered: the messages are already written
        count = 0
        for interest in _interested_in(campaign).select_related("user"):
            queue_email(
                to=interest.user.email,
                template="volunteers/campaign_open",
                context={
                    "campaign": campaign,
                    "apply_url": absolute_url(reverse("apply:campaigns")),
                },
                job=job,
            )
            count += 1
    logger.info("Campaign %s opened: emailing %d people who expressed interest", campaign.pk, count)
    return count
