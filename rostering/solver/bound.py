"""An upper bound on the best possible objective, by Lagrangian relaxation.

CP-SAT proves a bound only for a model it is given whole; the tenfold instances are solved in
parts, whose bounds do not add up to a bound of the whole. This bound does not need the whole
model: price each volunteer's sittings (lambda_v) and the problem falls apart into

- one small problem per session: the best panel when each member's value is their pair weight
  (seat, local, travel, moved) minus their price, with the composition rules kept exactly
  (full panel = ``seats`` members with one chair-qualified member in the chair, at most one
  newly appointed member; mixed when both sexes sit), and
- one per volunteer: how many sittings n to sell at price lambda_v, less their fairness cost
  (the convex sum of (2k-1)/target over k <= n), with n at most max_sittings and their slots.

For *any* prices the sum of these maxima is an upper bound on the optimum (weak duality), so a
bound is valid however far the price search got. The search is a projected subgradient method
with Polyak steps towards the best known roster's value. Dropped from the relaxation (which can
only raise the bound, so it stays valid): one sitting per slot, fixed assignments, and which
chair-qualified fixed member may chair.

The session problem is solved for every session at once: the best panel only ever uses the
top ``seats`` members of each kind (sex x chair-qualified x experienced), so it is the best
of a few hundred "kind patterns" evaluated as numpy vectors over all sessions.
"""

from __future__ import annotations

import itertools
import time
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from .problem import (
    W_COMPLETE,
    W_LANGUAGE,
    W_MIXED,
    Problem,
    components,
    value,
)

# Member kinds: sex (F, M, other) x chair-qualified x newly appointed.
N_KINDS = 12
NEG = -1e18
# Subgradient steps: Polyak steps scaled by theta, halved after PATIENCE iterations without a
# lower bound; measured on the national month (both models) and the tenfold regional one.
THETA, PATIENCE, MIN_THETA = 2.0, 40, 1e-4


def _kind(sex: str, can_chair: bool, experienced: bool) -> int:
    s = 0 if sex == "F" else 1 if sex == "M" else 2
    return s * 4 + (2 if can_chair else 0) + (0 if experienced else 1)


def _is_chair(k: int) -> bool:
    return bool(k & 2)


def _is_new(k: int) -> bool:
    return bool(k & 1)


@dataclass
class BoundResult:
    bound: float  # objective units
    model_bound: float  # model units (integer objective, without the moved offset)
    iterations: int  # the most any component took
    wall: float


@dataclass
class _Patterns:
    """Kind patterns for sessions with the same number of seats."""

    sessions: np.ndarray
    counts: list[list[tuple[int, int]]]  # pattern -> [(kind, how many)]
    bonus: np.ndarray  # pattern -> panel bonus (complete, mixed), model units
    full: list[bool] = field(default_factory=list)  # pattern -> a complete panel

    def __post_init__(self):
        seats = max((sum(c for _, c in cnt) for cnt in self.counts), default=0)
        self.full = [sum(c for _, c in cnt) == seats and seats > 0 for cnt in self.counts]


