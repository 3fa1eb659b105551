"""CP-SAT model over the eligible pairs of one group of sessions and volunteers."""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter, defaultdict
from dataclasses import dataclass

import numpy as np
from ortools.sat.python import cp_model

from .instance import iso_week
from .problem import W_COMPLETE, W_LANGUAGE, W_MIXED, Problem

PRESOLVE_MAX_PAIRS = 100_000


def _weekly_limit(m: cp_model.CpModel, cap: int, by_slot: dict[str, list], taken: set[str]) -> None:
    """Rule 10: at most ``cap`` sittings in any ISO week, counting slots taken earlier."""
    by_week: dict[tuple[int, int], list[str]] = defaultdict(list)
    for slot in by_slot:
        by_week[_slot_week(slot)].append(slot)
    before = Counter(_slot_week(slot) for slot in taken)
    for week, slots in by_week.items():
        left = max(0, cap - before[week])
        # One sitting per slot already holds, so a week with no more slots than left is free.
        if len(slots) > left:
            m.add(sum(x for slot in slots for x in by_slot[slot]) <= left)


def _slot_week(slot: str) -> tuple[int, int]:
    return iso_week(dt.date.fromisoformat(slot[:10]))


@dataclass
class ComponentResult:
    triples: list[tuple[int, int, bool]]
    objective: float  # model units (integers, no moved offset)
    bound: float  # model units
    status: str
    wall: float


