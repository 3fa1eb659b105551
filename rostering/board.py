"""Reads for the rota board: a run's panels by day and centre, a week or a month at a time.

Everything here reads the database as it stands now (never the engine's stored figures), so
after a manual change the board, its summary and each panel's explanation say the same thing.
The run's large instance is read only where the engine itself is asked (candidates).
"""

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch

from volunteers.models import HearingCentre, LocalAuthority, Volunteer

from .models import Assignment, RotaRun, Session
from .review import review_facts
from .services.panels import check_panel_change, current_assignments
from .solver import InstanceError, suggest_cover
from .solver_ids import parse_volunteer_id, session_id, volunteer_id

ACTIVE = [Assignment.Status.DRAFT, Assignment.Status.PUBLISHED]
CANDIDATES = 8
SEX_PLURAL = {"F": "women", "M": "men"}


@dataclass
class Seat:
    """One member on a panel, as the board shows them."""

    assignment: Assignment
    name: str
    chair: bool
    new: bool
    local: bool
    sex: str
    commitment: str = ""


@dataclass
class BoardPanel:
    """A session and its panel as it stands now, with what the board says about it."""

    session: Session
    seats: list[Seat]
    engine_text: str = ""
    flags: list[tuple[str, str]] = field(default_factory=list)

    @property
    def filled(self) -> int:
        return len(self.seats)

    @property
    def has_chair(self) -> bool:
        return any(s.chair for s in self.seats)

    @property
    def complete(self) -> bool:
        return self.filled == self.session.seats and self.has_chair

    @property
    def unfilled(self) -> bool:
        return not self.complete

    @property
    def single_sex(self) -> bool:
        return self.filled == self.session.seats and len({s.sex for s in self.seats}) == 1

    @property
    def needs_reason(self) -> bool:
        return self.single_sex and not self.session.single_sex_reason

    @property
    def label(self) -> str:
        s = self.session
        return (
            f"{s.centre.name}, {s.date:%A} {s.date.day} {s.date:%B} {s.get_half_display().lower()}"
        )

    @property
    def headline(self) -> str:
        """The panel's own state in words: seats filled, chair, mix."""
        s = self.session
        count = f"{self.filled} of {s.seats} members"
        if self.complete:
            chair = next(x.name for x in self.seats if x.chair)
            text = f"Complete: {count}, chaired by {chair}."
            if self.single_sex:
                sex = SEX_PLURAL.get(self.seats[0].sex, "one sex")
                text += f" All {sex}: " + (
                    f"reason recorded ({s.single_sex_reason})."
                    if s.single_sex_reason
                    else "a reason is needed before publishing."
                )
            return text
        short = s.seats - self.filled
        if short <= 0:
            return f"Not complete: {count}, but nobody is the chairing member."
        chair = "" if self.has_chair else " There is no chairing member yet."
        return f"Not complete: {count}; {short} seat{'s' if short > 1 else ''} to fill.{chair}"


def _panel_prefetch():
    return Prefetch(
        "assignments",
        queryset=Assignment.objects.filter(status__in=ACTIVE)
        .select_related("volunteer__user")
        .order_by("-is_chair", "volunteer__user__first_name", "pk"),
        to_attr="panel",
    )


def _flags(panel: BoardPanel) -> list[tuple[str, str]]:
    flags = []
    if panel.unfilled:
        flags.append(("Unfilled", "red"))
    if panel.needs_reason:
        flags.append(("All one sex: reason needed", "orange"))
    elif panel.single_sex:
        flags.append(("All one sex: reason recorded", "grey"))
    if any(not s.local for s in panel.seats):
        flags.append(("Non-local member", "grey"))
    if any(s.new for s in panel.seats):
        flags.append(("New member", "blue"))
    if panel.session.needs_review:
        flags.append(("Changed by the Reporter", "orange"))
    return flags


def _explanation_still_true(text: str, panel: BoardPanel) -> bool:
    """The engine explained the panel it made; say it only while the panel is still that."""
    counted = re.search(r"\((\d+) of (\d+) members\)", text)
    if counted:
        return panel.unfilled and int(counted.group(1)) == panel.filled
    return panel.single_sex


