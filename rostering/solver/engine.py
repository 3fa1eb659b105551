"""solve(): greedy construction, then CP-SAT improvement on each independent group.

The phases, in order: prepare (parse, check fixed, components), construct, bound, plan
(groups and their share of the time), improve (CP-SAT per group, then split components
whole, then time left over to groups left feasible: revisit.py), assemble (solution,
explanations, score and stats).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from .bound import component_bounds
from .cpsat import solve_component
from .explain import explain
from .greedy import greedy_assign, to_solution
from .instance import SOLUTION_SCHEMA, InstanceError, parse_instance
from .problem import Problem, build_problem, components, value
from .revisit import revisit
from .score import check_assignments, score

# Time kept back from the CP-SAT budget for explanations and output.
RESERVE_FRACTION = 0.04
# Groups with more eligible pairs than this get the greedy construction as a hint.
HINT_MIN_PAIRS = 10_000
# Components with more eligible pairs than this are solved in parts (by region)...
SPLIT_PAIRS = 20_000
# ... by region and week above this ...
WEEK_SPLIT_PAIRS = 600_000
# ... and then re-solved whole, hinted with the parts' roster, up to this size,
WHOLE_MAX_PAIRS = 200_000
# with this share of their time.
WHOLE_SHARE = 0.4
# Share of the time limit for the quick Lagrangian bounds, and their iteration cap (300
# iterations put each tenfold region's bound within about 0.5%, and the scarce one's within
# 25%, in 22 s in all, which is enough to see where the search time should go).
BOUND_SHARE = 0.1
BOUND_ITERATIONS = 300
# CP-SAT time goes to groups by this mix of their size and their component's gap to its bound.
SIZE_WEIGHT = 0.25


def default_workers() -> int:
    """CP-SAT workers: at least 8 even on a 2-core machine.

    Measured here: with 2 workers CP-SAT runs too few subsolvers and its bound barely moves
    (gap 7-24% after 30 s on a region); with 8 the LP-based workers (max_lp_sym,
    reduced_costs) close the same regions to optimality in about 5 s.
    """
    return max(8, os.cpu_count() or 1)


def _validate_fixed(instance: dict) -> None:
    fixed = [
        {"session": s["id"], "volunteer": f["volunteer"], "chair": bool(f.get("chair", False))}
        for s in instance["sessions"]
        for f in s.get("fixed", [])
    ]
    if fixed:
        broken = check_assignments(instance, fixed)
        if broken:
            more = f" (and {len(broken) - 5} more)" if len(broken) > 5 else ""
            raise InstanceError(
                "fixed assignments break hard rules: " + "; ".join(map(str, broken[:5])) + more
            )


@dataclass
class _Run:
    """What every phase of one solve() shares: the problem, its components and the settings."""

    instance: dict
    prob: Problem
    comps: list
    comp_of: dict[int, int]
    t0: float
    time_limit: float
    seed: int
    workers: int
    plain: bool
    gap_limit: float
    say: Callable[[str, float], None]

    @property
    def inst(self):
        return self.prob.inst

    def size(self, g: list[int]) -> int:
        """Eligible pairs of a group of sessions."""
        return int(sum(self.prob.ses_start[s + 1] - self.prob.ses_start[s] for s in g))

    def by_comp(self, triples: list) -> dict[int, list]:
        out: dict[int, list] = {}
        for t in triples:
            out.setdefault(self.comp_of[t[0]], []).append(t)
        return out


@dataclass
class _Plan:
    """The groups CP-SAT solves, in order, with their share of the time and their hints."""

    groups: list[list[int]]
    is_part: list[bool]
    wholes: list[list[int]]  # split components small enough to re-solve whole
    split: bool
    sizes: list[int] = field(default_factory=list)
    weights: list[float] = field(default_factory=list)
    order: list[int] = field(default_factory=list)
    hints: list[list] = field(default_factory=list)


@dataclass
class _Outcome:
    """The roster found so far, CP-SAT's statuses, and the upper bounds known."""

    comp_bound: dict[int, float]
    triples: list = field(default_factory=list)
    statuses: dict[str, int] = field(default_factory=dict)
    plain_bound: float = float("inf")
    last_status: str = ""
    open: dict[int, float] = field(default_factory=dict)  # group -> gap, left feasible

    def count(self, status: str) -> None:
        self.statuses[status] = self.statuses.get(status, 0) + 1


def solve(
    instance: dict,
    *,
    time_limit: float = 30,
    seed: int = 0,
    workers: int | None = None,
    progress: Callable[[str, float], None] | None = None,
    plain: bool = False,
    gap_limit: float = 0.0,
) -> dict:
    """Roster an instance; returns a panel-roster-solution/1 dict with stats.

    ``plain=True`` is the benchmark reference: one CP-SAT model, no decomposition, no hint.
    """
    solution, _ = solve_scored(
        instance,
        time_limit=time_limit,
        seed=seed,
        workers=workers,
        progress=progress,
        plain=plain,
        gap_limit=gap_limit,
    )
    return solution


