"""score() and check_assignments(): every hard rule has a breaking solution that is reported."""

import pytest

from rostering.solver import RULES, Violation, check_assignments, score

from .helpers import tiny, vol


def A(s, v, chair=False):
    return {"session": s, "volunteer": v, "chair": chair}


GOOD = [
    A("S1", "V1", True),
    A("S1", "V2"),
    A("S1", "V3"),
    A("S2", "V4", True),
    A("S2", "V3"),
    A("S2", "V5"),
]


def sol(assignments):
    return {"schema": "panel-roster-solution/1", "assignments": assignments}


def test_good_solution_is_valid_and_scored():
    inst = tiny()
    m = score(inst, sol(GOOD))
    assert m["valid"], m["errors"]
    assert m["complete"] == 2
    assert m["mixed"] == 2
    assert m["seats"] == 6
    assert m["local"] == 6
    # V3 sits twice with target 1: 4; the other four members once each.
    assert m["fair"] == pytest.approx(8)
    assert m["unused"] == 1  # V6
    assert m["over_target"] == pytest.approx(1)
    assert m["max_sittings_by_one_member"] == 2
    expected = 2 * 1000 + 2 * 200 + 6 * 20 + 6 * 5 - 10 * 8 - 0.05 * m["travel_km"]
    assert m["objective"] == pytest.approx(expected, abs=1e-2)
    assert "moved" not in m


def broken(inst, assignments) -> list[tuple]:
    """(rule, session, volunteer) of every violation; the solution is then invalid."""
    found = check_assignments(inst, assignments)
    assert not score(inst, sol(assignments))["valid"]
    assert score(inst, sol(assignments))["errors"] == [str(v) for v in found]
    return [(v.rule, v.session, v.volunteer) for v in found]


def test_rule1_slot_not_offered():
    inst = tiny()
    inst["volunteers"][1]["available"] = ["2027-01-04/PM"]
    assert broken(inst, GOOD) == [("offered_slot", "S1", "V2")]


def test_rule1_twice_in_one_slot():
    inst = tiny()
    inst["sessions"].append(dict(inst["sessions"][0], id="S3", cases=[]))
    assert broken(inst, [*GOOD, A("S3", "V2")]) == [("offered_slot", None, "V2")]


def test_rule2_too_far():
    inst = tiny()
    inst["volunteers"][1]["max_travel_km"] = 1
    assert broken(inst, GOOD) == [("travel", "S1", "V2")]


def test_rule2_other_region():
    inst = tiny()
    inst["volunteers"][1]["region"] = "R-GLAS"
    assert broken(inst, GOOD) == [("travel", "S1", "V2")]
    inst["model"] = "national"
    assert check_assignments(inst, GOOD) == []


def test_rule2_centre_list():
    inst = tiny()
    inst["volunteers"][1]["centres"] = ["C002"]
    assert broken(inst, GOOD) == [("travel", "S1", "V2")]


def test_rule3_conflict_case():
    inst = tiny()
    inst["volunteers"][1]["conflict_cases"] = ["K1"]
    assert broken(inst, GOOD) == [("conflict", "S1", "V2")]


def test_rule3_conflict_council():
    inst = tiny()
    inst["volunteers"][1]["conflict_local_authorities"] = ["S12000036"]
    assert broken(inst, GOOD) == [("conflict", "S1", "V2")]


def test_rule4_too_many_members():
    inst = tiny()
    assert broken(inst, [*GOOD, A("S1", "V4")]) == [("seats", "S1", None)]


def test_rule4_same_member_twice():
    assert broken(tiny(), [*GOOD, A("S1", "V2")]) == [("seats", "S1", "V2")]


def test_rule5_max_sittings():
    inst = tiny()
    inst["volunteers"][2]["max_sittings"] = 1
    assert broken(inst, GOOD) == [("max_sittings", None, "V3")]


def test_rule6_full_panel_without_chair():
    bad = [A("S1", "V1"), A("S1", "V2"), A("S1", "V3")]
    assert broken(tiny(), bad) == [("one_chair", "S1", None)]


def test_rule6_two_chairs():
    bad = [A("S1", "V1", True), A("S1", "V4", True), A("S1", "V3")]
    assert broken(tiny(), bad) == [("one_chair", "S1", None)]


def test_rule6_unqualified_chair():
    bad = [A("S1", "V1"), A("S1", "V2", True), A("S1", "V3")]
    assert broken(tiny(), bad) == [("one_chair", "S1", "V2")]


def test_rule7_two_new_members():
    bad = [A("S1", "V1", True), A("S1", "V5"), A("S1", "V6")]
    assert broken(tiny(), bad) == [("one_new_member", "S1", None)]


def test_rule8_fixed_missing_or_wrong_role():
    inst = tiny()
    inst["sessions"][0]["fixed"] = [{"volunteer": "V6", "chair": False}]
    assert broken(inst, GOOD) == [("fixed", "S1", "V6")]
    inst["sessions"][0]["fixed"] = [{"volunteer": "V1", "chair": False}]
    assert broken(inst, GOOD) == [("fixed", "S1", "V1")]


def test_a_violation_reads_as_the_contract_error():
    inst = tiny()
    inst["volunteers"][1]["available"] = ["2027-01-04/PM"]
    (found,) = check_assignments(inst, GOOD)
    assert found == Violation("offered_slot", "S1", "V2", "V2 did not offer 2027-01-04/AM (S1)")
    assert found.number == 1
    assert str(found) == "rule 1: V2 did not offer 2027-01-04/AM (S1)"


def test_every_rule_has_a_stable_name_and_number():
    assert RULES == {
        "offered_slot": 1,
        "travel": 2,
        "conflict": 3,
        "seats": 4,
        "max_sittings": 5,
        "one_chair": 6,
        "one_new_member": 7,
        "fixed": 8,
        "impartiality": 9,
        "weekly_limit": 10,
    }


def test_partial_panel_is_valid_but_not_complete():
    m = score(tiny(), sol([A("S1", "V1"), A("S1", "V2")]))
    assert m["valid"]
    assert m["complete"] == 0
    assert m["seats"] == 2


def test_single_sex_panel_is_complete_not_mixed():
    inst = tiny()
    inst["volunteers"].append(vol("V7"))
    m = score(inst, sol([A("S1", "V1", True), A("S1", "V3"), A("S1", "V7")]))
    assert m["valid"]
    assert m["complete"] == 1
    assert m["mixed"] == 0


def test_moved_counts_previous_not_kept():
    inst = tiny()
    inst["previous"] = [A("S1", "V1", True), A("S1", "V6")]
    m = score(inst, sol(GOOD))
    assert m["moved"] == 1


def test_unknown_ids_are_malformed():
    found = check_assignments(tiny(), [A("S9", "V1"), A("S1", "V99"), A("S1", "V1", 1)])
    assert found == [
        Violation("malformed", "S9", "V1", "assignment 0 names unknown session 'S9'"),
        Violation("malformed", "S1", "V99", "assignment 1 names unknown volunteer 'V99'"),
        Violation("malformed", "S1", "V1", "assignment 2 has chair=1, not true/false"),
    ]
    assert str(found[0]) == "assignment 0 names unknown session 'S9'"
