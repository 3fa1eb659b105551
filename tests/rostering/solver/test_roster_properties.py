"""Property tests: every hard rule 1-10 is kept by the engine and caught by its checker.

- The engine's rosters (and the clerk's) never break a rule, on random version-2 instances
  dense in the new rules (weekly limits, history, languages, virtual sessions).
- A lawful roster broken on purpose, one rule at a time, is caught under that rule's name.
- On small random instances and random (mostly unlawful) assignments, the checker finds
  exactly what an independent brute-force checker written here finds.
"""

from __future__ import annotations

import copy
import datetime as dt
import math
import random
from collections import Counter, defaultdict

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rostering.solver import RULES, check_assignments, greedy, parse_instance, score, solve
from rostering.solver.bound import lagrangian_bound
from rostering.solver.cpsat import solve_component
from rostering.solver.greedy import greedy_assign
from rostering.solver.problem import build_problem, components, value

from .helpers import small_v2

SETTINGS = settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def dense_v2(seed: int, model: str, n_vol: int, n_ses: int) -> dict:
    """A generated v2 instance with more of the new rules: weekly limits, history naming
    members who offered the session's half-day, continuity, languages, virtual sessions."""
    inst = small_v2(seed, model, n_volunteers=n_vol, n_sessions=n_ses)
    rng = random.Random(seed)
    for v in inst["volunteers"]:
        if rng.random() < 0.4:
            v["max_per_week"] = rng.choice([0, 1, 1, 2])
        if rng.random() < 0.2:
            v["languages"] = rng.sample(["gd", "bsl"], rng.randint(1, 2))
    offered = defaultdict(list)
    for v in inst["volunteers"]:
        for slot in v["available"]:
            offered[slot].append(v["id"])
    history = list(inst.get("history", []))
    for s in inst["sessions"]:
        pool = offered[f"{s['date']}/{s['half']}"]
        for h in s["hearings"]:
            if pool and rng.random() < 0.5:
                who = rng.sample(pool, min(len(pool), rng.randint(1, 3)))
                history.append({"case": h["case"], "date": "2027-01-15", "volunteers": who})
                h["continuity"] = rng.random() < 0.3
        if rng.random() < 0.3:
            s["languages"] = rng.sample(["gd", "bsl"], 1)
        if rng.random() < 0.2:
            s["virtual"] = True
    inst["history"] = history
    return inst


instances = st.builds(
    dense_v2,
    seed=st.integers(0, 100_000),
    model=st.sampled_from(["regional", "national"]),
    n_vol=st.integers(10, 60),
    n_ses=st.integers(2, 14),
)


@SETTINGS
@given(inst=instances)
def test_the_engine_and_the_clerk_never_break_a_rule(inst):
    for out in (solve(inst, time_limit=2, workers=2), greedy(inst)):
        assert check_assignments(inst, out["assignments"]) == []


# ---- breaking a lawful roster on purpose, one rule at a time --------------------------------


def _week(s: dict) -> tuple[int, int]:
    return tuple(dt.date.fromisoformat(s["date"]).isocalendar()[:2])


