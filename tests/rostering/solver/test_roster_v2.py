"""Version 2 (panel-roster/2): the new fields, rules 2, 3 (changed), 9 and 10, the new scoring,
and the engine, cover and explanations applying them."""

import copy

import pytest

from rostering.solver import (
    InstanceError,
    check_assignments,
    greedy,
    parse_instance,
    score,
    solve,
    suggest_cover,
)
from rostering.solver.bound import lagrangian_bound
from rostering.solver.cpsat import solve_component
from rostering.solver.problem import build_problem, components

from .helpers import small_v2, tiny, tiny_v2, vol


def A(s, v, chair=False):
    return {"session": s, "volunteer": v, "chair": chair}


GOOD = [A("S1", "V1", True), A("S1", "V2"), A("S1", "V3"), A("S2", "V4", True), A("S2", "V5")]


def sol(assignments):
    return {"schema": "panel-roster-solution/1", "assignments": assignments}


def rules(inst, assignments):
    return [(v.rule, v.session, v.volunteer) for v in check_assignments(inst, assignments)]


def test_v2_parses_the_new_fields():
    inst = tiny_v2()
    inst["volunteers"][0].update(languages=["gd"], max_per_week=1)
    inst["sessions"][0].update(virtual=True, languages=["gd", "bsl"])
    inst["sessions"][0]["hearings"][1]["continuity"] = True
    inst["history"] = [
        {"case": "K3", "date": "2026-12-01", "volunteers": ["V1", "V2", "V99"]},
        {"case": "K3", "date": "2026-11-01", "volunteers": ["V4"]},
    ]
    p = parse_instance(inst)
    s = p.sessions[0]
    assert p.version == 2
    assert s.virtual
    assert s.languages == ("gd", "bsl")
    assert s.cases == ("K1", "K3")
    assert s.councils == ("S12000036", "S12000049")
    assert s.continuity == ("K3",)
    assert p.volunteers[0].languages == {"gd"}
    assert p.volunteers[0].max_per_week == 1
    # Impartiality counts every earlier hearing; continuity the latest panel (unknown ids dropped).
    assert p.barred["K3"] == {0, 1, 3}
    assert p.last_panel["K3"] == {0, 1}


def test_a_v1_file_ignores_v2_fields():
    inst = tiny()
    inst["volunteers"][0]["max_per_week"] = 0
    inst["sessions"][0]["virtual"] = True
    p = parse_instance(inst)
    assert p.version == 1
    assert p.volunteers[0].max_per_week is None
    assert not p.sessions[0].virtual


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d["sessions"][0].update(hearings=[]), "hearings must be a non-empty list"),
        (lambda d: d["sessions"][0]["hearings"][0].pop("case"), "hearings[0].case"),
        (lambda d: d["sessions"][0].update(virtual="yes"), "S1.virtual must be true or false"),
        (lambda d: d["volunteers"][0].update(max_per_week=-1), "max_per_week must be at least"),
        (lambda d: d.update(history=[{"case": "K1", "volunteers": []}]), "missing 'date'"),
    ],
)
def test_v2_malformed(mutate, message):

    data = tiny_v2()
    mutate(data)
    with pytest.raises(InstanceError, match=message.replace("[", r"\[").replace("]", r"\]")):
        parse_instance(data)


def test_rule2_virtual_ignores_travel_and_centres_but_not_region():
    inst = tiny_v2()
    inst["volunteers"][1].update(lat=57.5, lon=-4.2, centres=["C002"])  # Inverness, far
    assert {r for r, _, _ in rules(inst, GOOD)} == {"travel"}
    inst["sessions"][0]["virtual"] = True
    assert rules(inst, GOOD) == []
    inst["volunteers"][1]["region"] = "R-HI"
    assert rules(inst, GOOD) == [("travel", "S1", "V2")]


def test_rule3_any_hearing_council_or_case():
    inst = tiny_v2()
    inst["volunteers"][1]["conflict_local_authorities"] = ["S12000049"]  # K3's council
    inst["volunteers"][2]["conflict_cases"] = ["K3"]
    assert rules(inst, GOOD) == [("conflict", "S1", "V2"), ("conflict", "S1", "V3")]


def test_rule9_impartiality_unless_continuity():
    inst = tiny_v2()
    inst["history"] = [{"case": "K3", "date": "2026-12-01", "volunteers": ["V2"]}]
    assert rules(inst, GOOD) == [("impartiality", "S1", "V2")]
    inst["sessions"][0]["hearings"][1]["continuity"] = True
    assert rules(inst, GOOD) == []
    # Another child's hearing on the same session without continuity still bars them.
    inst["history"].append({"case": "K1", "date": "2026-12-01", "volunteers": ["V2"]})
    assert rules(inst, GOOD) == [("impartiality", "S1", "V2")]


def test_rule10_weekly_limit():
    inst = tiny_v2()
    inst["volunteers"][2]["max_per_week"] = 1
    both = [*GOOD, A("S2", "V3")]
    assert rules(inst, both) == [("weekly_limit", None, "V3")]
    inst["volunteers"][2]["max_per_week"] = 2
    assert rules(inst, both) == []


