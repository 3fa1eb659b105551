"""Reads shaped for rostering pages, each with a fixed number of queries."""

import datetime
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Max, Min, Prefetch, Q, Sum
from django.utils import timezone

from common.charts import Series, bar_chart
from training.models import Enrolment
from volunteers.models import Volunteer

from .models import Assignment, CoverRequest, ExpenseClaim, RotaPeriod, RotaRun, Session
from .review import current_rota as review_current_rota
from .review import review_facts, review_figures
from .solver_ids import (
    SESSION,
    VOLUNTEER,
    parse_id,
    parse_volunteer_id,
    session_id,
    volunteer_id,
)

ACTIVE = [Assignment.Status.DRAFT, Assignment.Status.PUBLISHED]


@dataclass
class Member:
    assignment: Assignment
    name: str
    new: bool = False
    local: bool = True
    sex: str = ""


@dataclass
class Panel:
    session: Session
    members: list[Member]
    flags: list[tuple[str, str]] = field(default_factory=list)
    explanation: str = ""

    @property
    def seats(self):
        return self.session.seats


def _active_prefetch():
    return Prefetch(
        "assignments",
        queryset=Assignment.objects.filter(status__in=ACTIVE)
        .select_related("volunteer__user")
        .order_by("-is_chair", "volunteer__user__first_name"),
        to_attr="panel",
    )


def run_sessions(run: RotaRun):
    """The run's sessions (by day, half, centre), with their active panels prefetched."""
    return (
        Session.objects.filter(pk__in=review_facts(run)["sessions"])
        .select_related("centre")
        .prefetch_related(_active_prefetch())
        .order_by("date", "half", "centre__name", "pk")
    )


def panels_for(run: RotaRun, sessions) -> list[Panel]:
    """Panels with their flags: single-sex, non-local, new member, unfilled, changed."""
    facts = review_facts(run)
    new, las, session_la = set(facts["new"]), facts["las"], facts["session_la"]
    explanations = facts["explanations"]
    panels = []
    for session in sessions:
        members = []
        for a in session.panel:
            members.append(
                Member(
                    assignment=a,
                    name=a.volunteer.user.get_full_name(),
                    new=volunteer_id(a.volunteer_id) in new,
                    local=session_la.get(session_id(session.pk))
                    in las.get(volunteer_id(a.volunteer_id), []),
                    sex=a.volunteer.sex,
                )
            )
        panel = Panel(session=session, members=members)
        if len(members) < session.seats:
            panel.flags.append(("Unfilled", "red"))
            panel.explanation = _still_true(
                explanations.get(session_id(session.pk), ""), session, len(members)
            )
        elif len({m.sex for m in members}) == 1:
            if session.single_sex_reason:
                panel.flags.append(("All one sex: reason recorded", "grey"))
            else:
                panel.flags.append(("All one sex: reason needed", "orange"))
        if any(not m.local for m in members):
            panel.flags.append(("Non-local member", "grey"))
        if any(m.new for m in members):
            panel.flags.append(("New member", "blue"))
        if session.needs_review:
            panel.flags.append(("Changed by the Reporter", "orange"))
        panels.append(panel)
    return panels


def _still_true(text: str, session: Session, filled: int) -> str:
    """The engine's explanation while the panel is as it left it, naming the centre."""
    counted = re.search(r"\((\d+) of \d+ members\)", text)
    if counted and int(counted.group(1)) != filled:
        return ""
    return re.sub(rf"\bC{session.centre_id}\b", session.centre.name, text)


def group_by_day(panels: list[Panel]) -> list[tuple[datetime.date, list[tuple[str, list]]]]:
    """[(day, [(centre name, [panel, ...]), ...]), ...] in order."""
    days: dict = defaultdict(lambda: defaultdict(list))
    for panel in panels:
        days[panel.session.date][panel.session.centre.name].append(panel)
    return [(day, list(centres.items())) for day, centres in days.items()]


