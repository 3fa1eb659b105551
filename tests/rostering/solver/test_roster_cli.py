"""The command line: solve | score round trip, and clean errors without tracebacks."""

import json
import subprocess
import sys
from pathlib import Path

from .helpers import small

ROOT = Path(__file__).resolve().parents[3]


def run(*args):
    return subprocess.run(
        [sys.executable, "-m", "rostering.solver", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_solve_then_score_round_trip(tmp_path):
    inst = small(2, n_volunteers=50, n_sessions=12)
    ipath = tmp_path / "instance.json"
    ipath.write_text(json.dumps(inst))
    out = run("solve", ipath, "--time-limit", "2", "--seed", "3")
    assert out.returncode == 0, out.stderr
    solution = json.loads(out.stdout)
    assert solution["schema"] == "panel-roster-solution/1"
    assert isinstance(solution["explanations"], list)
    spath = tmp_path / "solution.json"
    spath.write_text(out.stdout)
    scored = run("score", ipath, spath)
    assert scored.returncode == 0, scored.stderr
    metrics = json.loads(scored.stdout)
    assert metrics["valid"] is True
    for key in (
        "errors",
        "sessions",
        "complete",
        "mixed",
        "seats",
        "local",
        "fair",
        "travel_km",
        "objective",
        "unused",
        "over_target",
        "max_sittings_by_one_member",
    ):
        assert key in metrics
    assert metrics["objective"] == solution["stats"]["objective"]


def test_malformed_instance_exits_non_zero_without_traceback(tmp_path):
    inst = small(2, n_volunteers=5, n_sessions=2)
    inst["volunteers"].append(dict(inst["volunteers"][0]))
    ipath = tmp_path / "bad.json"
    ipath.write_text(json.dumps(inst))
    out = run("solve", ipath)
    assert out.returncode != 0
    assert "listed twice" in out.stderr
    assert "Traceback" not in out.stderr
    assert out.stdout == ""


def test_missing_file_and_bad_json(tmp_path):
    out = run("score", tmp_path / "nope.json", tmp_path / "nope2.json")
    assert out.returncode != 0
    assert "cannot read" in out.stderr
    assert "Traceback" not in out.stderr
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    out = run("solve", bad)
    assert out.returncode != 0
    assert "not valid JSON" in out.stderr