def test_v2_scoring_local_share_language_continuity():
    inst = tiny_v2()
    inst["sessions"][0]["languages"] = ["gd", "bsl"]
    inst["volunteers"][0]["languages"] = ["gd"]
    inst["sessions"][0]["hearings"][1]["continuity"] = True
    inst["history"] = [{"case": "K3", "date": "2026-12-01", "volunteers": ["V1", "V3", "V6"]}]
    inst["sessions"][0]["virtual"] = True
    m = score(inst, sol(GOOD))
    assert m["valid"], m["errors"]
    # S1: three members local to one of its two children each; S2: two local members.
    assert m["local"] == pytest.approx(3 * 0.5 + 2)
    assert m["language"] == 1
    assert m["continuity"] == 2
    v1 = score(tiny(), sol(GOOD))
    # The virtual session travels 0 km.
    assert m["travel_km"] < v1["travel_km"]
    expected = (
        (1000 * 1 + 200 * 1 + 20 * 5 + 5 * m["local"] - 10 * m["fair"] - 0.05 * m["travel_km"])
        + 150
        + 2 * 50
    )
    assert m["objective"] == pytest.approx(expected, abs=1e-2)
    assert "language" not in v1
    assert "continuity" not in v1


def _optimum(inst) -> float:
    prob = build_problem(parse_instance(inst))
    total = 0.0
    for sessions, _ in components(prob):
        res = solve_component(prob, sessions, time_limit=60, workers=2)
        assert res.status == "OPTIMAL"
        total += res.objective
    return prob.to_units(total)


def test_the_engine_places_the_speaker_and_the_previous_panel():
    inst = tiny_v2()
    for i in range(7, 10):
        inst["volunteers"].append(vol(f"V{i}", sex="M" if i % 2 else "F", can_chair=i == 9))
    inst["volunteers"][2]["languages"] = ["gd"]  # V3
    inst["sessions"][1]["languages"] = ["gd"]
    inst["sessions"][0]["hearings"][0]["continuity"] = True
    inst["history"] = [{"case": "K1", "date": "2026-12-01", "volunteers": ["V8"]}]
    out = solve(inst, time_limit=30, workers=2)
    m = score(inst, out)
    assert m["valid"]
    assert m["language"] == 1
    assert m["continuity"] == 1
    # The model rounds each distance to 1/100 of a unit: a few hundredths over six seats.
    assert m["objective"] == pytest.approx(_optimum(inst), abs=0.05)


def test_the_engine_keeps_weekly_limits_and_impartiality():
    inst = tiny_v2()
    for v in inst["volunteers"]:
        v["max_per_week"] = 1
    inst["history"] = [{"case": "K2", "date": "2026-12-01", "volunteers": ["V1"]}]
    out = solve(inst, time_limit=30, workers=2)
    assert score(inst, out)["valid"]
    g = greedy(inst)
    assert score(inst, g)["valid"]
    # Six members, one sitting each: at most six seats; V1 never on S2.
    assert len(out["assignments"]) <= 6
    assert A("S2", "V1", True) not in out["assignments"]


def test_explanations_name_impartiality_and_language():
    inst = tiny_v2()
    inst["history"] = [{"case": "K2", "date": "2026-12-01", "volunteers": ["V1", "V4"]}]
    inst["sessions"][1]["languages"] = ["gd"]
    out = solve(inst, time_limit=10, workers=2)
    text = {e["session"]: e["text"] for e in out["explanations"]}["S2"]
    assert "the 2 chairs who could sit sat on an earlier hearing of a child heard here" in text
    assert "no member who speaks Gaelic offered that half-day" in text


def test_explanation_of_a_complete_panel_without_the_language():
    inst = tiny_v2()
    inst["volunteers"][5]["languages"] = ["gd"]  # V6, new; V5 is new too
    inst["sessions"][0]["languages"] = ["gd"]
    inst["sessions"][0]["fixed"] = [{"volunteer": "V5", "chair": False}]
    inst["volunteers"][5]["available"] = ["2027-01-04/AM"]
    out = solve(inst, time_limit=10, workers=2)
    texts = [e["text"] for e in out["explanations"] if e["session"] == "S1"]
    assert texts
    assert "No member who speaks Gaelic on the panel" in texts[0]
    assert "no member who speaks Gaelic was available" in texts[0]


def test_cover_keeps_rules_9_and_10_and_values_languages():
    inst = tiny_v2()
    inst["sessions"][0]["languages"] = ["bsl"]
    inst["volunteers"][5]["languages"] = ["bsl"]  # V6, new
    inst["history"] = [{"case": "K3", "date": "2026-12-01", "volunteers": ["V4"]}]
    inst["volunteers"][4]["max_per_week"] = 1  # V5 sits on S2
    rota = [A("S1", "V1", True), A("S1", "V2"), A("S2", "V5")]
    best = suggest_cover(inst, "S1", 10, assignments=rota)
    ids = [c["volunteer"] for c in best]
    assert "V4" not in ids
    assert "V5" not in ids
    assert ids[0] == "V6"
    assert any("speaks British Sign Language" in r for r in best[0]["reasons"])


@pytest.mark.parametrize(("seed", "model"), [(1, "regional"), (2, "national")])
def test_engine_and_bound_on_generated_v2(seed, model):
    inst = small_v2(seed, model, n_volunteers=50, n_sessions=12)
    out = solve(inst, time_limit=30, workers=2)
    m = score(inst, out)
    assert m["valid"], m["errors"]
    optimum = _optimum(inst)
    assert m["objective"] <= optimum + 0.005 * len(out["assignments"])
    bound = lagrangian_bound(
        build_problem(parse_instance(inst)), time_limit=3600, max_iterations=300
    )
    assert bound.bound >= optimum - 1e-6 * abs(optimum)
    assert greedy(copy.deepcopy(inst))["schema"] == "panel-roster-solution/1"