def build_panels(run: RotaRun, sessions) -> list[BoardPanel]:
    """BoardPanels for sessions fetched with `_panel_prefetch` (no further queries)."""
    facts = review_facts(run)
    new, las, session_la = set(facts["new"]), facts["las"], facts["session_la"]
    explanations = facts["explanations"]
    panels = []
    for session in sessions:
        la = session_la.get(session_id(session.pk))
        seats = [
            Seat(
                assignment=a,
                name=a.volunteer.user.get_full_name() or a.volunteer.user.email,
                chair=a.is_chair,
                new=volunteer_id(a.volunteer_id) in new,
                local=la in las.get(volunteer_id(a.volunteer_id), []),
                sex=a.volunteer.sex,
            )
            for a in session.panel
        ]
        panel = BoardPanel(session=session, seats=seats)
        text = explanations.get(session_id(session.pk), "")
        if text and _explanation_still_true(text, panel):
            panel.engine_text = text
        panel.flags = _flags(panel)
        panels.append(panel)
    return panels


def run_session_ids(run: RotaRun) -> list[int]:
    return review_facts(run)["sessions"]


def board_sessions(run: RotaRun, *, start: datetime.date, end: datetime.date, centre=None):
    """The run's sessions between two days, with their panels."""
    qs = (
        Session.objects.filter(pk__in=run_session_ids(run), date__range=(start, end))
        .select_related("centre")
        .prefetch_related(_panel_prefetch())
        .order_by("date", "half", "centre__name", "pk")
    )
    if centre is not None:
        qs = qs.filter(centre_id=centre)
    return qs


@dataclass
class Filters:
    unfilled: bool = False
    needs_reason: bool = False
    flagged: bool = False
    centre: int | None = None
    member: int | None = None

    @property
    def active(self) -> bool:
        return any([self.unfilled, self.needs_reason, self.flagged, self.centre, self.member])


def keep(panel: BoardPanel, filters: Filters) -> bool:
    """Whether a panel passes the board's filters (all of them at once)."""
    if filters.unfilled and not panel.unfilled:
        return False
    if filters.needs_reason and not panel.needs_reason:
        return False
    if filters.flagged and not panel.flags:
        return False
    return not (
        filters.member and all(s.assignment.volunteer_id != filters.member for s in panel.seats)
    )


def weeks_of(panels: list[BoardPanel], start: datetime.date, end: datetime.date) -> list[dict]:
    """Monday-to-Sunday weeks of a grid: rows are centres, columns days, cells the panels.

    Weekends appear only in a week that has a session on one."""
    weeks = []
    monday = start - datetime.timedelta(days=start.weekday())
    while monday <= end:
        sunday = monday + datetime.timedelta(days=6)
        mine = [p for p in panels if monday <= p.session.date <= sunday]
        weekend = any(p.session.date.weekday() >= 5 for p in mine)
        days = [
            monday + datetime.timedelta(days=i)
            for i in range(7 if weekend else 5)
            if start <= monday + datetime.timedelta(days=i) <= end
        ]
        cells = defaultdict(lambda: defaultdict(list))
        names = {}
        for p in mine:
            cells[p.session.centre_id][p.session.date].append(p)
            names[p.session.centre_id] = p.session.centre.name
        rows = [
            {"centre": names[c], "cells": [cells[c][d] for d in days]}
            for c in sorted(names, key=names.get)
        ]
        weeks.append({"monday": monday, "days": days, "rows": rows, "panels": mine})
        monday += datetime.timedelta(days=7)
    return weeks


