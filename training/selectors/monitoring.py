"""Monitoring reads: who is due an observation or a practice review, and PPAs' own records."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Max

from volunteers.models import Volunteer, VolunteerStatus

from ..models import Framework, Observation, PracticeReview
from .eligibility import add_months

TERM_YEARS = 3


@dataclass(frozen=True)
class MonitoringDue:
    volunteer: Volunteer
    what: str
    due_on: datetime.date
    overdue: bool
    last: datetime.date | None


def term_start(appointed_on: datetime.date, on: datetime.date) -> datetime.date:
    """The start of the three-year term that `on` falls in."""
    start = appointed_on
    while add_months(start, 12 * TERM_YEARS) <= on:
        start = add_months(start, 12 * TERM_YEARS)
    return start


def monitoring_due(regions, *, on: datetime.date) -> list[MonitoringDue]:
    """Serving members in `regions` due an observation or a practice review under the cycle."""
    framework = (
        Framework.objects.filter(status=Framework.Status.PUBLISHED).order_by("-version").first()
    )
    if framework is None:
        return []
    volunteers = list(
        Volunteer.objects.filter(
            home_region__in=regions, status=VolunteerStatus.SERVING, appointed_on__isnull=False
        ).select_related("user", "home_region")
    )
    ids = [v.pk for v in volunteers]
    observed: dict[int, list[datetime.date]] = defaultdict(list)
    for volunteer_id, day in Observation.objects.filter(
        volunteer_id__in=ids, session_date__lte=on
    ).values_list("volunteer_id", "session_date"):
        observed[volunteer_id].append(day)
    reviewed = {
        row["volunteer_id"]: row
        for row in PracticeReview.objects.filter(volunteer_id__in=ids)
        .values("volunteer_id")
        .annotate(last=Max("held_on"), next_due=Max("next_review_due"))
    }
    items = []
    for volunteer in volunteers:
        appointed = volunteer.appointed_on
        days = observed[volunteer.pk]
        last = max(days, default=None)
        first_year_end = add_months(appointed, 12)
        if framework.observe_in_first_year and on < first_year_end:
            if not any(appointed <= d < first_year_end for d in days):
                items.append(
                    MonitoringDue(
                        volunteer, "Observation in first year", first_year_end, False, last
                    )
                )
        else:
            start = term_start(appointed, on)
            end = add_months(start, 12 * TERM_YEARS) - datetime.timedelta(days=1)
            in_term = sum(1 for d in days if start <= d <= on)
            if in_term < framework.observations_per_term:
                items.append(MonitoringDue(volunteer, "Observation this term", end, False, last))
        review = reviewed.get(volunteer.pk)
        if review:
            due = review["next_due"] or add_months(review["last"], framework.review_interval_months)
            last_review = review["last"]
        else:
            due = add_months(appointed, framework.review_interval_months)
            last_review = None
        if due <= on + datetime.timedelta(days=60):
            items.append(MonitoringDue(volunteer, "Practice review", due, due < on, last_review))
    return sorted(items, key=lambda i: (not i.overdue, i.due_on, str(i.volunteer)))