def solve_scored(
    instance: dict,
    *,
    time_limit: float = 30,
    seed: int = 0,
    workers: int | None = None,
    progress: Callable[[str, float], None] | None = None,
    plain: bool = False,
    gap_limit: float = 0.0,
    fixed_checked: bool = False,
) -> tuple[dict, dict]:
    """solve(), and the solution's score (score.score) computed once along the way.

    ``fixed_checked=True`` skips the check of the `fixed` assignments, for a caller that has
    already checked them against every hard rule (rostering.instances.build_instance does).
    """
    t0 = time.monotonic()
    run = _prepare(
        instance,
        t0=t0,
        time_limit=time_limit,
        seed=seed,
        workers=workers or default_workers(),
        say=progress or (lambda _msg, _frac: None),
        plain=plain,
        gap_limit=gap_limit,
        fixed_checked=fixed_checked,
    )
    hint, comp_value = _construct(run)
    t_greedy = time.monotonic() - t0
    run.say("construction done", 0.05)
    comp_bound = _bound(run, comp_value)
    comp_gap = {ci: max(0.0, b - comp_value[ci]) for ci, b in comp_bound.items()}
    plan = _plan(run, hint, comp_gap)
    outcome = _Outcome(comp_bound=comp_bound)
    end = t0 + time_limit * (1 - RESERVE_FRACTION)
    _improve_groups(run, plan, outcome, comp_gap, end)
    _improve_wholes(run, plan, outcome, end)
    if not plain:
        revisit(run, plan, outcome, end)
    return _assemble(run, plan, outcome, t_greedy)


def _prepare(instance: dict, *, t0: float, fixed_checked: bool, **settings) -> _Run:
    """Parse and check the instance; build the eligible pairs and their components."""
    inst = parse_instance(instance)
    if not fixed_checked:
        _validate_fixed(instance)
    prob = build_problem(inst)
    settings["say"](f"{len(prob.pairs)} eligible pairs", 0.02)
    comps = components(prob)
    comp_of: dict[int, int] = {si: ci for ci, (g, _) in enumerate(comps) for si in g}
    return _Run(instance=instance, prob=prob, comps=comps, comp_of=comp_of, t0=t0, **settings)


def _construct(run: _Run) -> tuple[list, dict[int, float]]:
    """The clerk's roster and (for the engine) one that completes panels first, whichever
    is better in each component; returns the roster and each component's value."""
    prob = run.prob
    comp_hint = run.by_comp(greedy_assign(prob))
    comp_value = {ci: value(prob, comp_hint.get(ci, [])) for ci in range(len(run.comps))}
    if not run.plain:
        for ci, mine in run.by_comp(greedy_assign(prob, complete_first=True)).items():
            v = value(prob, mine)
            if v > comp_value[ci]:
                comp_hint[ci], comp_value[ci] = mine, v
    hint = [t for ci in sorted(comp_hint) for t in comp_hint[ci]]
    return hint, comp_value


def _bound(run: _Run, comp_value: dict[int, float]) -> dict[int, float]:
    """A quick Lagrangian bound per component (bound.py).

    Valid whatever the engine does next, and it shows where the construction is far from the
    best possible, which is where the CP-SAT time goes (on the tenfold regional instance one
    scarce region holds most of it).
    """
    if run.plain:
        return {}
    found = component_bounds(
        run.prob,
        run.comps,
        deadline=run.t0 + run.time_limit * BOUND_SHARE,
        targets={ci: float(v) for ci, v in comp_value.items()},
        max_iterations=BOUND_ITERATIONS,
    )
    run.say("bounds done", 0.08)
    return {ci: b for ci, (b, _) in found.items()}


def _split(run: _Run, g: list[int]) -> dict[object, list[int]]:
    """The parts of an oversized component: by region, or by region and week when huge."""
    # Too big to solve well (or at all) as one model: the national month is one 32k-pair
    # component, the tenfold national one of 3 million pairs. Solve it in parts, each
    # continuing the load and calendar of members placed before it; by region, and by
    # region and week when it is huge (to stay near 1 GB).
    parts: dict[object, list[int]] = {}
    if run.size(g) <= SPLIT_PAIRS:
        return parts
    for si in g:
        ses = run.inst.sessions[si]
        region = run.inst.centres[ses.centre].region
        key = (region, ses.date.isocalendar()[1]) if run.size(g) > WEEK_SPLIT_PAIRS else region
        parts.setdefault(key, []).append(si)
    return parts


