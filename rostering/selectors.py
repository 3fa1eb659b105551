"""Reads shaped for rostering pages, each with a fixed number of queries."""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone

from .instances import session_pk, sid, vid
from .models import Assignment, RotaPeriod, RotaRun, Session
from .solver import score

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
    ids = [session_pk(s["id"]) for s in run.instance.get("sessions", [])]
    return (
        Session.objects.filter(pk__in=ids)
        .select_related("centre")
        .prefetch_related(_active_prefetch())
        .order_by("date", "half", "centre__name", "pk")
    )


def panels_for(run: RotaRun, sessions) -> list[Panel]:
    """Panels with their flags: single-sex, non-local, new member, unfilled, changed."""
    people = {v["id"]: v for v in run.instance.get("volunteers", [])}
    docs = {s["id"]: s for s in run.instance.get("sessions", [])}
    explanations = run.explanations
    panels = []
    for session in sessions:
        doc = docs.get(sid(session.pk), {})
        members = []
        for a in session.panel:
            person = people.get(vid(a.volunteer_id), {})
            members.append(
                Member(
                    assignment=a,
                    name=a.volunteer.user.get_full_name(),
                    new=person.get("experienced") is False,
                    local=doc.get("local_authority") in person.get("local_authorities", []),
                    sex=a.volunteer.sex,
                )
            )
        panel = Panel(session=session, members=members)
        if len(members) < session.seats:
            panel.flags.append(("Unfilled", "red"))
            panel.explanation = explanations.get(sid(session.pk), "")
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


def group_by_day(panels: list[Panel]) -> list[tuple[datetime.date, list[tuple[str, list]]]]:
    """[(day, [(centre name, [panel, ...]), ...]), ...] in order."""
    days: dict = defaultdict(lambda: defaultdict(list))
    for panel in panels:
        days[panel.session.date][panel.session.centre.name].append(panel)
    return [(day, list(centres.items())) for day, centres in days.items()]


def current_rota(run: RotaRun) -> list[dict]:
    ids = [session_pk(s["id"]) for s in run.instance.get("sessions", [])]
    return [
        {"session": sid(s), "volunteer": vid(v), "chair": c}
        for s, v, c in Assignment.objects.filter(session_id__in=ids, status__in=ACTIVE).values_list(
            "session_id", "volunteer_id", "is_chair"
        )
    ]


def fairness(run: RotaRun) -> dict:
    """The rota's figures as it stands now and sittings against commitment, bucketed."""
    if not run.instance:
        return {}
    rota = current_rota(run)
    metrics = score(run.instance, {"assignments": rota})
    sittings = Counter(a["volunteer"] for a in rota)
    buckets = Counter()
    offered = [v for v in run.instance["volunteers"] if v["available"]]
    for v in offered:
        gap = round(sittings[v["id"]] - v["target_sittings"])
        gap = max(-2, min(2, gap))
        buckets[gap] += 1
    labels = {
        -2: "2 or more below",
        -1: "1 below",
        0: "On commitment",
        1: "1 above",
        2: "2 or more above",
    }
    bars = [{"label": labels[k], "value": buckets[k]} for k in sorted(labels)]
    sessions = metrics["sessions"]
    return {
        "metrics": metrics,
        "fill_rate": round(100 * metrics["complete"] / sessions) if sessions else 0,
        "mixed_rate": round(100 * metrics["mixed"] / metrics["complete"])
        if metrics["complete"]
        else 0,
        "local_rate": round(100 * metrics["local"] / metrics["seats"]) if metrics["seats"] else 0,
        "offered": len(offered),
        "bars": chart_bars(bars),
    }


def chart_bars(bars: list[dict], *, width: int = 400, bar_height: int = 28) -> list[dict]:
    """Positions for a horizontal bar chart drawn as SVG in the template."""
    top = max((b["value"] for b in bars), default=0) or 1
    out = []
    for i, b in enumerate(bars):
        out.append(
            {
                **b,
                "y": i * (bar_height + 8),
                "w": round(width * b["value"] / top),
                "text_y": i * (bar_height + 8) + bar_height // 2 + 5,
            }
        )
    return out


def single_sex_without_reason(run: RotaRun) -> list[int]:
    """Full panels that are all one sex with no reason recorded (they block publishing)."""
    people = {v["id"]: v["sex"] for v in run.instance.get("volunteers", [])}
    seats = {s["id"]: s["seats"] for s in run.instance.get("sessions", [])}
    panels = defaultdict(list)
    for a in current_rota(run):
        panels[a["session"]].append(a["volunteer"])
    reasons = dict(
        Session.objects.filter(pk__in=[session_pk(s) for s in panels]).values_list(
            "pk", "single_sex_reason"
        )
    )
    out = []
    for s_id, members in panels.items():
        sexes = {people.get(m) for m in members}
        if len(members) == seats.get(s_id) and len(sexes) == 1 and not reasons[session_pk(s_id)]:
            out.append(session_pk(s_id))
    return out


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
    since = timezone.localdate() - datetime.timedelta(days=180)
    return list(
        Assignment.objects.filter(
            volunteer__user=user,
            date__gte=since,
            status__in=[
                Assignment.Status.PUBLISHED,
                Assignment.Status.WITHDRAWN,
                Assignment.Status.CANCELLED,
            ],
        )
        .select_related("session__centre")
        .order_by("date", "half", "pk")
    )


def feed_training(user):
    """Training sessions the member is booked on (or was, if since cancelled)."""
    from training.models import Enrolment

    since = timezone.localdate() - datetime.timedelta(days=180)
    return list(
        Enrolment.objects.filter(
            volunteer__user=user,
            session__starts_on__gte=since,
            status__in=[Enrolment.Status.BOOKED, Enrolment.Status.CANCELLED],
        )
        .select_related("session__course")
        .order_by("session__starts_on", "pk")
    )
