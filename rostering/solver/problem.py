"""The instance plus its eligible pairs and the integer objective weights the engine uses."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .eligibility import Pairs, eligible_pairs
from .instance import Instance

# Objective weights from docs/roster-problem.md, in objective units.
W_COMPLETE, W_MIXED, W_SEAT, W_LOCAL, W_FAIR, W_TRAVEL, W_MOVED = 1000, 200, 20, 5, 10, 0.05, 50
# Version 2: each needed language a complete panel speaks; each previous-panel member who
# sits again on a hearing that asks for continuity.
W_LANGUAGE, W_CONTINUITY = 150, 50


def _target_lcm(inst: Instance) -> int:
    """Common multiple of all fairness denominators, so (2k-1)/target scales to integers."""
    lcm = 1
    for v in inst.volunteers:
        t = max(1.0, v.target_sittings)
        if not t.is_integer():
            return 1
        lcm = math.lcm(lcm, int(t))
        if lcm > 60:
            # Unusual targets: fall back to rounding the fairness weights (error < 1e-4 each).
            return 1
    return lcm


def _hearings_lcm(inst: Instance) -> int:
    """Common multiple of the sessions' numbers of hearings, so local shares are integers."""
    lcm = 1
    for s in inst.sessions:
        lcm = math.lcm(lcm, max(1, len(s.councils)))
        if lcm > 12:
            return 1  # many children on one session: round the local shares instead
    return lcm


@dataclass
class Problem:
    inst: Instance
    pairs: Pairs
    scale: int  # objective units -> integer model units
    ses_start: np.ndarray  # pairs of session s are ses_start[s]:ses_start[s+1]
    vol_pairs: list[np.ndarray]  # pair indices of each volunteer
    prev: set[tuple[int, int]]  # (session, volunteer) of the published rota
    fixed: dict[tuple[int, int], bool]  # (session, volunteer) -> chair
    weights: np.ndarray  # pair_weight of every pair

    @property
    def has_languages(self) -> bool:
        return any(s.languages for s in self.inst.sessions)

    def speaks(self, si: int, vi: int) -> list[int]:
        """Indices into session si's languages that volunteer vi speaks."""
        mine = self.inst.volunteers[vi].languages
        return [k for k, lang in enumerate(self.inst.sessions[si].languages) if lang in mine]

    def speaks_any(self, si: int, members, lang: str) -> bool:
        return any(lang in self.inst.volunteers[vi].languages for vi in members)

    def languages_met(self, si: int, members) -> int:
        """Languages session si needs that at least one of these members speaks."""
        spoken = set().union(*(self.inst.volunteers[vi].languages for vi in members))
        return sum(lang in spoken for lang in self.inst.sessions[si].languages)

    def week_cap(self, vi: int) -> int | None:
        return self.inst.volunteers[vi].max_per_week

    def fair_step(self, vi: int, k: int) -> int:
        """Integer cost of volunteer vi's k-th sitting (k >= 1)."""
        t = max(1.0, self.inst.volunteers[vi].target_sittings)
        return round(W_FAIR * self.scale * (2 * k - 1) / t)

    def pair_weight(self, p: int) -> int:
        """Integer objective contribution of pair p apart from panel and load terms."""
        return int(self.weights[p])

    def to_units(self, value: float) -> float:
        """Model objective (integers, without the moved offset) -> objective units."""
        return value / self.scale - W_MOVED * len(self.prev)


def build_problem(inst: Instance) -> Problem:
    """Compute eligible pairs and indexes; drop pairs of members who may not sit at all."""
    pairs = eligible_pairs(inst)
    ms = np.array([v.max_sittings for v in inst.volunteers], dtype=np.int64)
    if len(pairs):
        keep = ms[pairs.vol] > 0
        if not keep.all():
            pairs = Pairs(
                *(a[keep] for a in (pairs.vol, pairs.ses, pairs.dist, pairs.local, pairs.cont))
            )
    n_s = len(inst.sessions)
    counts = np.bincount(pairs.ses, minlength=n_s) if len(pairs) else np.zeros(n_s, np.int64)
    ses_start = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    order = np.argsort(pairs.vol, kind="stable")
    bounds = np.searchsorted(pairs.vol[order], np.arange(len(inst.volunteers) + 1))
    vol_pairs = [order[bounds[i] : bounds[i + 1]] for i in range(len(inst.volunteers))]
    prev = {(s, v) for s, v, _ in inst.previous}
    fixed = {(si, vi): ch for si, s in enumerate(inst.sessions) for vi, ch in s.fixed}
    scale = 100 * _target_lcm(inst) * _hearings_lcm(inst)
    weights = _pair_weights(pairs, scale, prev, ses_start)
    return Problem(inst, pairs, scale, ses_start, vol_pairs, prev, fixed, weights)