def summary(run: RotaRun) -> dict:
    """The run's figures as the rota stands now: complete, mixed, local, unfilled (2 queries)."""
    facts = review_facts(run)
    las, session_la = facts["las"], facts["session_la"]
    sessions = {
        pk: (seats, reason)
        for pk, seats, reason in Session.objects.filter(pk__in=facts["sessions"]).values_list(
            "pk", "seats", "single_sex_reason"
        )
    }
    members = defaultdict(list)
    for s, v, chair, sex in Assignment.objects.filter(
        session_id__in=sessions, status__in=ACTIVE
    ).values_list("session_id", "volunteer_id", "is_chair", "volunteer__sex"):
        members[s].append((v, chair, sex))
    complete = mixed = local = seats = needs_reason = 0
    for pk, (size, reason) in sessions.items():
        panel = members.get(pk, [])
        seats += len(panel)
        la = session_la.get(session_id(pk))
        local += sum(1 for v, _, _ in panel if la in las.get(volunteer_id(v), []))
        sexes = {sex for _, _, sex in panel}
        if len(panel) == size and len(sexes) == 1 and not reason:
            needs_reason += 1
        if len(panel) == size and sum(1 for _, c, _ in panel if c) == 1:
            complete += 1
            mixed += {"F", "M"} <= sexes
    total = len(sessions)
    return {
        "sessions": total,
        "complete": complete,
        "unfilled": total - complete,
        "mixed": mixed,
        "mixed_rate": round(100 * mixed / complete) if complete else 0,
        "local": local,
        "seats": seats,
        "local_rate": round(100 * local / seats) if seats else 0,
        "needs_reason": needs_reason,
    }


def filter_choices(run: RotaRun) -> tuple[list, list]:
    """(centres, members) the board can be narrowed to: those in the run (2 queries)."""
    ids = run_session_ids(run)
    centres = list(
        HearingCentre.objects.filter(sessions__pk__in=ids).distinct().values_list("pk", "name")
    )
    members = sorted(
        (
            (v.pk, v.user.get_full_name() or v.user.email)
            for v in Volunteer.objects.filter(
                assignments__session_id__in=ids, assignments__status__in=ACTIVE
            )
            .distinct()
            .select_related("user")
        ),
        key=lambda m: m[1],
    )
    return centres, members


# --- One panel: candidates and words --------------------------------------------------------


def sittings_words(sittings: int, target: float) -> str:
    """A member's load against their commitment, as people say it: "2 of 2 sittings"."""
    committed = max(1, round(target))
    return f"{sittings} of {committed} sitting{'s' if committed != 1 else ''}"


def in_words(text: str, *, centres: dict, councils: dict, people: dict) -> str:
    """The engine's text with names for its ids (centres, councils, members)."""
    text = re.sub(r"\bC(\d+)\b", lambda m: centres.get(int(m.group(1)), m.group(0)), text)
    text = re.sub(r"\bS12\d{6}\b", lambda m: councils.get(m.group(0), m.group(0)), text)
    return re.sub(r"\bV(\d+)\b", lambda m: people.get(int(m.group(1)), "a member"), text)


def why_in_words(panel: BoardPanel) -> str:
    """The engine's reason for this panel, without its heading (the headline says that)."""
    text = re.sub(r"^[^:]*?\(\d+ of \d+ members\):\s*", "", panel.engine_text)
    text = re.sub(r"^All-\w+ panel at .*? (AM|PM):\s*", "", text)
    return text[:1].upper() + text[1:] if text else ""


def candidates(
    run: RotaRun, panel: BoardPanel, rota: list[dict], instance: dict, swap=None
) -> list[dict]:
    """Who could join the panel, best first (the engine's `suggest_cover`), in words.

    Never lists someone already on the panel or sitting elsewhere that half-day."""

    s_id = session_id(panel.session.pk)
    try:
        ranked = suggest_cover(instance, s_id, CANDIDATES, assignments=rota)
    except InstanceError:
        return []
    on_panel = {volunteer_id(s.assignment.volunteer_id) for s in panel.seats}
    ranked = [c for c in ranked if c["volunteer"] not in on_panel]
    people = Volunteer.objects.select_related("user").in_bulk(
        [parse_volunteer_id(c["volunteer"]) for c in ranked]
    )
    targets = {v["id"]: v["target_sittings"] for v in instance["volunteers"]}
    councils = dict(LocalAuthority.objects.values_list("code", "name"))
    centre = panel.session.centre.name
    out = []
    for c in ranked:
        person = people[parse_volunteer_id(c["volunteer"])]
        reasons = []
        for r in c["reasons"]:
            if "sitting(s) so far" in r or " km from " in r:
                continue
            reasons.append(in_words(r, centres={}, councils=councils, people={}))
        reasons.append(f"{c['distance_km']:.0f} km from {centre}")
        reasons.append(sittings_words(c["sittings"], targets.get(c["volunteer"], 1)) + " so far")
        # The same check the add itself makes: hard rules refuse, soft ones ask for a reason.
        check = check_panel_change(
            run=run,
            session=panel.session,
            add=person,
            chair=c["chair_ok"],
            remove=swap.volunteer if swap else None,
        )
        if check.errors:
            continue
        out.append(
            {
                "pk": person.pk,
                "name": person.user.get_full_name() or person.user.email,
                "chair_ok": c["chair_ok"],
                "reasons": reasons,
                "warnings": check.warnings,
            }
        )
    return out


