"""Reads shaped for rostering pages, each with a fixed number of queries."""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Max, Min, Prefetch, Q, Sum
from django.utils import timezone

from .instances import sid, vid
from .models import Assignment, RotaRun, Session
from .review import current_rota as review_current_rota
from .review import review_facts, review_figures

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
                    new=vid(a.volunteer_id) in new,
                    local=session_la.get(sid(session.pk)) in las.get(vid(a.volunteer_id), []),
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
    """The active panels on the run's sessions, in the engine's ids."""
    return review_current_rota(run)


def fairness(run: RotaRun) -> dict:
    """The rota's figures as it stands now and sittings against commitment, bucketed.

    Stored with the run and recomputed only when the rota has changed since (see review.py).
    """
    figures = review_figures(run)
    if not figures:
        return {}
    return {**figures, "bars": chart_bars(figures["gaps"])}


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
    sexes, counts, seats, reasons = defaultdict(set), Counter(), {}, {}
    for session_id, sex, session_seats, reason in Assignment.objects.filter(
        session_id__in=review_facts(run)["sessions"], status__in=ACTIVE
    ).values_list("session_id", "volunteer__sex", "session__seats", "session__single_sex_reason"):
        sexes[session_id].add(sex)
        counts[session_id] += 1
        seats[session_id], reasons[session_id] = session_seats, reason
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
    from training.models import Enrolment

    since = timezone.localdate() - datetime.timedelta(days=FEED_DAYS)
    return Enrolment.objects.filter(
        volunteer__user=user,
        session__starts_on__gte=since,
        status__in=[Enrolment.Status.BOOKED, Enrolment.Status.CANCELLED],
    )


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


def feed_validator(user) -> tuple[str, datetime.datetime | None]:
    """What the feed's ETag and Last-Modified are made from, in two aggregate queries.

    Every change to a sitting saves its row (`updated_at`, `sequence`, `status`); a booking
    changes only by being made or cancelled, or by its session being cancelled or moved. Today's
    date is part of it too, so old events leave the 180-day window and anything else (a
    renamed centre) reaches clients within a day.
    """
    from training.models import Enrolment

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
