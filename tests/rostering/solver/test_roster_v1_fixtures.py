"""Version-1 files score exactly as they did before version 2 was read.

The fixtures were generated (benchmarks.roster.generate, seeds 3-5) and solved and scored by
the engine as it stood before it read panel-roster/2 (commit cebe18a); their metrics are
stored beside them. A v1 file is read as v2 with the new fields absent, so every metric must
come out identical, and the engine's model must value the stored solutions the same way.
"""

import json
from pathlib import Path

import pytest

from rostering.solver import greedy, score

FIXTURES = sorted((Path(__file__).parent / "fixtures").glob("v1_*.json"))


@pytest.fixture(params=FIXTURES, ids=lambda p: p.stem)
def stored(request):
    return json.loads(request.param.read_text(encoding="utf-8"))


def test_fixtures_are_there():
    assert len(FIXTURES) >= 3


def test_v1_solutions_score_exactly_as_before(stored):
    inst = stored["instance"]
    assert inst["schema"] == "panel-roster/1"
    for name, rec in stored["solutions"].items():
        assert score(inst, rec["solution"]) == rec["metrics"], name


def test_v1_greedy_roster_is_unchanged(stored):
    inst = stored["instance"]
    got = greedy(inst)
    assert got["assignments"] == stored["solutions"]["greedy"]["solution"]["assignments"]
    assert got["explanations"] == stored["solutions"]["greedy"]["solution"]["explanations"]
