"""The careful clerk: sessions in date order, least-used eligible members first."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from .explain import explain
from .instance import SOLUTION_SCHEMA, iso_week, parse_instance
from .problem import Problem, build_problem


class _Clerk:
    """What the clerk knows while rostering: panels so far, loads, calendars, weeks."""

    def __init__(self, prob: Problem, prior: dict[int, tuple[int, set[str]]] | None):
        self.prob = prob
        self.vols, self.sess = prob.inst.volunteers, prob.inst.sessions
        self.sittings = [0] * len(self.vols)
        self.busy: set[tuple[int, str]] = set()
        self.weekly: Counter = Counter()  # (volunteer, ISO week) -> sittings
        for vi, (c, slots) in (prior or {}).items():
            self.sittings[vi] = c
            self.busy.update((vi, sl) for sl in slots)
            self.weekly.update((vi, iso_week(dt.date.fromisoformat(sl[:10]))) for sl in slots)
        self.panels: dict[int, list[tuple[int, bool]]] = defaultdict(list)
        self.prev_by_session: dict[int, list[tuple[int, bool]]] = defaultdict(list)
        for si, vi, chair in prob.inst.previous:
            self.prev_by_session[si].append((vi, chair))

    def place(self, si: int, vi: int, chair: bool) -> None:
        self.panels[si].append((vi, chair))
        self.sittings[vi] += 1
        self.busy.add((vi, self.sess[si].slot))
        self.weekly[(vi, self.sess[si].week)] += 1

    def free(self, si: int, vi: int, members: list[tuple[int, bool]]) -> bool:
        """vi may join these members on session si (an eligible pair is assumed)."""
        s, v = self.sess[si], self.vols[vi]
        if (vi, s.slot) in self.busy or self.sittings[vi] >= v.max_sittings:
            return False
        if any(m == vi for m, _ in members):
            return False
        if v.max_per_week is not None and self.weekly[(vi, s.week)] >= v.max_per_week:
            return False
        return v.experienced or all(self.vols[m].experienced for m, _ in members)

    def pick(self, si: int) -> list[tuple[int, bool]]:
        """Members the clerk would add to session si now (nothing is placed yet)."""
        prob, vols, s = self.prob, self.vols, self.sess[si]
        pairs = prob.pairs
        members = list(self.panels[si])
        added: list[tuple[int, bool]] = []
        a, b = int(prob.ses_start[si]), int(prob.ses_start[si + 1])
        eligible = {int(pairs.vol[p]): p for p in range(a, b)}

        def ok(vi: int) -> bool:
            return vi in eligible and self.free(si, vi, members)

        def add(vi: int, chair: bool) -> None:
            members.append((vi, chair))
            added.append((vi, chair))

        # A clerk re-rostering keeps the published rota wherever it is still lawful.
        for vi, chair in self.prev_by_session.get(si, []):
            if len(members) < s.seats and ok(vi):
                has_chair = any(ch for _, ch in members)
                as_chair = chair and vols[vi].can_chair and not has_chair
                # Never complete a panel without a chair (rule 6).
                if len(members) + 1 < s.seats or has_chair or as_chair:
                    add(vi, as_chair)

        def key(vi: int) -> tuple:
            p = eligible[vi]
            n, t = self.sittings[vi], max(1.0, vols[vi].target_sittings)
            return (-int(pairs.cont[p]), n / t, n, -float(pairs.local[p]), float(pairs.dist[p]), vi)

        def missing() -> set[str]:
            """Languages the session needs that nobody on the panel speaks yet."""
            spoken = set().union(*(vols[m].languages for m, _ in members))
            return set(s.languages) - spoken

        cands = sorted(eligible, key=key)
        if not any(ch for _, ch in members) and len(members) < s.seats:
            need = missing()
            chair = None
            if need:
                chair = next(
                    (
                        vi
                        for vi in cands
                        if vols[vi].can_chair and need & vols[vi].languages and ok(vi)
                    ),
                    None,
                )
            if chair is None:
                chair = next((vi for vi in cands if vols[vi].can_chair and ok(vi)), None)
            if chair is not None:
                add(chair, True)
        limit = s.seats if any(ch for _, ch in members) else s.seats - 1
        while len(members) < limit:
            best = _best(cands, ok, vols, {vols[m].sex for m, _ in members}, missing())
            if best is None:
                break
            add(best, False)
        return added


def greedy_assign(
    prob: Problem,
    sessions: list[int] | None = None,
    prior: dict[int, tuple[int, set[str]]] | None = None,
    complete_first: bool = False,
) -> list[tuple[int, int, bool]]:
    """Greedy roster as (session, volunteer, chair) triples; keeps every hard rule.

    ``sessions`` limits it to some sessions; ``prior`` gives members' sittings and slots
    already taken elsewhere (as in cpsat.solve_component).
    """
    sess = prob.inst.sessions
    clerk = _Clerk(prob, prior)
    subset = range(len(sess)) if sessions is None else sessions
    # Administrators' fixed placements come first: they bind whatever else happens.
    for si in subset:
        for vi, chair in sess[si].fixed:
            clerk.place(si, vi, chair)
    order = sorted(subset, key=lambda i: (sess[i].date, sess[i].half, sess[i].centre, sess[i].id))
    # complete_first: a first pass places only panels it can complete, so that members are
    # not spent on panels that stay short while another could have been completed; a second
    # pass then fills what is left as the clerk would.
    for only_complete in (True, False) if complete_first else (False,):
        for si in order:
            if len(clerk.panels[si]) >= sess[si].seats:
                continue
            added = clerk.pick(si)
            if only_complete and len(clerk.panels[si]) + len(added) < sess[si].seats:
                continue
            for vi, chair in added:
                clerk.place(si, vi, chair)
    return [(si, vi, ch) for si in sorted(subset) for vi, ch in clerk.panels.get(si, [])]


def _best(cands: list[int], ok, vols, sexes: set[str], need: set[str]) -> int | None:
    """The first lawful candidate who speaks a missing language, then of the missing sex."""
    best, best_gain = None, (-1, -1)
    top = (1 if need else 0, 1)
    for vi in cands:
        if not ok(vi):
            continue
        v = vols[vi]
        gain = (
            1 if need & v.languages else 0,
            1 if v.sex in ("F", "M") and v.sex not in sexes else 0,
        )
        if gain > best_gain:
            best, best_gain = vi, gain
            if gain == top:
                break
    return best


def to_solution(prob: Problem, triples: list[tuple[int, int, bool]]) -> list[dict]:
    """Engine triples -> panel-roster-solution assignment dicts, in session order."""
    inst = prob.inst
    return [
        {"session": inst.sessions[si].id, "volunteer": inst.volunteers[vi].id, "chair": bool(ch)}
        for si, vi, ch in sorted(triples, key=lambda t: (t[0], not t[2], t[1]))
    ]


def greedy(instance: dict) -> dict:
    """The careful-clerk baseline solution for a panel-roster/1 instance."""

    prob = build_problem(parse_instance(instance))
    triples = greedy_assign(prob)
    return {
        "schema": SOLUTION_SCHEMA,
        "assignments": to_solution(prob, triples),
        "explanations": explain(prob, triples),
    }