def _break(rule: str, inst: dict, rota: list[dict], rng: random.Random):
    """(instance, assignments, session, volunteer) with `rule` broken, or None if this roster
    gives no way to break it."""
    inst, rota = copy.deepcopy(inst), [dict(a) for a in rota]
    vols = {v["id"]: v for v in inst["volunteers"]}
    sess = {s["id"]: s for s in inst["sessions"]}
    if not rota:
        return None
    a = rng.choice(rota)
    s, v = sess[a["session"]], vols[a["volunteer"]]
    if rule == "offered_slot":
        v["available"] = [x for x in v["available"] if x != f"{s['date']}/{s['half']}"]
    elif rule == "travel":
        if s.get("virtual"):
            if inst["model"] != "regional":
                return None  # a virtual session under the national model: no travel rule
            v["region"] = "R-NOWHERE"
        elif rng.random() < 0.5:
            v["max_travel_km"] = 0
        else:
            v["centres"] = []
    elif rule == "conflict":
        h = rng.choice(s["hearings"])
        if rng.random() < 0.5:
            v["conflict_local_authorities"] = [h["local_authority"]]
        else:
            v["conflict_cases"] = [h["case"]]
    elif rule == "seats":
        rota.append(dict(a))
    elif rule == "max_sittings":
        v["max_sittings"] = sum(b["volunteer"] == v["id"] for b in rota) - 1
    elif rule == "one_chair":
        panel = [b for b in rota if b["session"] == s["id"]]
        if len(panel) == s["seats"]:
            for b in panel:
                b["chair"] = False  # a full panel with no chair
            return inst, rota, s["id"], None
        a["chair"], v["can_chair"] = True, False  # an unqualified chair
    elif rule == "one_new_member":
        panel = [b for b in rota if b["session"] == s["id"]]
        if len(panel) < 2:
            return None
        for b in panel[:2]:
            vols[b["volunteer"]]["experienced"] = False
        return inst, rota, s["id"], None
    elif rule == "fixed":
        other = next((x for x in inst["volunteers"] if x["id"] != v["id"]), None)
        if other is None or len(s.get("fixed", [])):
            return None
        s["fixed"] = [{"volunteer": other["id"], "chair": False}]
        if any(b["session"] == s["id"] and b["volunteer"] == other["id"] for b in rota):
            s["fixed"][0]["chair"] = not next(
                b["chair"]
                for b in rota
                if b["session"] == s["id"] and b["volunteer"] == other["id"]
            )
        return inst, rota, s["id"], other["id"]
    elif rule == "impartiality":
        h = rng.choice(s["hearings"])
        h["continuity"] = False
        inst.setdefault("history", []).append(
            {"case": h["case"], "date": "2027-01-15", "volunteers": [v["id"]]}
        )
    elif rule == "weekly_limit":
        n = sum(b["volunteer"] == v["id"] and _week(sess[b["session"]]) == _week(s) for b in rota)
        v["max_per_week"] = n - 1
        return inst, rota, None, v["id"]
    session = None if rule in ("max_sittings",) else s["id"]
    return inst, rota, session, v["id"]


@SETTINGS
@given(inst=instances, rule=st.sampled_from(sorted(RULES)), pick=st.integers(0, 10**6))
def test_a_roster_broken_on_purpose_is_caught_under_the_rule_name(inst, rule, pick):
    rota = greedy(inst)["assignments"]
    made = _break(rule, inst, rota, random.Random(pick))
    if made is None:
        return
    broken_inst, broken_rota, session, volunteer = made
    found = check_assignments(broken_inst, broken_rota)
    assert rule in {v.rule for v in found}, (rule, found)
    mine = [v for v in found if v.rule == rule]
    if volunteer is not None:
        assert any(v.volunteer in (volunteer, None) for v in mine)
    if session is not None:
        assert any(v.session in (session, None) for v in mine)


# ---- an independent brute-force checker ------------------------------------------------------


