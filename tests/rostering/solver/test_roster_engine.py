"""solve(), greedy(), explanations, re-rostering and suggest_cover()."""

import copy
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rostering.solver import check_assignments, engine, greedy, score, solve, suggest_cover
from rostering.solver.greedy import to_solution
from rostering.solver.instance import slot_label
from rostering.solver.problem import value
from rostering.solver.revisit import revisit

from .helpers import small, tiny


def test_tiny_is_solved_optimally():
    inst = tiny()
    out = solve(inst, time_limit=5, workers=2)
    m = score(inst, out)
    assert m["valid"], m["errors"]
    assert m["complete"] == 2
    assert m["mixed"] == 2
    assert out["stats"]["gap"] <= 1e-6


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 10_000),
    model=st.sampled_from(["regional", "national"]),
    n_fixed=st.integers(0, 4),
    n_vol=st.integers(10, 50),
    n_ses=st.integers(1, 14),
)
def test_engine_solutions_are_valid_and_keep_fixed(seed, model, n_fixed, n_vol, n_ses):
    inst = small(seed, model, n_volunteers=n_vol, n_sessions=n_ses)
    # Fix a few of the baseline's placements: a lawful set the engine must keep.
    base = greedy(inst)["assignments"]
    fixed = base[:n_fixed]
    by_session = {s["id"]: s for s in inst["sessions"]}
    for a in fixed:
        by_session[a["session"]].setdefault("fixed", []).append(
            {"volunteer": a["volunteer"], "chair": a["chair"]}
        )
    out = solve(inst, time_limit=1, workers=2, seed=seed)
    m = score(inst, out)
    assert m["valid"], m["errors"]
    placed = {(a["session"], a["volunteer"], a["chair"]) for a in out["assignments"]}
    for a in fixed:
        assert (a["session"], a["volunteer"], a["chair"]) in placed


def test_engine_never_worse_than_greedy():
    for seed in range(4):
        for model in ("regional", "national"):
            inst = small(seed, model, n_volunteers=150, n_sessions=40)
            g = score(inst, greedy(inst))
            e = score(inst, solve(inst, time_limit=2, workers=2))
            assert g["valid"]
            assert e["valid"]
            assert e["objective"] >= g["objective"] - 1e-6, (seed, model)


def test_every_incomplete_or_single_sex_panel_is_explained():
    inst = small(3, n_volunteers=40, n_sessions=20)
    out = solve(inst, time_limit=2, workers=2)
    vols = {v["id"]: v for v in inst["volunteers"]}
    panels = {}
    for a in out["assignments"]:
        panels.setdefault(a["session"], []).append(a)
    explained = {e["session"]: e["text"] for e in out["explanations"]}
    sessions = {s["id"]: s for s in inst["sessions"]}
    for sid, s in sessions.items():
        members = panels.get(sid, [])
        complete = len(members) == s["seats"] and sum(a["chair"] for a in members) == 1
        sexes = {vols[a["volunteer"]]["sex"] for a in members}
        if not complete or not {"F", "M"} <= sexes:
            assert sid in explained
            assert slot_label(f"{s['date']}/{s['half']}") in explained[sid]
    assert any("Incomplete panel" in t for t in explained.values())


def test_explanation_names_missing_chair():
    inst = tiny()
    for v in inst["volunteers"]:
        v["can_chair"] = False
    out = solve(inst, time_limit=2, workers=2)
    texts = [e["text"] for e in out["explanations"]]
    assert len(texts) == 2
    assert "no chair-qualified member who offered that half-day can sit here" in texts[0]
    assert "4 January AM" in texts[0]


def test_single_sex_panel_is_explained():
    inst = tiny()
    for v in inst["volunteers"]:
        v["sex"] = "F"
    out = solve(inst, time_limit=2, workers=2)
    texts = [e["text"] for e in out["explanations"]]
    assert texts
    assert all("All-female panel" in t and "mixed panel was not possible" in t for t in texts)


def test_rerostering_moves_little():
    inst = small(5, n_volunteers=120, n_sessions=30)
    first = solve(inst, time_limit=2, workers=2)
    inst2 = copy.deepcopy(inst)
    inst2["previous"] = [dict(a) for a in first["assignments"]]
    # One member withdraws: no longer available at all.
    gone = first["assignments"][0]["volunteer"]
    n_gone = sum(a["volunteer"] == gone for a in first["assignments"])
    for v in inst2["volunteers"]:
        if v["id"] == gone:
            v["available"] = []
    second = solve(inst2, time_limit=2, workers=2)
    m = score(inst2, second)
    assert m["valid"]
    assert m["moved"] <= n_gone + 2