def _pair_weights(
    pairs: Pairs, scale: int, prev: set[tuple[int, int]], ses_start: np.ndarray
) -> np.ndarray:
    """Seat, local share, travel, continuity and (re-rostering) kept placements, per pair."""
    w = np.full(len(pairs), W_SEAT * scale, dtype=np.int64)
    w -= np.round(W_TRAVEL * scale * pairs.dist.astype(np.float64)).astype(np.int64)
    w += np.round(W_LOCAL * scale * pairs.local).astype(np.int64)
    w += W_CONTINUITY * scale * pairs.cont.astype(np.int64)
    for si, vi in prev:
        a, b = int(ses_start[si]), int(ses_start[si + 1])
        k = a + int(np.searchsorted(pairs.vol[a:b], vi))
        if k < b and pairs.vol[k] == vi:
            w[k] += W_MOVED * scale
    return w


def find_pair(prob: Problem, si: int, vi: int) -> int | None:
    """Index of the pair (vi, si), or None when vi is not eligible for si."""
    a, b = int(prob.ses_start[si]), int(prob.ses_start[si + 1])
    k = a + int(np.searchsorted(prob.pairs.vol[a:b], vi))
    if k < b and prob.pairs.vol[k] == vi:
        return k
    return None


def components(prob: Problem) -> list[tuple[list[int], list[int]]]:
    """Connected (sessions, volunteers) groups: no pair links two different groups."""
    n_v = len(prob.inst.volunteers)
    parent = list(range(n_v + len(prob.inst.sessions)))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for si in range(len(prob.inst.sessions)):
        a, b = int(prob.ses_start[si]), int(prob.ses_start[si + 1])
        rs = find(n_v + si)
        for vi in np.unique(prob.pairs.vol[a:b]).tolist():
            rv = find(vi)
            if rv != rs:
                parent[rv] = rs
    groups: dict[int, tuple[list[int], list[int]]] = {}
    for si in range(len(prob.inst.sessions)):
        groups.setdefault(find(n_v + si), ([], []))[0].append(si)
    for vi in range(n_v):
        if len(prob.vol_pairs[vi]):
            groups.setdefault(find(vi), ([], []))[1].append(vi)
    return list(groups.values())


def value(prob: Problem, triples: list[tuple[int, int, bool]]) -> int:
    """Model-unit objective of some lawful triples (the same terms as the CP-SAT model)."""
    inst = prob.inst
    total = 0
    size: dict[int, int] = {}
    sexes: dict[int, set[str]] = {}
    count: dict[int, int] = {}
    for si, vi, _ in triples:
        p = find_pair(prob, si, vi)
        if p is not None:
            total += prob.pair_weight(p)
        size[si] = size.get(si, 0) + 1
        sexes.setdefault(si, set()).add(inst.volunteers[vi].sex)
        count[vi] = count.get(vi, 0) + 1
    members: dict[int, list[int]] = {}
    for si, vi, _ in triples:
        members.setdefault(si, []).append(vi)
    for si, n in size.items():
        if n == inst.sessions[si].seats:
            total += W_COMPLETE * prob.scale
            if {"F", "M"} <= sexes[si]:
                total += W_MIXED * prob.scale
            if inst.sessions[si].languages:
                total += W_LANGUAGE * prob.scale * prob.languages_met(si, members[si])
    for vi, n in count.items():
        total -= sum(prob.fair_step(vi, k) for k in range(1, n + 1))
    return total