def _km(a, b) -> float:
    p1, p2 = math.radians(a["lat"]), math.radians(b["lat"])
    dl = math.radians(b["lon"] - a["lon"])
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def brute_force(inst: dict, rota: list[dict]) -> set[tuple]:
    """(rule, session, volunteer) of every broken rule, straight from the contract's words."""
    found: set[tuple] = set()
    V = {v["id"]: v for v in inst["volunteers"]}
    S = {s["id"]: s for s in inst["sessions"]}
    C = {c["id"]: c for c in inst["centres"]}
    earlier = defaultdict(set)
    for h in inst.get("history", []):
        earlier[h["case"]] |= set(h["volunteers"])
    for a in rota:
        s, v = S[a["session"]], V[a["volunteer"]]
        c, key = C[s["centre"]], (a["session"], a["volunteer"])
        if f"{s['date']}/{s['half']}" not in v["available"]:
            found.add(("offered_slot", *key))
        far = _km(v, c) > v["max_travel_km"] + 1e-6
        elsewhere = v.get("centres") is not None and c["id"] not in v["centres"]
        if (not s.get("virtual") and (far or elsewhere)) or (
            inst["model"] == "regional" and v["region"] != c["region"]
        ):
            found.add(("travel", *key))
        for h in s["hearings"]:
            if h["local_authority"] in v["conflict_local_authorities"]:
                found.add(("conflict", *key))
            if h["case"] in v["conflict_cases"]:
                found.add(("conflict", *key))
            if v["id"] in earlier[h["case"]] and not h.get("continuity"):
                found.add(("impartiality", *key))
        if a["chair"] and not v["can_chair"]:
            found.add(("one_chair", *key))
    for vid, v in V.items():
        mine = [S[a["session"]] for a in rota if a["volunteer"] == vid]
        if (
            Counter(f"{s['date']}/{s['half']}" for s in mine).most_common(1)[0:1]
            and max(Counter(f"{s['date']}/{s['half']}" for s in mine).values()) > 1
        ):
            found.add(("offered_slot", None, vid))
        if len(mine) > v["max_sittings"]:
            found.add(("max_sittings", None, vid))
        weeks = Counter(_week(s) for s in mine)
        if v.get("max_per_week") is not None and any(n > v["max_per_week"] for n in weeks.values()):
            found.add(("weekly_limit", None, vid))
    for sid, s in S.items():
        panel = [a for a in rota if a["session"] == sid]
        chairs = sum(a["chair"] for a in panel)
        if len(panel) > s["seats"]:
            found.add(("seats", sid, None))
        if (len(panel) == s["seats"] and chairs != 1) or chairs > 1:
            found.add(("one_chair", sid, None))
        if sum(not V[a["volunteer"]]["experienced"] for a in panel) > 1:
            found.add(("one_new_member", sid, None))
        placed = {a["volunteer"]: a["chair"] for a in panel}
        for f in s.get("fixed", []):
            if placed.get(f["volunteer"]) != f.get("chair", False):
                found.add(("fixed", sid, f["volunteer"]))
    return found


@st.composite
def instance_and_rota(draw):
    inst = draw(
        st.builds(
            dense_v2,
            seed=st.integers(0, 100_000),
            model=st.sampled_from(["regional", "national"]),
            n_vol=st.integers(4, 12),
            n_ses=st.integers(1, 5),
        )
    )
    rng = random.Random(draw(st.integers(0, 10**6)))
    pairs = [(s["id"], v["id"]) for s in inst["sessions"] for v in inst["volunteers"]]
    offered = [
        (s["id"], v["id"])
        for s in inst["sessions"]
        for v in inst["volunteers"]
        if f"{s['date']}/{s['half']}" in v["available"]
    ]
    chosen = set()
    for _ in range(rng.randint(0, 12)):
        chosen.add(rng.choice(offered if offered and rng.random() < 0.8 else pairs))
    rota = [{"session": s, "volunteer": v, "chair": rng.random() < 0.3} for s, v in chosen]
    for s in inst["sessions"]:
        if rng.random() < 0.3:
            v = rng.choice(inst["volunteers"])
            s["fixed"] = [{"volunteer": v["id"], "chair": rng.random() < 0.3}]
    return inst, rota


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=instance_and_rota())
def test_the_checker_agrees_with_a_brute_force_checker(case):
    inst, rota = case
    got = {(v.rule, v.session, v.volunteer) for v in check_assignments(inst, rota)}
    assert got == brute_force(inst, rota)


# ---- the engine's objective and bound against the scorer -------------------------------------


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 100_000),
    model=st.sampled_from(["regional", "national"]),
    n_vol=st.integers(6, 30),
    n_ses=st.integers(1, 6),
)
def test_model_value_matches_the_score_and_the_bound_is_never_below_the_optimum(
    seed, model, n_vol, n_ses
):

    inst = dense_v2(seed, model, n_vol, n_ses)
    prob = build_problem(parse_instance(inst))
    triples = greedy_assign(prob)
    out = greedy(inst)
    # The model's integer objective (local shares, languages, continuity included) is the
    # scorer's, up to the rounding of each distance to 1/scale.
    assert prob.to_units(value(prob, triples)) == pytest.approx(
        score(inst, out)["objective"], abs=0.01 * max(1, len(triples))
    )
    optimum = 0.0
    for sessions, _ in components(prob):
        res = solve_component(prob, sessions, time_limit=60, workers=2)
        assert res.status == "OPTIMAL"
        optimum += res.objective
    bound = lagrangian_bound(prob, time_limit=3600, max_iterations=200)
    assert bound.model_bound >= optimum - 1e-6 * max(1.0, abs(optimum))