def still_short(panel: BoardPanel, ranked: list[dict]) -> str:
    """Why the panel is short now, from the candidates the engine finds now."""
    if panel.complete:
        return ""
    if not ranked:
        return (
            "Nobody else who offered this half-day can join this panel within the rules "
            "(they are sitting elsewhere, at their limit, too far away or have a conflict)."
        )
    chairs = sum(1 for c in ranked if c["chair_ok"])
    more = "at least " if len(ranked) >= CANDIDATES else ""
    text = f"{more}{len(ranked)} member{'s' if len(ranked) != 1 else ''} could join"
    if not panel.has_chair:
        text += f", {chairs} of them qualified to chair"
    return text[:1].upper() + text[1:] + "."


def one_panel(run: RotaRun, session_pk: int) -> BoardPanel:
    """One of the run's panels, fresh from the database."""
    session = board_sessions(run, start=datetime.date.min, end=datetime.date.max).get(pk=session_pk)
    return build_panels(run, [session])[0]


def _without(rota: list[dict], swap: Assignment | None) -> list[dict]:
    if swap is None:
        return rota
    out = (session_id(swap.session_id), volunteer_id(swap.volunteer_id))
    return [a for a in rota if (a["session"], a["volunteer"]) != out]


def run_for_engine(run: RotaRun) -> tuple[dict, list[dict]]:
    """The run's instance and its sessions' panels as they stand, in the engine's ids."""

    full = RotaRun.objects.only("instance").get(pk=run.pk)
    run.instance = full.instance
    return full.instance, current_assignments(run)


def panel_words(run: RotaRun, panel: BoardPanel, swap: Assignment | None = None) -> dict:
    """Everything the open panel says: candidates, why short, member commitments.

    With `swap` (a sitting on the panel), the candidates are those who could take its seat."""
    instance, rota = run_for_engine(run)
    ranked = candidates(run, panel, _without(rota, swap), instance, swap)
    targets = {v["id"]: v["target_sittings"] for v in instance.get("volunteers", [])}
    counts = defaultdict(int)
    for a in rota:
        counts[a["volunteer"]] += 1
    for seat in panel.seats:
        v_id = volunteer_id(seat.assignment.volunteer_id)
        seat.commitment = sittings_words(counts[v_id], targets.get(v_id, 1))
    councils = dict(LocalAuthority.objects.values_list("code", "name"))
    why = in_words(
        why_in_words(panel),
        centres={panel.session.centre_id: panel.session.centre.name},
        councils=councils,
        people={},
    )
    return {"candidates": ranked, "short": still_short(panel, ranked), "why": why}


def publish_preview(run: RotaRun, *, complete_only: bool) -> dict:
    """What publishing would do now: who is emailed, what stays unfilled, what needs a reason."""
    sessions = board_sessions(run, start=datetime.date.min, end=datetime.date.max)
    panels = build_panels(run, sessions)
    published = [p for p in panels if p.complete] if complete_only else panels
    drafts = [
        s.assignment
        for p in published
        for s in p.seats
        if s.assignment.status == Assignment.Status.DRAFT and s.assignment.run_id == run.pk
    ]
    return {
        "sessions": len(panels),
        "members_emailed": len({a.volunteer_id for a in drafts}),
        "sittings": len(drafts),
        "unfilled": [p for p in panels if p.unfilled],
        "held_back": [p for p in panels if p.unfilled and p.seats] if complete_only else [],
        "needs_reason": [p for p in panels if p.needs_reason],
    }