def test_suggest_cover_ranks_lawful_substitutes_on_a_national_month():
    # How fast it is on this size is measured by the benchmark (benchmarks/roster/run.py).
    inst = small(7, n_volunteers=2400, n_sessions=730)
    inst["period"]["end"] = inst["period"]["end"]
    rota = greedy(inst)["assignments"]
    # The chair of a complete panel withdraws.
    sizes = {}
    for a in rota:
        sizes[a["session"]] = sizes.get(a["session"], 0) + 1
    gone = next(a for a in rota if a["chair"] and sizes[a["session"]] == 3)
    rest = [a for a in rota if a is not gone]
    best = suggest_cover(inst, gone["session"], 5, assignments=rest)
    assert best, "the generated instance has cover for this session"
    assert best[0]["chair_ok"]
    assert "completes the panel" in best[0]["reasons"]
    assert [b["gain"] for b in best] == sorted((b["gain"] for b in best), reverse=True)
    for b in best:
        trial = [
            *rest,
            {"session": gone["session"], "volunteer": b["volunteer"], "chair": b["chair_ok"]},
        ]
        assert check_assignments(inst, trial) == []


def test_suggest_cover_uses_previous_by_default():
    inst = tiny()
    inst["previous"] = [
        {"session": "S1", "volunteer": "V1", "chair": True},
        {"session": "S1", "volunteer": "V3", "chair": False},
    ]
    best = suggest_cover(inst, "S1", 3)
    assert best[0]["volunteer"] in {"V2", "V4"}  # a man makes the panel mixed
    assert all(b["volunteer"] not in {"V1", "V3"} for b in best)


def test_oversized_component_split_by_region_stays_valid(monkeypatch):

    monkeypatch.setattr(engine, "SPLIT_PAIRS", 50)
    monkeypatch.setattr(engine, "WHOLE_MAX_PAIRS", 0)
    inst = small(11, "national", n_volunteers=200, n_sessions=40)
    base = greedy(inst)["assignments"]
    by_session = {s["id"]: s for s in inst["sessions"]}
    for a in base[:6]:
        by_session[a["session"]].setdefault("fixed", []).append(
            {"volunteer": a["volunteer"], "chair": a["chair"]}
        )
    out = solve(inst, time_limit=3, workers=2)
    m = score(inst, out)
    assert m["valid"], m["errors"]
    assert m["objective"] >= score(inst, greedy(inst))["objective"] - 1e-6
    # Solved in parts, never whole: the bound is the Lagrangian one, still a bound.
    assert out["stats"]["split"]
    assert out["stats"]["bound"] >= m["objective"] - 1e-6


def test_split_component_re_solved_whole_has_a_bound(monkeypatch):

    monkeypatch.setattr(engine, "SPLIT_PAIRS", 50)
    inst = small(12, "national", n_volunteers=200, n_sessions=40)
    out = solve(inst, time_limit=3, workers=2)
    assert out["stats"]["split"]
    assert out["stats"]["bound"] is not None
    m = score(inst, out)
    assert m["valid"], m["errors"]
    assert out["stats"]["bound"] >= m["objective"] - 1


def test_revisit_improves_a_group_left_feasible_and_keeps_it_lawful():

    inst = small(11, n_volunteers=80, n_sessions=20)
    t0 = time.monotonic()
    run = engine._prepare(
        inst,
        t0=t0,
        time_limit=60,
        seed=0,
        workers=2,
        say=lambda _m, _f: None,
        plain=False,
        gap_limit=0.0,
        fixed_checked=False,
    )
    hint, _ = engine._construct(run)
    plan = engine._plan(run, hint, {})
    outcome = engine._Outcome(comp_bound={}, triples=list(hint))
    # As if CP-SAT had stopped at the construction in every group.
    outcome.open = {i: 1e9 for i in range(len(plan.groups)) if plan.groups[i]}
    before = value(run.prob, outcome.triples)
    revisit(run, plan, outcome, time.monotonic() + 30)
    assert value(run.prob, outcome.triples) >= before
    assert check_assignments(inst, to_solution(run.prob, outcome.triples)) == []
    assert any(k.startswith("again") for k in outcome.statuses)