def solve_component(  # noqa: PLR0915 -- one CP-SAT model, built in a straight line
    prob: Problem,
    sessions: list[int],
    *,
    time_limit: float,
    seed: int = 0,
    workers: int = 1,
    hint: list[tuple[int, int, bool]] | None = None,
    gap_limit: float = 0.0,
    prior: dict[int, tuple[int, set[str]]] | None = None,
    deadline: float | None = None,
) -> ComponentResult:
    """Build and solve the exact model for these sessions (and all their eligible members).

    ``prior`` maps a volunteer to (sittings, slots) already taken by groups solved earlier,
    so a group split out of an oversized component continues their load and calendar.
    """
    prior = prior or {}
    inst, pairs = prob.inst, prob.pairs
    vols, sess = inst.volunteers, inst.sessions
    m = cp_model.CpModel()
    obj_vars: list = []
    obj_coefs: list[int] = []
    x: dict[int, cp_model.IntVar] = {}
    ch: dict[int, cp_model.IntVar] = {}
    full: dict[int, cp_model.IntVar] = {}
    mixed: dict[int, cp_model.IntVar] = {}
    lang: dict[tuple[int, int], cp_model.IntVar] = {}  # (session, language k) met
    members: set[int] = set()

    for si in sessions:
        s = sess[si]
        a, b = int(prob.ses_start[si]), int(prob.ses_start[si + 1])
        xs, chs, new, fem, mal = [], [], [], [], []
        spk: dict[int, list] = defaultdict(list)  # language k -> speakers' x
        fixed_chair = False
        for p in range(a, b):
            vi = int(pairs.vol[p])
            v = vols[vi]
            if vi in prior and (s.slot in prior[vi][1] or prior[vi][0] >= v.max_sittings):
                continue
            members.add(vi)
            xv = m.new_bool_var("")
            x[p] = xv
            xs.append(xv)
            obj_vars.append(xv)
            obj_coefs.append(prob.pair_weight(p))
            fx = prob.fixed.get((si, vi))
            if fx is not None:
                m.add(xv == 1)
            if v.can_chair and fx is not False:
                c = m.new_bool_var("")
                ch[p] = c
                chs.append(c)
                m.add_implication(c, xv)
                if fx:
                    m.add(c == 1)
                    fixed_chair = True
            if not v.experienced:
                new.append(xv)
            if v.sex == "F":
                fem.append(xv)
            elif v.sex == "M":
                mal.append(xv)
            if s.languages:
                for k in prob.speaks(si, vi):
                    spk[k].append(xv)
        total = sum(xs)
        m.add(total <= s.seats)
        if len(new) > 1:
            m.add_at_most_one(new)
        can_fill = len(xs) >= s.seats and (chs or fixed_chair)
        if can_fill:
            f = m.new_bool_var("")
            full[si] = f
            # full <=> seats members; a full panel has exactly one (qualified) chair.
            m.add(total >= s.seats).only_enforce_if(f)
            m.add(total <= s.seats - 1).only_enforce_if(~f)
            if fixed_chair:
                m.add(sum(chs) == 1)
            else:
                m.add(sum(chs) == f)
            obj_vars.append(f)
            obj_coefs.append(W_COMPLETE * prob.scale)
            if fem and mal:
                mx = m.new_bool_var("")
                mixed[si] = mx
                m.add_implication(mx, f)
                m.add(sum(fem) >= mx)
                m.add(sum(mal) >= mx)
                obj_vars.append(mx)
                obj_coefs.append(W_MIXED * prob.scale)
            # A language counts for a complete panel with at least one member who speaks it.
            for k, speakers in spk.items():
                lv = m.new_bool_var("")
                lang[(si, k)] = lv
                m.add_implication(lv, f)
                m.add(sum(speakers) >= lv)
                obj_vars.append(lv)
                obj_coefs.append(W_LANGUAGE * prob.scale)
        else:
            m.add(total <= s.seats - 1)
            if chs:
                m.add(sum(chs) <= 1)

    ys: dict[int, list] = {}
    for vi in members:
        v = vols[vi]
        plist = [p for p in prob.vol_pairs[vi].tolist() if p in x]
        by_slot: dict[str, list] = defaultdict(list)
        for p in plist:
            by_slot[sess[int(pairs.ses[p])].slot].append(x[p])
        for group in by_slot.values():
            if len(group) > 1:
                m.add_at_most_one(group)
        if v.max_per_week is not None:
            _weekly_limit(m, v.max_per_week, by_slot, prior[vi][1] if vi in prior else set())
        done = prior[vi][0] if vi in prior else 0
        left = v.max_sittings - done
        cap = min(left, len(by_slot))
        n = sum(x[p] for p in plist)
        if left < len(by_slot):
            m.add(n <= left)
        # The first sitting's fairness cost sits on each pair; the k-th (k >= 2) on y_k,
        # which the objective makes true only as far as needed: sum(y) >= n - 1.
        first = prob.fair_step(vi, done + 1)
        if cap >= 2:
            y = [m.new_bool_var("") for _ in range(cap - 1)]
            ys[vi] = y
            m.add(sum(y) >= n - 1)
            for k in range(len(y) - 1):
                m.add_implication(y[k + 1], y[k])
            for k, yk in enumerate(y, start=2):
                obj_vars.append(yk)
                obj_coefs.append(-(prob.fair_step(vi, done + k) - first))
        for p in plist:
            obj_vars.append(x[p])
            obj_coefs.append(-first)

    m.maximize(cp_model.LinearExpr.weighted_sum(obj_vars, obj_coefs))

    if hint is not None:
        chosen = {}
        for si, vi, c in hint:
            chosen[(si, vi)] = c
        count: dict[int, int] = defaultdict(int)
        size: dict[int, int] = defaultdict(int)
        sexes: dict[int, set] = defaultdict(set)
        for p, xv in x.items():
            key = (int(pairs.ses[p]), int(pairs.vol[p]))
            on = key in chosen
            m.add_hint(xv, on)
            if p in ch:
                m.add_hint(ch[p], on and chosen[key])
            if on:
                count[key[1]] += 1
                size[key[0]] += 1
                sexes[key[0]].add(vols[key[1]].sex)
        for si, f in full.items():
            m.add_hint(f, size[si] == sess[si].seats)
        for si, mx in mixed.items():
            m.add_hint(mx, size[si] == sess[si].seats and {"F", "M"} <= sexes[si])
        for vi, y in ys.items():
            for k, yk in enumerate(y, start=2):
                m.add_hint(yk, count[vi] >= k)
        on_panel: dict[int, list[int]] = defaultdict(list)
        for si, vi in chosen:
            on_panel[si].append(vi)
        for (si, k), lv in lang.items():
            spoken = any(k in prob.speaks(si, vi) for vi in on_panel[si])
            m.add_hint(lv, size[si] == sess[si].seats and spoken)

    solver = cp_model.CpSolver()
    prm = solver.parameters
    if deadline is not None:
        # Building the model is part of this group's budget.
        time_limit = min(time_limit, deadline - time.monotonic())
    prm.max_time_in_seconds = max(0.2, time_limit)
    prm.random_seed = seed
    prm.num_workers = max(1, workers)
    big = len(x) > PRESOLVE_MAX_PAIRS
    if big:
        # Measured on a 390k-variable region of the tenfold instance (2 cores): the default
        # 8-worker portfolio used 6.5 GB and its bound had not converged after 35 s; one
        # max_lp worker plus interleaved LNS reaches a 1.2% gap in 30 s in 2 GB.
        prm.num_workers = min(prm.num_workers, 2)
        prm.subsolvers.append("max_lp")
    if gap_limit:
        prm.relative_gap_limit = gap_limit
    if big:
        # Measured on a 390k-variable region: presolve took 36 s and removed almost nothing
        # (the model is already tight); skipping it starts the search at once.
        prm.cp_model_presolve = False
    status = solver.solve(m)
    name = solver.status_name(status)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return ComponentResult(list(hint or []), float("nan"), float("nan"), name, solver.wall_time)
    sol = np.asarray(solver.response_proto.solution, dtype=np.int8)
    triples = []
    for p, xv in x.items():
        if sol[xv.index]:
            c = p in ch and bool(sol[ch[p].index])
            triples.append((int(pairs.ses[p]), int(pairs.vol[p]), c))
    return ComponentResult(
        triples, solver.objective_value, solver.best_objective_bound, name, solver.wall_time
    )
