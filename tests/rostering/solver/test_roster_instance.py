"""parse_instance(): malformed input gets a precise InstanceError."""

import pytest

from rostering.solver import InstanceError, parse_instance, solve

from .helpers import tiny


def test_tiny_parses():
    inst = parse_instance(tiny())
    assert len(inst.volunteers) == 6
    assert inst.sessions[0].slot == "2027-01-04/AM"


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.update(schema="x"), "schema must be"),
        (lambda d: d.update(model="county"), "model must be"),
        (lambda d: d["period"].update(start="2027-02-30"), "period.start is not a valid date"),
        (lambda d: d["period"].update(end="2027-01-01"), "period ends"),
        (
            lambda d: d["volunteers"].append(dict(d["volunteers"][0])),
            "volunteer V1 is listed twice",
        ),
        (
            lambda d: d["volunteers"][0].update(max_sittings=-1),
            "V1.max_sittings must be at least 0",
        ),
        (
            lambda d: d["volunteers"][0].update(max_travel_km=-5),
            "V1.max_travel_km must be at least 0",
        ),
        (lambda d: d["volunteers"][0].update(max_sittings=1.5), "whole number"),
        (
            lambda d: d["volunteers"][0].update(can_chair="yes"),
            "V1.can_chair must be true or false",
        ),
        (lambda d: d["volunteers"][0].update(available=["2027-01-04/XX"]), "malformed slot"),
        (lambda d: d["volunteers"][0].update(available=["2027-03-04/AM"]), "outside the period"),
        (
            lambda d: d["volunteers"][0].update(available=["2027-01-04/AM"] * 2),
            "offers slot 2027-01-04/AM twice",
        ),
        (lambda d: d["volunteers"][0].update(centres=["C999"]), "unknown centre C999"),
        (lambda d: d["volunteers"][0].pop("sex"), "volunteer V1 is missing 'sex'"),
        (lambda d: d["volunteers"][0].update(lat=123), "coordinates out of range"),
        (lambda d: d["sessions"][0].update(centre="C999"), "session S1 is at unknown centre C999"),
        (lambda d: d["sessions"][0].update(date="2027-13-01"), "S1.date is not a valid date"),
        (lambda d: d["sessions"][0].update(date="2027-02-01"), "outside the period"),
        (lambda d: d["sessions"][0].update(half="EVE"), "S1.half must be"),
        (lambda d: d["sessions"][0].update(seats=0), "S1.seats must be at least 1"),
        (lambda d: d["sessions"].append(dict(d["sessions"][0])), "session S1 is listed twice"),
        (lambda d: d["sessions"][0].update(fixed=[{"volunteer": "V42"}]), "unknown volunteer V42"),
        (
            lambda d: d["sessions"][0].update(fixed=[{"volunteer": "V1"}, {"volunteer": "V1"}]),
            "lists volunteer V1 twice",
        ),
        (lambda d: d.update(previous=[{"session": "S7", "volunteer": "V1"}]), "unknown session S7"),
        (lambda d: d.update(volunteers={}), "instance.volunteers must be a list"),
    ],
)
def test_malformed(mutate, message):
    data = tiny()
    mutate(data)
    with pytest.raises(InstanceError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_instance(data)


def test_fixed_that_breaks_a_rule_is_refused_by_solve():
    data = tiny()
    data["volunteers"][1]["available"] = ["2027-01-04/PM"]
    data["sessions"][0]["fixed"] = [{"volunteer": "V2", "chair": False}]
    with pytest.raises(InstanceError, match="fixed assignments break hard rules: rule 1"):
        solve(data, time_limit=1)
