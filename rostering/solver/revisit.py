"""The last improve phase: time left over goes back to groups CP-SAT did not close.

Groups share the CP-SAT time in turn (engine._improve_groups); a group that proves its
optimum early leaves time that only the groups after it can use, so a group solved earlier
may stop at a feasible roster while time is left at the end. Here each such group is solved
again, hinted with its roster, the remaining time shared by its gap to its bound.
"""

from __future__ import annotations

import time

from .cpsat import solve_component
from .problem import value

# Not worth loading a model again for less than this (seconds).
MIN_REVISIT = 1.0


def revisit(run, plan, outcome, end: float) -> None:
    """Solve again the whole components left feasible (outcome.open), largest gap first."""
    prob = run.prob
    gaps = {i: g for i, g in outcome.open.items() if g >= 1}
    total = sum(gaps.values())
    for i in sorted(gaps, key=gaps.get, reverse=True):
        left = end - time.monotonic()
        if left < MIN_REVISIT:
            break
        budget = max(MIN_REVISIT, left * gaps[i] / max(1e-12, total))
        total -= gaps[i]
        group = set(plan.groups[i])
        mine = [t for t in outcome.triples if t[0] in group]
        rest = [t for t in outcome.triples if t[0] not in group]
        res = solve_component(
            prob,
            plan.groups[i],
            time_limit=budget,
            seed=run.seed + 1,
            workers=run.workers,
            hint=mine,
            gap_limit=run.gap_limit,
            deadline=time.monotonic() + budget,
        )
        outcome.count(f"again {res.status}")
        if res.objective != res.objective:
            continue  # NaN: nothing found in time; keep the roster
        ci = run.comp_of[plan.groups[i][0]]
        outcome.comp_bound[ci] = min(outcome.comp_bound.get(ci, float("inf")), res.bound)
        if res.objective > value(prob, mine):
            outcome.triples = rest + res.triples
        run.say(f"group {i} again {res.status}", 0.96)