def _patterns(seats: int, scale: int) -> tuple[list[list[tuple[int, int]]], list[float]]:
    counts, bonus = [], []
    for size in range(0, seats + 1):
        for combo in itertools.combinations_with_replacement(range(N_KINDS), size):
            if sum(_is_new(k) for k in combo) > 1:
                continue
            full = size == seats
            if full and not any(_is_chair(k) for k in combo):
                continue
            b = 0.0
            if full:
                b = W_COMPLETE * scale
                sexes = {k // 4 for k in combo}
                if 0 in sexes and 1 in sexes:
                    b += W_MIXED * scale
            counts.append(sorted(Counter(combo).items()))
            bonus.append(b)
    return counts, bonus


def _language_extra(
    prob: Problem, sessions: list[int], vol: np.ndarray, ses: np.ndarray, volunteers: list[int]
) -> np.ndarray:
    """Per session, the most its complete panel can earn in languages (model units): each
    needed language that at least one eligible member speaks. An upper bound on the language
    term, added to every complete pattern, so the relaxation stays a relaxation."""
    extra = np.zeros(len(sessions))
    if not prob.has_languages:
        return extra
    needs = np.array([bool(prob.inst.sessions[si].languages) for si in sessions], dtype=bool)
    speakers: dict[int, set[int]] = {}
    for k in np.flatnonzero(needs[ses]).tolist() if len(ses) else []:
        speakers.setdefault(int(ses[k]), set()).add(volunteers[int(vol[k])])
    for li, members in speakers.items():
        extra[li] = W_LANGUAGE * prob.scale * prob.languages_met(sessions[li], members)
    return extra


class _Relaxation:
    """The relaxation of one group of sessions (a connected component) and its members."""

    def __init__(self, prob: Problem, sessions: list[int], volunteers: list[int]):
        inst, pairs = prob.inst, prob.pairs
        scale = prob.scale
        self.n_v = len(volunteers)
        self.n_s = len(sessions)
        local_v = np.full(len(inst.volunteers), -1, dtype=np.int64)
        local_v[volunteers] = np.arange(self.n_v)
        sel = np.concatenate(
            [np.arange(prob.ses_start[si], prob.ses_start[si + 1]) for si in sessions]
            or [np.zeros(0, np.int64)]
        ).astype(np.int64)
        local_s = np.full(len(inst.sessions), -1, dtype=np.int64)
        local_s[sessions] = np.arange(self.n_s)
        vols = [inst.volunteers[vi] for vi in volunteers]
        sess = [inst.sessions[si] for si in sessions]
        kind_v = np.array([_kind(v.sex, v.can_chair, v.experienced) for v in vols], dtype=np.int64)
        w = prob.weights[sel].astype(np.float64)
        vol = local_v[pairs.vol[sel]]
        ses = local_s[pairs.ses[sel]]
        # Segments: the pairs of one (session, kind), contiguous.
        key = ses * N_KINDS + kind_v[vol]
        order = np.argsort(key, kind="stable")
        self.vol = vol[order]
        self.w = w[order]
        skey = key[order]
        if len(skey):
            starts = np.flatnonzero(np.concatenate([[True], skey[1:] != skey[:-1]]))
        else:
            starts = np.zeros(0, np.int64)
        self.starts = starts
        self.seg_key = skey[starts]
        lengths = np.diff(np.concatenate([starts, [len(skey)]])).astype(np.int64)
        self.seg_of = np.repeat(np.arange(len(starts)), lengths)
        self.positions = np.arange(len(skey), dtype=np.int64)
        # One sitting per slot, priced too (mu_{v,slot} >= 0): each pair's (volunteer, slot).
        slot_ids: dict[str, int] = {}
        ses_slot = np.array(
            [slot_ids.setdefault(s.slot, len(slot_ids)) for s in sess], dtype=np.int64
        )
        vs = self.vol * max(1, len(slot_ids)) + ses_slot[ses[order]]
        uniq, self.vs = np.unique(vs, return_inverse=True)
        self._weekly(vols, [s.week for s in sess], ses[order], len(uniq))
        seats = np.array([s.seats for s in sess], dtype=np.int64)
        self.max_seats = int(seats.max()) if len(seats) else 0
        self.groups: list[_Patterns] = []
        for n in sorted(set(seats.tolist())):
            counts, bonus = _patterns(n, scale)
            self.groups.append(
                _Patterns(np.flatnonzero(seats == n), counts, np.array(bonus, dtype=np.float64))
            )
        self.lang_extra = _language_extra(prob, sessions, self.vol, ses[order], volunteers)
        # Volunteer side: cumulative fairness cost of n sittings, n = 0..cap.
        n_slots = np.array([len(set(v.available)) for v in vols], dtype=np.int64)
        cap = np.minimum(np.array([v.max_sittings for v in vols], dtype=np.int64), n_slots)
        self.cap_max = int(cap.max()) if len(cap) else 0
        cost = np.full((self.n_v, self.cap_max + 1), np.inf)
        cost[:, 0] = 0.0
        for li, vi in enumerate(volunteers):
            total = 0.0
            for k in range(1, int(cap[li]) + 1):
                total += prob.fair_step(vi, k)
                cost[li, k] = total
        self.cost = cost
        self.ns = np.arange(self.cap_max + 1, dtype=np.float64)

    def _weekly(self, vols, weeks: list, ses: np.ndarray, n_slot_groups: int) -> None:
        """Capacity groups priced by mu: each (member, slot) holds 1 sitting; and, for members
        with ``max_per_week``, each (member, ISO week) holds that many (rule 10), priced only
        where the member has more slots that week than the limit. A pair's week group is
        ``self.vw``; pairs of no priced week point at a last, dummy group of price 0."""
        caps_w = np.array(
            [-1 if v.max_per_week is None else v.max_per_week for v in vols], dtype=np.int64
        )
        week_ids: dict = {}
        ses_week = np.array([week_ids.setdefault(w, len(week_ids)) for w in weeks], np.int64)
        vw = np.full(len(self.vol), -1, dtype=np.int64)
        capped = np.flatnonzero(caps_w[self.vol] >= 0) if len(self.vol) else np.zeros(0, int)
        slots: dict[tuple[int, int], set[int]] = {}
        for k in capped.tolist():
            key = (int(self.vol[k]), int(ses_week[ses[k]]))
            slots.setdefault(key, set()).add(int(self.vs[k]))
        priced = {
            key: i for i, key in enumerate(k for k, s in slots.items() if len(s) > caps_w[k[0]])
        }
        for k in capped.tolist():
            i = priced.get((int(self.vol[k]), int(ses_week[ses[k]])))
            if i is not None:
                vw[k] = n_slot_groups + i
        self.dummy = n_slot_groups + len(priced)
        self.vw = np.where(vw >= 0, vw, self.dummy)
        week_caps = [float(caps_w[v]) for v, _ in priced]
        self.caps = np.array([1.0] * n_slot_groups + week_caps + [0.0])
        self.n_vs = len(self.caps)

    def initial_prices(self) -> np.ndarray:
        if self.cap_max >= 1:
            first = self.cost[:, 1]
            return np.where(np.isfinite(first), first, 0.0)
        return np.zeros(self.n_v)

    def evaluate(self, lam: np.ndarray, mu: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
        """L(lambda, mu) and its subgradients.

        For lambda: sittings used by sessions - sittings sold; for mu: uses of each capacity
        group ((volunteer, slot) and priced (volunteer, week)) - its capacity.
        """
        used = np.zeros(self.n_v)
        used_vs = np.zeros(self.n_vs)
        total = float(mu @ self.caps)
        if len(self.w):
            a = self.w - lam[self.vol] - mu[self.vs] - mu[self.vw]
            n_seg = len(self.starts)
            k_top = self.max_seats
            top_v = np.full((n_seg, k_top), NEG)
            top_i = np.zeros((n_seg, k_top), dtype=np.int64)
            big = np.int64(len(a))
            for j in range(k_top):
                m = np.maximum.reduceat(a, self.starts)
                hit = a == m[self.seg_of]
                first = np.minimum.reduceat(np.where(hit, self.positions, big), self.starts)
                valid = m > NEG / 2
                top_v[:, j] = np.where(valid, m, NEG)
                top_i[:, j] = first
                a[first[valid]] = NEG
            # Per session and kind: top values and their pair positions.
            ses_of_seg = self.seg_key // N_KINDS
            kind_of_seg = self.seg_key % N_KINDS
            tv = np.full((self.n_s, N_KINDS, k_top), NEG)
            ti = np.full((self.n_s, N_KINDS, k_top), -1, dtype=np.int64)
            tv[ses_of_seg, kind_of_seg] = top_v
            ti[ses_of_seg, kind_of_seg] = top_i
            # Prefix sums: best j members of a kind.
            pref = np.concatenate([np.zeros((self.n_s, N_KINDS, 1)), np.cumsum(tv, axis=2)], axis=2)
            pref = np.maximum(pref, NEG)
            for g in self.groups:
                ses = g.sessions
                vals = np.empty((len(g.counts), len(ses)))
                extra = self.lang_extra[ses]
                for pi, cnt in enumerate(g.counts):
                    v = np.full(len(ses), g.bonus[pi])
                    if g.full[pi]:
                        v = v + extra
                    for k, c in cnt:
                        v = v + pref[ses, k, c]
                    vals[pi] = v
                best = np.argmax(vals, axis=0)
                total += float(vals[best, np.arange(len(ses))].sum())
                for pi, cnt in enumerate(g.counts):
                    if not cnt:
                        continue
                    chosen = ses[best == pi]
                    if not len(chosen):
                        continue
                    for k, c in cnt:
                        idx = ti[chosen, k, :c].ravel()
                        np.add.at(used, self.vol[idx], 1)
                        np.add.at(used_vs, self.vs[idx], 1)
                        np.add.at(used_vs, self.vw[idx], 1)
        # Volunteer side.
        gain = lam[:, None] * self.ns[None, :] - self.cost
        sold = np.argmax(gain, axis=1)
        total += float(gain[np.arange(self.n_v), sold].sum())
        grad_mu = used_vs - self.caps
        grad_mu[self.dummy] = 0.0
        return total, used - sold, grad_mu


def component_bound(
    prob: Problem,
    sessions: list[int],
    volunteers: list[int],
    *,
    deadline: float,
    target: float | None = None,
    max_iterations: int = 20_000,
    patience: int | None = None,
) -> tuple[float, int]:
    """Bound (model units) of one connected group, and the iterations it took.

    A projected subgradient search with Polyak steps (towards ``target``, the value of the best
    known roster of the group); the lowest L(lambda, mu) seen is the bound.
    """
    rel = _Relaxation(prob, sessions, volunteers)
    patience = patience or PATIENCE
    lam = rel.initial_prices()
    mu = np.zeros(rel.n_vs)
    best = np.inf
    theta, since, it = THETA, 0, 0
    while it < max_iterations:
        it += 1
        value, grad, grad_mu = rel.evaluate(lam, mu)
        # Projected: a slot price only rises when a slot is overused, and never below 0.
        grad_mu = np.where((mu > 0) | (grad_mu > 0), grad_mu, 0.0)
        if value < best:
            best, since = value, 0
        else:
            since += 1
            if since >= patience:
                theta, since = theta / 2, 0
        norm = float(grad @ grad) + float(grad_mu @ grad_mu)
        if norm == 0 or theta < MIN_THETA or time.monotonic() > deadline:
            break
        aim = target if target is not None and target < value else value * 0.99
        step = theta * (value - aim) / norm
        lam = lam + step * grad
        mu = np.maximum(0.0, mu + step * grad_mu)
    return best, it


def component_bounds(
    prob: Problem,
    comps: list[tuple[list[int], list[int]]],
    *,
    deadline: float,
    targets: dict[int, float] | None = None,
    max_iterations: int = 20_000,
    patience: int | None = None,
) -> dict[int, tuple[float, int]]:
    """(Bound in model units, iterations) of each component, smallest first, the time shared
    by size.

    ``targets`` maps a component's index to the value of its best known roster.
    """
    sizes = [int(sum(prob.ses_start[s + 1] - prob.ses_start[s] for s in g)) for g, _ in comps]
    left = sum(sizes)
    bounds: dict[int, tuple[float, int]] = {}
    for ci in sorted(range(len(comps)), key=lambda c: sizes[c]):
        sessions, volunteers = comps[ci]
        if not volunteers:
            bounds[ci] = (0.0, 0)  # nobody may sit on these sessions
            continue
        budget = max(0.0, deadline - time.monotonic()) * sizes[ci] / max(1, left)
        bounds[ci] = component_bound(
            prob,
            sessions,
            volunteers,
            deadline=time.monotonic() + budget,
            target=(targets or {}).get(ci),
            max_iterations=max_iterations,
            patience=patience,
        )
        left -= sizes[ci]
    return bounds


def lagrangian_bound(
    prob: Problem,
    *,
    time_limit: float = 30.0,
    roster: list[tuple[int, int, bool]] | None = None,
    max_iterations: int = 20_000,
    patience: int | None = None,
) -> BoundResult:
    """Upper bound on the objective, valid for every price vector tried.

    Each connected group of sessions and members is priced on its own (a mismatch in one
    region must not shrink the steps in another) and the bounds add up. ``roster`` is the best
    known roster (e.g. the greedy one); its value in each group sizes the steps.
    """
    t0 = time.monotonic()
    comps = components(prob)
    targets = None
    if roster is not None:
        comp_of = {si: ci for ci, (g, _) in enumerate(comps) for si in g}
        mine: dict[int, list] = {ci: [] for ci in range(len(comps))}
        for t in roster:
            mine[comp_of[t[0]]].append(t)
        targets = {ci: float(value(prob, ts)) for ci, ts in mine.items()}
    bounds = component_bounds(
        prob,
        comps,
        deadline=t0 + time_limit,
        targets=targets,
        max_iterations=max_iterations,
        patience=patience,
    )
    total = sum(b for b, _ in bounds.values())
    iterations = max((it for _, it in bounds.values()), default=0)
    return BoundResult(prob.to_units(total), total, iterations, time.monotonic() - t0)