def _plan(run: _Run, hint: list, comp_gap: dict[int, float]) -> _Plan:
    """The groups to solve, their order and weights (size and gap), and each one's hint."""
    if run.plain:
        plan = _Plan(
            groups=[list(range(len(run.inst.sessions)))], is_part=[False], wholes=[], split=False
        )
    else:
        plan = _Plan(groups=[], is_part=[], wholes=[], split=False)
        for g, _ in run.comps:
            parts = _split(run, g)
            if len(parts) > 1:
                plan.split = True
                plan.groups.extend(parts.values())
                plan.is_part.extend([True] * len(parts))
                if run.size(g) <= WHOLE_MAX_PAIRS:
                    plan.wholes.append(g)
            else:
                plan.groups.append(g)
                plan.is_part.append(False)
    groups = plan.groups
    plan.sizes = sizes = [run.size(g) for g in groups]
    total_size = max(1, sum(sizes))
    total_gap = sum(comp_gap.values())

    def weight(i: int) -> float:
        share = sizes[i] / total_size
        if not total_gap or not groups[i]:
            return share
        ci = run.comp_of[groups[i][0]]
        gap = comp_gap.get(ci, 0.0) * sizes[i] / max(1, run.size(run.comps[ci][0]))
        return SIZE_WEIGHT * share + (1 - SIZE_WEIGHT) * gap / total_gap

    plan.weights = [weight(i) for i in range(len(groups))]
    plan.order = sorted((i for i in range(len(groups)) if sizes[i]), key=lambda i: plan.weights[i])
    session_group = {s: i for i, g in enumerate(groups) for s in g}
    plan.hints = [[] for _ in groups]
    for t in hint:
        plan.hints[session_group[t[0]]].append(t)
    return plan


def _improve_groups(
    run: _Run, plan: _Plan, outcome: _Outcome, comp_gap: dict[int, float], end: float
) -> None:
    """CP-SAT on each group in turn, its time shared by weight; parts first-come first-served."""
    prob, total_size = run.prob, max(1, sum(plan.sizes))
    left_weight = sum(plan.weights[i] for i in plan.order)
    whole_size = sum(run.size(g) for g in plan.wholes)
    # Parts first; then each split component whole, hinted with its parts' roster, to improve
    # it across part boundaries and to get a valid upper bound for it.
    deadline = end - (end - time.monotonic()) * WHOLE_SHARE * whole_size / total_size
    taken: dict[int, tuple[int, set[str]]] = {}
    fixed_slots: dict[int, dict[int, str]] = {}
    for si, s in enumerate(run.inst.sessions):
        for vi, _ in s.fixed:
            fixed_slots.setdefault(si, {})[vi] = s.slot
    for n, i in enumerate(plan.order):
        ci = run.comp_of[plan.groups[i][0]]
        part = plan.is_part[i]
        if not part and comp_gap.get(ci, float("inf")) < 1:
            # The construction meets the bound: it is optimal, nothing to search.
            outcome.triples.extend(plan.hints[i])
            left_weight -= plan.weights[i]
            outcome.count("optimal (bound)")
            continue
        # Loading a model into CP-SAT takes about 1 s per 40k pairs before any search.
        floor = 0.1 + plan.sizes[i] / 40_000
        budget = max(
            floor, (deadline - time.monotonic()) * plan.weights[i] / max(1e-12, left_weight)
        )
        prior = None
        if part:
            prior = _prior(plan, n, taken, fixed_slots)
            # A hint that respects what the earlier groups took, so it is a lawful fallback.
            candidates = [
                greedy_assign(prob, plan.groups[i], prior),
                greedy_assign(prob, plan.groups[i], prior, complete_first=True),
            ]
            plan.hints[i] = max(candidates, key=lambda c: value(prob, c))
        new = _solve_group(run, plan, outcome, i, budget=budget, prior=prior)
        left_weight -= plan.weights[i]
        outcome.triples.extend(new)
        if part:
            for si, vi, _ in new:
                c, sl = taken.get(vi, (0, set()))
                taken[vi] = (c + 1, sl | {run.inst.sessions[si].slot})
        run.say(
            f"group {n + 1}/{len(plan.order)} {outcome.last_status}",
            0.08 + 0.87 * (n + 1) / len(plan.order),
        )


def _prior(
    plan: _Plan,
    n: int,
    taken: dict[int, tuple[int, set[str]]],
    fixed_slots: dict[int, dict[int, str]],
) -> dict[int, tuple[int, set[str]]]:
    """For the n-th part: what earlier groups took, plus fixed placements still to come."""
    prior = {vi: (c, set(sl)) for vi, (c, sl) in taken.items()}
    mine = set(plan.groups[plan.order[n]])
    for j in plan.order[n + 1 :]:
        for si in plan.groups[j]:
            if si in mine:
                continue
            for vi, slot in fixed_slots.get(si, {}).items():
                c, sl = prior.get(vi, (0, set()))
                prior[vi] = (c + 1, sl | {slot})
    return prior