def current_rota(run: RotaRun) -> list[dict]:
    """The active panels on the run's sessions, in the engine's ids."""
    return review_current_rota(run)


def _same_rota(a: list[dict], b: list[dict]) -> bool:
    def key(rota):
        return {(x["session"], x["volunteer"], bool(x["chair"])) for x in rota}

    return len(a) == len(b) and key(a) == key(b)


def fairness(run: RotaRun) -> dict:
    """The rota's figures as it stands now and sittings against commitment, bucketed.

    Stored with the run and recomputed only when the rota has changed since (see review.py).
    """
    figures = review_figures(run)
    if not figures:
        return {}
    return {
        **figures,
        "chart": bar_chart(
            figures["gaps"],
            chart_id="fairness",
            title="Members by sittings against their commitment",
            label_heading="Sittings against commitment",
            series=[Series("value", "Members")],
        ),
    }


def single_sex_without_reason(run: RotaRun) -> list[int]:
    """Full panels that are all one sex with no reason recorded (they block publishing)."""
    sexes, counts, seats, reasons = defaultdict(set), Counter(), {}, {}
    for pk, sex, session_seats, reason in Assignment.objects.filter(
        session_id__in=review_facts(run)["sessions"], status__in=ACTIVE
    ).values_list("session_id", "volunteer__sex", "session__seats", "session__single_sex_reason"):
        sexes[pk].add(sex)
        counts[pk] += 1
        seats[pk], reasons[pk] = session_seats, reason
    return [s for s in sexes if counts[s] == seats[s] and len(sexes[s]) == 1 and not reasons[s]]


def my_sittings(user):
    """(upcoming, past) published, withdrawn or cancelled sittings, with fellow members."""
    today = timezone.localdate()
    qs = (
        Assignment.objects.filter(
            volunteer__user=user,
            status__in=[
                Assignment.Status.PUBLISHED,
                Assignment.Status.WITHDRAWN,
                Assignment.Status.CANCELLED,
            ],
        )
        .select_related("session__centre")
        .prefetch_related(
            Prefetch(
                "session__assignments",
                queryset=Assignment.objects.filter(status=Assignment.Status.PUBLISHED)
                .select_related("volunteer__user")
                .order_by("-is_chair"),
                to_attr="published_panel",
            )
        )
        .order_by("date", "half")
    )
    upcoming, past = [], []
    for a in qs:
        a.fellows = [
            f.volunteer.user.first_name
            for f in a.session.published_panel
            if f.volunteer_id != a.volunteer_id
        ]
        (upcoming if a.date >= today else past).append(a)
    past.reverse()
    return upcoming, past


FEED_DAYS = 180


def _feed_sittings(user):
    since = timezone.localdate() - datetime.timedelta(days=FEED_DAYS)
    return Assignment.objects.filter(
        volunteer__user=user,
        date__gte=since,
        status__in=[
            Assignment.Status.PUBLISHED,
            Assignment.Status.WITHDRAWN,
            Assignment.Status.CANCELLED,
        ],
    )


def _feed_enrolments(user):

    since = timezone.localdate() - datetime.timedelta(days=FEED_DAYS)
    return Enrolment.objects.filter(
        volunteer__user=user,
        session__starts_on__gte=since,
        status__in=[Enrolment.Status.BOOKED, Enrolment.Status.CANCELLED],
    )


@dataclass(frozen=True)
class PeriodState:
    """Where a rota period stands for a member offering time."""

    period: RotaPeriod | None
    state: str  # "none", "open" (asking for time), "drawing" (deadline passed), "published"


def period_state(period: RotaPeriod | None, *, today: datetime.date) -> PeriodState:
    """The period's real state, from its deadline and whether a run has been published."""
    if period is None:
        return PeriodState(None, "none")
    if period.runs.filter(status=RotaRun.Status.PUBLISHED).exists():
        return PeriodState(period, "published")
    if today > period.availability_deadline:
        return PeriodState(period, "drawing")
    return PeriodState(period, "open")


