"""The regional training dashboard: who is due or overdue for what.

Computed in the database: one query per required competency is united into a single ordered,
paginated query, so a national administrator's page reads one page of rows (and the counts
for the chart) rather than building every member's items in Python.
"""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db import connection
from django.db.models import (
    Case,
    CharField,
    DateField,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Collate, Concat, Greatest, NullIf, Trim

from common.charts import Series, bar_chart
from volunteers.models import Volunteer, VolunteerStatus

from ..models import AwardExtension, Competency, CompetencyGrant, Framework, Purpose, Requirement
from .eligibility import competency_label

DUE_WITHIN_DAYS = 60
# Sorts after every requirement, as the award line came last for each member.
AWARD_RANK = 10_000
# Stands for "no expiry" inside the query; never shown, as it is never within the window.
FOREVER = datetime.date(9999, 12, 31)


@dataclass(frozen=True)
class DueItem:
    volunteer: Volunteer
    what: str
    state: str  # "due" or "overdue"
    date: datetime.date | None  # expiry or deadline; None when never held

    @property
    def label(self) -> str:
        return "Overdue" if self.state == "overdue" else "Due"


class AddMonths(Func):
    """`add_months` in SQL: the same day n months later, or that month's last day."""

    output_field = DateField()

    def __init__(self, expression, months: int):
        super().__init__(expression)
        self.months = int(months)

    def as_sql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"(({sql}) + make_interval(months => {self.months}))::date", params

    def as_sqlite(self, compiler, connection, **extra):
        # SQLite rolls 31 January + 1 month over into March: take the earlier of that and the
        # last day of the target month.
        sql, params = compiler.compile(self.source_expressions[0])
        n = self.months
        return (
            f"MIN(date({sql}, '+{n} months'), "
            f"date({sql}, 'start of month', '+{n + 1} months', '-1 day'))",
            params * 2,
        )


def _live_requirements() -> tuple[Framework | None, list[Requirement]]:
    framework = (
        Framework.objects.filter(status=Framework.Status.PUBLISHED).order_by("-version").first()
    )
    if framework is None:
        return None, []
    return framework, list(framework.requirements.select_related("competency"))


def _name():
    """str(volunteer) in SQL, compared code point by code point as Python sorts strings."""
    name = Coalesce(
        NullIf(Trim(Concat("user__first_name", Value(" "), "user__last_name")), Value("")),
        "user__email",
        output_field=CharField(),
    )
    return Collate(name, "C") if connection.vendor == "postgresql" else name


COLUMNS = ("pk", "what", "state", "due_date", "sort_name", "last", "first", "rank")


def _required(requirements) -> dict[int, tuple[Competency, str]]:
    """{competency id: (competency, purpose)} that the live framework requires, PVG included."""
    required: dict[int, tuple[Competency, str]] = {}
    for r in requirements:
        if r.competency_id:
            required.setdefault(r.competency_id, (r.competency, r.purpose))
    pvg = Competency.objects.filter(key="pvg").first()
    if pvg and any(r.kind == Requirement.Kind.PVG for r in requirements):
        required.setdefault(pvg.pk, (pvg, Purpose.SIT))
    return required


def _state(date_field: str, on: datetime.date, *, never_held_overdue: bool = False) -> Case:
    whens = [When(**{f"{date_field}__lt": on}, then=Value("overdue"))]
    if never_held_overdue:
        whens.insert(0, When(**{f"{date_field}__isnull": True}, then=Value("overdue")))
    return Case(*whens, default=Value("due"), output_field=CharField())


def _requirement_rows(members, competency, purpose, rank: int, *, on, soon) -> QuerySet:
    """Members due or overdue for one required competency."""
    # One probe per member: the latest grant's expiry, "forever" for one without, and
    # NULL for a member who never held it.
    until = (
        CompetencyGrant.objects.filter(
            volunteer=OuterRef("pk"), competency_id=competency.pk, granted_on__lte=on
        )
        .order_by("-granted_on", "-pk")
        .annotate(expires=Coalesce("valid_until", Value(FOREVER), output_field=DateField()))
        .values("expires")[:1]
    )
    wanted = Q(until__lte=soon)
    # Chair-only competencies are a goal, not a lapse, for those who never held them.
    if purpose == Purpose.SIT and not competency.award_module:
        wanted |= Q(until__isnull=True)
    return (
        members.annotate(until=Subquery(until, output_field=DateField()))
        .filter(wanted)
        .annotate(
            what=Value(competency_label(competency), output_field=CharField()),
            state=_state("until", on, never_held_overdue=True),
            due_date=F("until"),
            rank=Value(rank, output_field=IntegerField()),
        )
        .values(*COLUMNS)
    )


def _award_rows(members, module_ids, framework, *, on, soon) -> QuerySet:
    """Members whose award (every module) is due or overdue, extensions allowed for."""
    months = framework.award_deadline_months if framework else 24
    modules = CompetencyGrant.objects.filter(volunteer=OuterRef("pk"), granted_on__lte=on)
    missing = Q()
    for module_id in module_ids:
        missing |= ~Exists(modules.filter(competency_id=module_id))
    extension = (
        AwardExtension.objects.filter(
            volunteer=OuterRef("pk"), status=AwardExtension.Status.APPROVED
        )
        .order_by("-extend_to")
        .values("extend_to")[:1]
    )
    deadline = AddMonths(F("appointed_on"), months)
    return (
        members.filter(missing, appointed_on__isnull=False)
        .annotate(
            deadline=Greatest(
                deadline, Coalesce(Subquery(extension), deadline), output_field=DateField()
            )
        )
        .filter(deadline__lte=soon)
        .annotate(
            what=Value("Award completion", output_field=CharField()),
            state=_state("deadline", on),
            due_date=F("deadline"),
            rank=Value(AWARD_RANK, output_field=IntegerField()),
        )
        .values(*COLUMNS)
    )


def _due_rows(regions, *, on: datetime.date, within: int) -> QuerySet | None:
    """One row per (member, what) that is due or overdue, as a united values() queryset."""
    framework, requirements = _live_requirements()
    module_ids = list(
        Competency.objects.filter(award_module__isnull=False).values_list("pk", flat=True)
    )
    soon = on + datetime.timedelta(days=within)
    members = (
        Volunteer.objects.filter(
            home_region__in=regions, status__in=[VolunteerStatus.SERVING, VolunteerStatus.ON_LEAVE]
        )
        .order_by()
        .annotate(sort_name=_name(), last=F("user__last_name"), first=F("user__first_name"))
    )
    parts = [
        _requirement_rows(members, competency, purpose, rank, on=on, soon=soon)
        for rank, (competency, purpose) in enumerate(_required(requirements).values())
    ]
    if module_ids:
        parts.append(_award_rows(members, module_ids, framework, on=on, soon=soon))
    if not parts:
        return None
    return parts[0].union(*parts[1:], all=True)


class DueList:
    """The due and overdue items in dashboard order, read from the database a slice at a time.

    Paginator-friendly: `count()` and slicing run one query each; iterating reads them all.
    """

    def __init__(self, regions, *, on: datetime.date, within: int = DUE_WITHIN_DAYS):
        self._rows = _due_rows(regions, on=on, within=within)
        self._counts: Counter | None = None

    def counts(self) -> Counter:
        """{(what, state): n} in one grouped query over the united rows."""
        if self._counts is None:
            self._counts = Counter()
            if self._rows is not None:
                sql, params = self._rows.order_by().query.sql_with_params()
                with connection.cursor() as cursor:
                    # `sql` is Django's own compiled query; every value is in `params`.
                    grouped = f"SELECT due.what, due.state, COUNT(*) FROM ({sql}) due "  # noqa: S608
                    cursor.execute(grouped + "GROUP BY due.what, due.state", params)
                    for what, state, n in cursor.fetchall():
                        self._counts[(what, state)] = n
        return self._counts

    def count(self) -> int:
        return sum(self.counts().values())

    def __len__(self) -> int:
        return self.count()

    def total(self, state: str) -> int:
        return sum(n for (_, s), n in self.counts().items() if s == state)

    def _items(self, rows: QuerySet) -> list[DueItem]:
        rows = list(rows)
        people = Volunteer.objects.select_related("user", "home_region").in_bulk(
            {r["pk"] for r in rows}
        )
        return [DueItem(people[r["pk"]], r["what"], r["state"], r["due_date"]) for r in rows]

    def _ordered(self) -> QuerySet:
        return self._rows.order_by(
            F("state").desc(),
            F("due_date").asc(nulls_first=True),
            "sort_name",
            "last",
            "first",
            "pk",
            "rank",
        )

    def __getitem__(self, index):
        if self._rows is None:
            return [] if isinstance(index, slice) else [][index]
        if isinstance(index, slice):
            return self._items(self._ordered()[index])
        return self._items(self._ordered()[index : index + 1])[0]

    def __iter__(self):
        if self._rows is None:
            return iter(())
        return iter(self._items(self._ordered()))


def training_due(regions, *, on: datetime.date, within: int = DUE_WITHIN_DAYS) -> DueList:
    """Serving members in `regions` whose required training or award is due or overdue."""
    return DueList(regions, on=on, within=within)


def due_chart(items) -> dict:
    """Counts of due and overdue by what, as the bar chart and its data table."""
    if isinstance(items, DueList):
        counts = items.counts()
        due = Counter({what: n for (what, state), n in counts.items() if state == "due"})
        overdue = Counter({what: n for (what, state), n in counts.items() if state == "overdue"})
    else:
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