def _solve_group(
    run: _Run, plan: _Plan, outcome: _Outcome, i: int, *, budget: float, prior
) -> list[tuple[int, int, bool]]:
    """One group through CP-SAT; its roster, or the (lawful) hint where CP-SAT falls short."""
    part, hint = plan.is_part[i], plan.hints[i]
    res = solve_component(
        run.prob,
        plan.groups[i],
        time_limit=budget,
        seed=run.seed,
        workers=run.workers,
        # Measured on the national month: with the clerk's roster as a hint CP-SAT stays near
        # it (0.6% below optimal after 60 s); without, it proves optimality in 41 s. The
        # hint pays on big groups (the national month is one 32k-pair group: 830k with the
        # hint, 768k without), where finding good solutions at all is the hard part.
        hint=hint if not run.plain and (part or plan.sizes[i] > HINT_MIN_PAIRS) else None,
        gap_limit=0.0 if run.plain else run.gap_limit,
        prior=prior,
        deadline=time.monotonic() + budget,
    )
    outcome.count(res.status)
    outcome.last_status = res.status
    if res.objective != res.objective:
        # NaN: no solution in time; keep the (lawful) construction.
        return hint
    if run.plain:
        outcome.plain_bound = res.bound
    elif not part:
        ci = run.comp_of[plan.groups[i][0]]
        outcome.comp_bound[ci] = min(outcome.comp_bound.get(ci, float("inf")), res.bound)
    best = res.triples
    if not (part or run.plain) and value(run.prob, hint) > res.objective:
        # CP-SAT ran without the hint and fell short of the construction in time.
        best = hint
    if not (part or run.plain) and res.status == "FEASIBLE":
        outcome.open[i] = res.bound - value(run.prob, best)
    return best


def _improve_wholes(run: _Run, plan: _Plan, outcome: _Outcome, end: float) -> None:
    """Each split component re-solved whole, hinted with its parts' roster."""
    whole_size = sum(run.size(g) for g in plan.wholes)
    for g in plan.wholes:
        ci = run.comp_of[g[0]]
        members = set(g)
        mine = [t for t in outcome.triples if t[0] in members]
        rest = [t for t in outcome.triples if t[0] not in members]
        left = end - time.monotonic()
        res = solve_component(
            run.prob,
            g,
            time_limit=left * run.size(g) / max(1, whole_size),
            seed=run.seed,
            workers=run.workers,
            hint=mine,
            deadline=time.monotonic() + left * run.size(g) / max(1, whole_size),
        )
        whole_size -= run.size(g)
        if res.objective == res.objective:
            outcome.comp_bound[ci] = min(outcome.comp_bound.get(ci, float("inf")), res.bound)
            if res.objective >= value(run.prob, mine):
                outcome.triples = rest + res.triples
        outcome.count(res.status)
        run.say(f"whole component {res.status}", 0.95)


def _assemble(run: _Run, plan: _Plan, outcome: _Outcome, t_greedy: float) -> tuple[dict, dict]:
    """The solution with its explanations and stats, and its score."""
    prob, triples = run.prob, outcome.triples
    assignments = to_solution(prob, triples)
    explanations = explain(prob, triples)
    solution = {"schema": SOLUTION_SCHEMA, "assignments": assignments, "explanations": explanations}
    metrics = score(run.instance, solution)
    # A bound per component (the tighter of Lagrangian and CP-SAT); bounds of the parts of a
    # split component are not bounds of it, so only whole-component ones count.
    if run.plain:
        bound = outcome.plain_bound
    elif all(ci in outcome.comp_bound for ci in range(len(run.comps))):
        bound = sum(outcome.comp_bound.values())
    else:
        bound = float("inf")
    bound_units = prob.to_units(bound) if bound < float("inf") else float("nan")
    known = bound_units == bound_units
    objective = metrics["objective"]
    solution["stats"] = {
        "objective": objective,
        "bound": round(bound_units, 3) if known else None,
        "split": plan.split,
        "gap": round((bound_units - objective) / abs(bound_units), 6)
        if known and bound_units
        else None,
        "wall_time": round(time.monotonic() - run.t0, 3),
        "greedy_time": round(t_greedy, 3),
        "pairs": len(prob.pairs),
        "groups": len(plan.order),
        "status": outcome.statuses,
        "workers": run.workers,
        "seed": run.seed,
        "valid": metrics["valid"],
    }
    run.say("done", 1.0)
    return solution, metrics