def rota_has_weekends(period: RotaPeriod | None, start: datetime.date, end: datetime.date) -> bool:
    """Whether the rota has any Saturday or Sunday sessions between the dates."""
    sessions = Session.objects.filter(date__range=(start, end), date__week_day__in=[1, 7]).exclude(
        status=Session.Status.CANCELLED
    )
    if period is not None and period.region_id:
        sessions = sessions.filter(region_id=period.region_id)
    return sessions.exists()


def availability_weeks(
    start: datetime.date, end: datetime.date, *, offered: set[str], weekends: bool
) -> list[dict]:
    """The half-days between the dates grouped into Monday-to-Sunday weeks, with what is ticked."""
    weeks: list[dict] = []
    day = start
    while day <= end:
        if weekends or day.weekday() < 5:
            monday = day - datetime.timedelta(days=day.weekday())
            if not weeks or weeks[-1]["monday"] != monday:
                weeks.append({"monday": monday, "days": [], "ticked": 0})
            halves = []
            for half, label in (("AM", "Morning"), ("PM", "Afternoon")):
                value = f"{day.isoformat()}/{half}"
                halves.append({"value": value, "label": label, "checked": value in offered})
            weeks[-1]["days"].append({"date": day, "halves": halves})
            weeks[-1]["ticked"] += sum(h["checked"] for h in halves)
        day += datetime.timedelta(days=1)
    return weeks


def feed_assignments(user):
    """What a member's calendar feed carries: published and cancelled sittings, not drafts."""
    return list(
        _feed_sittings(user).select_related("session__centre").order_by("date", "half", "pk")
    )


def feed_training(user):
    """Training sessions the member is booked on (or was, if since cancelled)."""
    return list(
        _feed_enrolments(user)
        .select_related("session__course")
        .order_by("session__starts_on", "pk")
    )


# --- Staff pages ----------------------------------------------------------------------------


def open_cover_requests(regions, limit: int = 20):
    """Cover requests still waiting in some regions, soonest first."""
    return (
        CoverRequest.objects.filter(
            session__region__in=regions,
            status__in=[CoverRequest.Status.OPEN, CoverRequest.Status.ESCALATED],
        )
        .select_related("session__centre")
        .order_by("session__date")[:limit]
    )


def period_session_count(period) -> int:
    """Scheduled sessions a rota period covers."""
    sessions = Session.objects.filter(
        status=Session.Status.SCHEDULED, date__range=(period.start, period.end)
    )
    if period.region_id:
        sessions = sessions.filter(region_id=period.region_id)
    return sessions.count()


def left_out_labels(run: RotaRun, limit: int = 50) -> list[tuple[str, str]]:
    """Who or what the run left out, by name rather than the engine's ids (two queries)."""
    items = [(key, parse_id(key), reason) for key, reason in list(run.left_out.items())[:limit]]
    people = Volunteer.objects.select_related("user").in_bulk(
        [pk for _, (kind, pk), _ in items if kind == VOLUNTEER]
    )
    sessions = Session.objects.select_related("centre").in_bulk(
        [pk for _, (kind, pk), _ in items if kind == SESSION]
    )
    labels = []
    for key, (kind, pk), reason in items:
        if kind == VOLUNTEER and pk in people:
            person = people[pk]
            key = person.user.get_full_name() or person.user.email
        elif kind == SESSION and pk in sessions:
            session = sessions[pk]
            key = f"{session.centre.name}, {session.date:%d %b} {session.half}"
        labels.append((key, reason))
    return labels


