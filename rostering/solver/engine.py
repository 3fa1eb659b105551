"""solve(): greedy construction, then CP-SAT improvement on each independent group."""

from __future__ import annotations

import os
import time
from collections.abc import Callable

from .bound import component_bounds
from .cpsat import solve_component
from .explain import explain
from .greedy import greedy_assign, to_solution
from .instance import SOLUTION_SCHEMA, InstanceError, parse_instance
from .problem import build_problem, components, value
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
    t0 = time.monotonic()
    workers = workers or default_workers()
    say = progress or (lambda _msg, _frac: None)
    inst = parse_instance(instance)
    _validate_fixed(instance)
    prob = build_problem(inst)
    say(f"{len(prob.pairs)} eligible pairs", 0.02)
    comps = components(prob)
    comp_of: dict[int, int] = {si: ci for ci, (g, _) in enumerate(comps) for si in g}

    def size(g: list[int]) -> int:
        return int(sum(prob.ses_start[s + 1] - prob.ses_start[s] for s in g))

    def by_comp(triples: list) -> dict[int, list]:
        out: dict[int, list] = {}
        for t in triples:
            out.setdefault(comp_of[t[0]], []).append(t)
        return out

    # The construction: the clerk's roster, and (for the engine) one that completes panels
    # first, whichever is better in each component.
    comp_hint = by_comp(greedy_assign(prob))
    comp_value = {ci: value(prob, comp_hint.get(ci, [])) for ci in range(len(comps))}
    if not plain:
        for ci, mine in by_comp(greedy_assign(prob, complete_first=True)).items():
            v = value(prob, mine)
            if v > comp_value[ci]:
                comp_hint[ci], comp_value[ci] = mine, v
    hint = [t for ci in sorted(comp_hint) for t in comp_hint[ci]]
    t_greedy = time.monotonic() - t0
    say("construction done", 0.05)

    # A quick Lagrangian bound per component (bound.py): valid whatever the engine does next,
    # and it shows where the construction is far from the best possible, which is where the
    # CP-SAT time goes (on the tenfold regional instance one scarce region holds most of it).
    comp_bound: dict[int, float] = {}
    if not plain:
        found = component_bounds(
            prob,
            comps,
            deadline=t0 + time_limit * BOUND_SHARE,
            targets={ci: float(v) for ci, v in comp_value.items()},
            max_iterations=BOUND_ITERATIONS,
        )
        comp_bound = {ci: b for ci, (b, _) in found.items()}
        say("bounds done", 0.08)
    comp_gap = {ci: max(0.0, b - comp_value[ci]) for ci, b in comp_bound.items()}

    groups: list[list[int]] = []
    is_part: list[bool] = []
    wholes: list[list[int]] = []  # split components small enough to re-solve whole
    split = False
    if plain:
        groups = [list(range(len(inst.sessions)))]
        is_part = [False]
    else:
        for g, _ in comps:
            parts: dict[object, list[int]] = {}
            if size(g) > SPLIT_PAIRS:
                # Too big to solve well (or at all) as one model: the national month is one
                # 32k-pair component, the tenfold national one of 3 million pairs. Solve it in
                # parts, each continuing the load and calendar of members placed before it;
                # by region, and by region and week when it is huge (to stay near 1 GB).
                for si in g:
                    ses = inst.sessions[si]
                    region = inst.centres[ses.centre].region
                    key = (
                        (region, ses.date.isocalendar()[1])
                        if size(g) > WEEK_SPLIT_PAIRS
                        else region
                    )
                    parts.setdefault(key, []).append(si)
            if len(parts) > 1:
                split = True
                groups.extend(parts.values())
                is_part.extend([True] * len(parts))
                if size(g) <= WHOLE_MAX_PAIRS:
                    wholes.append(g)
            else:
                groups.append(g)
                is_part.append(False)
    sizes = [size(g) for g in groups]
    total_size = max(1, sum(sizes))
    total_gap = sum(comp_gap.values())

    def weight(i: int) -> float:
        share = sizes[i] / total_size
        if not total_gap or not groups[i]:
            return share
        ci = comp_of[groups[i][0]]
        gap = comp_gap.get(ci, 0.0) * sizes[i] / max(1, size(comps[ci][0]))
        return SIZE_WEIGHT * share + (1 - SIZE_WEIGHT) * gap / total_gap

    weights = [weight(i) for i in range(len(groups))]
    order = sorted((i for i in range(len(groups)) if sizes[i]), key=lambda i: weights[i])
    session_group = {s: i for i, g in enumerate(groups) for s in g}
    hints: list[list] = [[] for _ in groups]
    for t in hint:
        hints[session_group[t[0]]].append(t)

    triples: list[tuple[int, int, bool]] = []
    plain_bound = float("inf")
    statuses: dict[str, int] = {}
    left_weight = sum(weights[i] for i in order)
    end = t0 + time_limit * (1 - RESERVE_FRACTION)
    whole_size = sum(size(g) for g in wholes)
    # Parts first; then each split component whole, hinted with its parts' roster, to improve
    # it across part boundaries and to get a valid upper bound for it.
    deadline = end - (end - time.monotonic()) * WHOLE_SHARE * whole_size / total_size
    taken: dict[int, tuple[int, set[str]]] = {}
    fixed_slots: dict[int, dict[int, str]] = {}
    for si, s in enumerate(inst.sessions):
        for vi, _ in s.fixed:
            fixed_slots.setdefault(si, {})[vi] = s.slot
    for n, i in enumerate(order):
        ci = comp_of[groups[i][0]]
        if not is_part[i] and comp_gap.get(ci, float("inf")) < 1:
            # The construction meets the bound: it is optimal, nothing to search.
            triples.extend(hints[i])
            left_weight -= weights[i]
            statuses["optimal (bound)"] = statuses.get("optimal (bound)", 0) + 1
            continue
        # Loading a model into CP-SAT takes about 1 s per 40k pairs before any search.
        floor = 0.1 + sizes[i] / 40_000
        budget = max(floor, (deadline - time.monotonic()) * weights[i] / max(1e-12, left_weight))
        prior = None
        if is_part[i]:
            # What earlier groups took, plus fixed placements still to come elsewhere.
            prior = {vi: (c, set(sl)) for vi, (c, sl) in taken.items()}
            mine = set(groups[i])
            for j in order[n + 1 :]:
                for si in groups[j]:
                    if si in mine:
                        continue
                    for vi, slot in fixed_slots.get(si, {}).items():
                        c, sl = prior.get(vi, (0, set()))
                        prior[vi] = (c + 1, sl | {slot})
            # A hint that respects what the earlier groups took, so it is a lawful fallback.
            candidates = [
                greedy_assign(prob, groups[i], prior),
                greedy_assign(prob, groups[i], prior, complete_first=True),
            ]
            hints[i] = max(candidates, key=lambda c: value(prob, c))
        res = solve_component(
            prob,
            groups[i],
            time_limit=budget,
            seed=seed,
            workers=workers,
            # Measured on the national month: with the clerk's roster as a hint CP-SAT stays near
            # it (0.6% below optimal after 60 s); without, it proves optimality in 41 s. The
            # hint pays on big groups (the national month is one 32k-pair group: 830k with the
            # hint, 768k without), where finding good solutions at all is the hard part.
            hint=hints[i] if not plain and (is_part[i] or sizes[i] > HINT_MIN_PAIRS) else None,
            gap_limit=0.0 if plain else gap_limit,
            prior=prior,
            deadline=time.monotonic() + budget,
        )
        left_weight -= weights[i]
        if res.objective == res.objective:
            new = res.triples
            if plain:
                plain_bound = res.bound
            elif not is_part[i]:
                comp_bound[ci] = min(comp_bound.get(ci, float("inf")), res.bound)
            if not (is_part[i] or plain) and value(prob, hints[i]) > res.objective:
                # CP-SAT ran without the hint and fell short of the construction in time.
                new = hints[i]
        else:
            # NaN: no solution in time; keep the (lawful) construction.
            new = hints[i]
        triples.extend(new)
        if is_part[i]:
            for si, vi, _ in new:
                c, sl = taken.get(vi, (0, set()))
                taken[vi] = (c + 1, sl | {inst.sessions[si].slot})
        statuses[res.status] = statuses.get(res.status, 0) + 1
        say(f"group {n + 1}/{len(order)} {res.status}", 0.08 + 0.87 * (n + 1) / len(order))

    for g in wholes:
        ci = comp_of[g[0]]
        members = set(g)
        mine = [t for t in triples if t[0] in members]
        rest = [t for t in triples if t[0] not in members]
        left = end - time.monotonic()
        res = solve_component(
            prob,
            g,
            time_limit=left * size(g) / max(1, whole_size),
            seed=seed,
            workers=workers,
            hint=mine,
            deadline=time.monotonic() + left * size(g) / max(1, whole_size),
        )
        whole_size -= size(g)
        if res.objective == res.objective:
            comp_bound[ci] = min(comp_bound.get(ci, float("inf")), res.bound)
            if res.objective >= value(prob, mine):
                triples = rest + res.triples
        statuses[res.status] = statuses.get(res.status, 0) + 1
        say(f"whole component {res.status}", 0.95)

    assignments = to_solution(prob, triples)
    explanations = explain(prob, triples)
    solution = {"schema": SOLUTION_SCHEMA, "assignments": assignments, "explanations": explanations}
    metrics = score(instance, solution)
    # A bound per component (the tighter of Lagrangian and CP-SAT); bounds of the parts of a
    # split component are not bounds of it, so only whole-component ones count.
    if plain:
        bound = plain_bound
    elif all(ci in comp_bound for ci in range(len(comps))):
        bound = sum(comp_bound.values())
    else:
        bound = float("inf")
    bound_units = prob.to_units(bound) if bound < float("inf") else float("nan")
    objective = metrics["objective"]
    solution["stats"] = {
        "objective": objective,
        "bound": round(bound_units, 3) if bound_units == bound_units else None,
        "split": split,
        "gap": round((bound_units - objective) / abs(bound_units), 6)
        if bound_units == bound_units and bound_units
        else None,
        "wall_time": round(time.monotonic() - t0, 3),
        "greedy_time": round(t_greedy, 3),
        "pairs": len(prob.pairs),
        "groups": len(order),
        "status": statuses,
        "workers": workers,
        "seed": seed,
        "valid": metrics["valid"],
    }
    say("done", 1.0)
    return solution
