"""The regional training dashboard: who is due or overdue for what."""

import datetime
from collections import Counter
from dataclasses import dataclass

from common.charts import Series, bar_chart
from volunteers.models import Volunteer, VolunteerStatus

from ..models import AwardExtension, Competency, CompetencyGrant, Framework, Purpose, Requirement
from .eligibility import add_months, competency_label

DUE_WITHIN_DAYS = 60


@dataclass(frozen=True)
class DueItem:
    volunteer: Volunteer
    what: str
    state: str  # "due" or "overdue"
    date: datetime.date | None  # expiry or deadline; None when never held

    @property
    def label(self) -> str:
        return "Overdue" if self.state == "overdue" else "Due"


def _live_requirements() -> tuple[Framework | None, list[Requirement]]:
    framework = (
        Framework.objects.filter(status=Framework.Status.PUBLISHED).order_by("-version").first()
    )
    if framework is None:
        return None, []
    return framework, list(framework.requirements.select_related("competency"))


def training_due(regions, *, on: datetime.date, within: int = DUE_WITHIN_DAYS) -> list[DueItem]:
    """Serving members in `regions` whose required training or award is due or overdue."""
    framework, requirements = _live_requirements()
    volunteers = list(
        Volunteer.objects.filter(
            home_region__in=regions, status__in=[VolunteerStatus.SERVING, VolunteerStatus.ON_LEAVE]
        ).select_related("user", "home_region")
    )
    ids = [v.pk for v in volunteers]
    required: dict[int, tuple[Competency, str]] = {}
    for r in requirements:
        if r.competency_id:
            required.setdefault(r.competency_id, (r.competency, r.purpose))
    pvg = Competency.objects.filter(key="pvg").first()
    if pvg and any(r.kind == Requirement.Kind.PVG for r in requirements):
        required.setdefault(pvg.pk, (pvg, Purpose.SIT))
    latest: dict[tuple[int, int], CompetencyGrant] = {}
    for grant in CompetencyGrant.objects.filter(
        volunteer_id__in=ids, competency_id__in=list(required), granted_on__lte=on
    ).order_by("granted_on", "pk"):
        latest[(grant.volunteer_id, grant.competency_id)] = grant
    approved: dict[int, datetime.date] = {}
    for volunteer_id, extend_to in AwardExtension.objects.filter(
        volunteer_id__in=ids, status=AwardExtension.Status.APPROVED
    ).values_list("volunteer_id", "extend_to"):
        approved[volunteer_id] = max(extend_to, approved.get(volunteer_id, extend_to))
    module_ids = {c.pk for c in Competency.objects.filter(award_module__isnull=False)}
    held_modules: dict[int, set[int]] = {}
    for volunteer_id, competency_id in CompetencyGrant.objects.filter(
        volunteer_id__in=ids, competency_id__in=module_ids, granted_on__lte=on
    ).values_list("volunteer_id", "competency_id"):
        held_modules.setdefault(volunteer_id, set()).add(competency_id)
    soon = on + datetime.timedelta(days=within)
    months = framework.award_deadline_months if framework else 24
    items = []
    for volunteer in volunteers:
        for competency_id, (competency, purpose) in required.items():
            grant = latest.get((volunteer.pk, competency_id))
            label = competency_label(competency)
            if grant is None:
                # Chair-only competencies are a goal, not a lapse, for those who never held them.
                if purpose == Purpose.SIT and not competency.award_module:
                    items.append(DueItem(volunteer, label, "overdue", None))
            elif grant.valid_until and grant.valid_until < on:
                items.append(DueItem(volunteer, label, "overdue", grant.valid_until))
            elif grant.valid_until and grant.valid_until <= soon:
                items.append(DueItem(volunteer, label, "due", grant.valid_until))
        if volunteer.appointed_on and len(held_modules.get(volunteer.pk, ())) < len(module_ids):
            deadline = add_months(volunteer.appointed_on, months)
            deadline = max(deadline, approved.get(volunteer.pk, deadline))
            if deadline < on:
                items.append(DueItem(volunteer, "Award completion", "overdue", deadline))
            elif deadline <= soon:
                items.append(DueItem(volunteer, "Award completion", "due", deadline))
    return sorted(
        items,
        key=lambda i: (i.state != "overdue", i.date or datetime.date.min, str(i.volunteer)),
    )


def due_chart(items: list[DueItem]) -> dict:
    """Counts of due and overdue by what, as the bar chart and its data table."""
    due = Counter(i.what for i in items if i.state == "due")
    overdue = Counter(i.what for i in items if i.state == "overdue")
    return bar_chart(
        [
            {"label": name, "overdue": overdue[name], "due": due[name]}
            for name in sorted(set(due) | set(overdue))
        ],
        chart_id="due-chart",
        title="Due and overdue by requirement",
        description="Bars show how many members are overdue (red) and due (orange) for each "
        "requirement. The same numbers are in the table below.",
        caption="Numbers in the chart",
        label_heading="Requirement",
        series=[
            Series("overdue", "Overdue", "app-chart-bar app-chart-bar--overdue"),
            Series("due", "Due", "app-chart-bar app-chart-bar--due"),
        ],
    )