def run_candidates(run: RotaRun, session: Session) -> list[tuple[str, str]]:
    """Members in the run who offered the session's half-day and are not on its panel."""
    slot = session.slot
    ids = [
        parse_volunteer_id(v["id"])
        for v in run.instance.get("volunteers", [])
        if slot in v["available"]
    ]
    on_panel = session.assignments.filter(status__in=ACTIVE).values("volunteer_id")
    people = Volunteer.objects.filter(pk__in=ids).exclude(pk__in=on_panel).select_related("user")
    return sorted(
        ((str(v.pk), v.user.get_full_name() or v.user.email) for v in people), key=lambda c: c[1]
    )


def run_member(run: RotaRun, pk: int):
    """A member the run considered, or None (the form offers only those)."""
    if volunteer_id(pk) not in {v["id"] for v in run.instance.get("volunteers", [])}:
        return None
    return Volunteer.objects.select_related("user").get(pk=pk)


def published_sittings(session: Session):
    """The published sittings of a session, with their members."""
    return session.assignments.filter(status=Assignment.Status.PUBLISHED).select_related(
        "volunteer__user"
    )


def expense_claims(regions):
    """Expense claims for sittings in some regions."""
    return ExpenseClaim.objects.filter(assignment__session__region__in=regions).select_related(
        "assignment__session__centre", "assignment__volunteer__user"
    )


def approved_expense_rows(regions) -> list[list]:
    """Approved claims as spreadsheet rows, in pounds."""
    return [
        [
            c.assignment.volunteer.user.get_full_name(),
            c.assignment.volunteer.user.email,
            c.assignment.date.isoformat(),
            c.assignment.session.centre.name,
            float(c.miles),
            c.mileage_pence / 100,
            c.subsistence_pence / 100,
            c.loss_of_earnings_pence / 100,
            c.total_pence / 100,
            c.decided_at.date().isoformat() if c.decided_at else "",
        ]
        for c in expense_claims(regions).filter(status=ExpenseClaim.Status.APPROVED)
    ]


def feed_validator(user) -> tuple[str, datetime.datetime | None]:
    """What the feed's ETag and Last-Modified are made from, in two aggregate queries.

    Every change to a sitting saves its row (`updated_at`, `sequence`, `status`); a booking
    changes only by being made or cancelled, or by its session being cancelled or moved. Today's
    date is part of it too, so old events leave the 180-day window and anything else (a
    renamed centre) reaches clients within a day.
    """

    sittings = _feed_sittings(user).aggregate(
        n=Count("pk"),
        changed=Max("updated_at"),
        session_changed=Max("session__updated_at"),
        sequence=Sum("sequence"),
        cancelled=Count("pk", filter=~Q(status=Assignment.Status.PUBLISHED)),
    )
    training = _feed_enrolments(user).aggregate(
        n=Count("pk"),
        booked=Max("created_at"),
        cancelled=Count(
            "pk",
            filter=Q(status=Enrolment.Status.CANCELLED) | Q(session__status="cancelled"),
        ),
        first=Min("session__starts_on"),
        last=Max("session__ends_on"),
    )
    source = "|".join(
        str(v)
        for v in (
            timezone.localdate(),
            *(sittings[k] for k in sorted(sittings)),
            *(training[k] for k in sorted(training)),
        )
    )
    changed = [t for t in (sittings["changed"], training["booked"]) if t is not None]
    return source, max(changed, default=None)


UNCONFIRMED_DAYS = 2


def unconfirmed_sittings(regions, *, today: datetime.date, limit: int = 50):
    """Published sittings in the next two days whose member has not confirmed, soonest
    first (one query, whatever the number of rows)."""
    return (
        Assignment.objects.filter(
            session__region__in=regions,
            session__status=Session.Status.SCHEDULED,
            status=Assignment.Status.PUBLISHED,
            date__range=(today, today + datetime.timedelta(days=UNCONFIRMED_DAYS)),
        )
        .exclude(confirmation=Assignment.Confirmation.CONFIRMED)
        .select_related("session__centre", "volunteer__user")
        .order_by("date", "half", "session__centre__name", "pk")[:limit]
    )
