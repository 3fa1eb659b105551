"""Roster benchmark: engine vs the careful-clerk baseline vs a long plain CP-SAT run.

    python -m benchmarks.roster.run            # full run (about 50 minutes), writes RESULTS.md
    python -m benchmarks.roster.run --quick    # smoke test in well under a minute

Each method runs in its own subprocess, so wall time and peak memory are its own.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .generate import generate

HERE = Path(__file__).resolve().parent
SEED = 1
# Subgradient patience for the benchmark's long bound runs (the engine's quick ones use 40).
BOUND_PATIENCE = 80

FULL = [
    (
        "national month",
        1.0,
        "regional",
        [
            ("engine", 5),
            ("engine", 60),
            ("greedy", 0),
            ("reference", 600),
            ("bound", 60),
            ("cover", 0),
        ],
    ),
    (
        "national month",
        1.0,
        "national",
        [("engine", 60), ("greedy", 0), ("reference", 600), ("bound", 60)],
    ),
    ("tenfold", 10.0, "regional", [("engine", 300), ("greedy", 0), ("bound", 400)]),
    ("tenfold", 10.0, "national", [("engine", 300), ("greedy", 0), ("bound", 400)]),
    # Version 2: the same people and sessions with the rest of the law (generate.to_v2).
    (
        "v2 national month",
        1.0,
        "regional",
        [("engine", 5), ("engine", 60), ("greedy", 0), ("reference", 600), ("bound", 60)],
    ),
    (
        "v2 national month",
        1.0,
        "national",
        [("engine", 60), ("greedy", 0), ("reference", 600), ("bound", 60)],
    ),
    ("v2 tenfold", 10.0, "regional", [("engine", 300), ("greedy", 0), ("bound", 400)]),
    ("v2 tenfold", 10.0, "national", [("engine", 300), ("greedy", 0), ("bound", 400)]),
]
# Only the version-2 month rows (``--only v2-month``): engine against the reference.
V2_MONTH = [case for case in FULL if case[0] == "v2 national month"]
QUICK = [
    (
        "tenth month",
        0.1,
        "regional",
        [("engine", 2), ("greedy", 0), ("reference", 4), ("bound", 2), ("cover", 0)],
    ),
    (
        "tenth month",
        0.1,
        "national",
        [("engine", 2), ("greedy", 0), ("reference", 4), ("bound", 2)],
    ),
    (
        "v2 tenth month",
        0.1,
        "regional",
        [("engine", 2), ("greedy", 0), ("reference", 4), ("bound", 2), ("cover", 0)],
    ),
    (
        "v2 tenth month",
        0.1,
        "national",
        [("engine", 2), ("greedy", 0), ("reference", 4), ("bound", 2)],
    ),
]


def child(method: str, path: str, time_limit: float) -> dict:
    """Run one method on one instance (in this process) and return its measurements."""
    from rostering.solver import greedy, score, solve

    instance = json.loads(Path(path).read_text(encoding="utf-8"))
    t0 = time.perf_counter()
    if method == "bound":
        from rostering.solver.bound import lagrangian_bound
        from rostering.solver.greedy import greedy_assign
        from rostering.solver.instance import parse_instance
        from rostering.solver.problem import build_problem

        prob = build_problem(parse_instance(instance))
        result = lagrangian_bound(
            prob, time_limit=time_limit, roster=greedy_assign(prob), patience=BOUND_PATIENCE
        )
        return {
            "method": method,
            "time_limit": time_limit,
            "wall": time.perf_counter() - t0,
            "metrics": None,
            "stats": {"bound": result.bound, "iterations": result.iterations},
            "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        }
    if method == "cover":
        return _cover(instance)
    if method == "greedy":
        solution = greedy(instance)
    else:
        solution = solve(instance, time_limit=time_limit, seed=0, plain=method == "reference")
    wall = time.perf_counter() - t0
    metrics = score(instance, solution)
    metrics["errors"] = metrics["errors"][:5]
    return {
        "method": method,
        "time_limit": time_limit,
        "wall": wall,
        "metrics": metrics,
        "stats": solution.get("stats", {}),
        "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _cover(instance: dict) -> dict:
    """Time suggest_cover (parsing included) for the chair of a complete panel who withdraws."""
    from rostering.solver import greedy, suggest_cover

    rota = greedy(instance)["assignments"]
    sizes: dict[str, int] = {}
    for a in rota:
        sizes[a["session"]] = sizes.get(a["session"], 0) + 1
    seats = {s["id"]: s["seats"] for s in instance["sessions"]}
    gone = next(a for a in rota if a["chair"] and sizes[a["session"]] == seats[a["session"]])
    rest = [a for a in rota if a is not gone]
    t0 = time.perf_counter()
    best = suggest_cover(instance, gone["session"], 5, assignments=rest)
    return {
        "method": "cover",
        "time_limit": 0,
        "wall": time.perf_counter() - t0,
        "metrics": None,
        "stats": {"candidates": len(best)},
        "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def run_child(method: str, path: Path, time_limit: float) -> dict:
    cmd = [
        sys.executable,
        "-m",
        "benchmarks.roster.run",
        "--child",
        method,
        str(path),
        str(time_limit),
    ]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def fmt_row(name: str, model: str, r: dict, bound: float | None) -> str:
    m, st = r["metrics"], r["stats"]
    if r["method"] == "cover":
        cells = [name, model, "suggest_cover, 5 best (target < 1 s)", f"{r['wall']:.2f}"]
        cells += [""] * 9 + [f"{r['peak_mib']:,.0f}", f"{st['candidates']} candidates", ""]
        return "| " + " | ".join(cells) + " |"
    if r["method"] == "bound":
        cells = [name, model, f"Lagrangian upper bound ({r['time_limit']:g} s)"]
        cells += [f"{r['wall']:.1f}", "", f"≤ {st['bound']:,.0f}"] + [""] * 7
        cells += [f"{r['peak_mib']:,.0f}", f"{st['iterations']} iterations", ""]
        return "| " + " | ".join(cells) + " |"
    label = {
        "engine": "engine",
        "greedy": "greedy baseline",
        "reference": "plain CP-SAT reference",
    }[r["method"]]
    if r["method"] != "greedy":
        label += f" ({r['time_limit']:g} s)"
    # An objective a rounding error above the bound is 0.00%, not -0.00%.
    gap = "" if not bound else f"{max(0.0, 100 * (bound - m['objective']) / abs(bound)):.2f}%"
    cells = [
        name,
        model,
        label,
        f"{r['wall']:.1f}",
        "yes" if m["valid"] else "NO",
        f"{m['objective']:,.0f}",
        gap,
        f"{m['complete']}/{m['sessions']}",
        str(m["mixed"]),
        str(m["local"]) if isinstance(m["local"], int) else f"{m['local']:,.1f}",
        str(m["unused"]),
        str(m["max_sittings_by_one_member"]),
        f"{m['travel_km']:,.0f}",
        f"{r['peak_mib']:,.0f}",
        st.get("status") and ", ".join(f"{k.lower()} {v}" for k, v in st["status"].items()) or "",
        f"{m['language']} / {m['continuity']}" if "language" in m else "",
    ]
    return "| " + " | ".join(cells) + " |"


BOUND_SOURCES = {
    "bound": "Lagrangian bound run",
    "engine": "engine's own bound (Lagrangian and CP-SAT per component)",
    "reference": "plain CP-SAT reference's bound",
}

HEADER = (
    "| instance | model | method | time s | valid | objective | gap to bound | complete | mixed "
    "| local | unused | max sittings by one | travel km | peak MiB | CP-SAT groups "
    "| v2: language / continuity |\n"
    "|---|---|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|"
)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print (and optionally write) the markdown table."""
    ap = argparse.ArgumentParser(prog="python -m benchmarks.roster.run")
    ap.add_argument("--quick", action="store_true", help="tiny instances, seconds-long limits")
    ap.add_argument("--out", help="write the markdown here (default: RESULTS.md unless --quick)")
    ap.add_argument(
        "--only",
        choices=["v2-month"],
        help="only the version-2 month rows (engine, clerk, reference, bound)",
    )
    ap.add_argument(
        "--reference-limit",
        type=float,
        help="time limit of the plain CP-SAT reference instead of 600 s (say so in RESULTS.md)",
    )
    ap.add_argument(
        "--child", nargs=3, metavar=("METHOD", "INSTANCE", "TIME"), help=argparse.SUPPRESS
    )
    args = ap.parse_args(argv)
    if args.child:
        method, path, tl = args.child
        json.dump(child(method, path, float(tl)), sys.stdout)
        return 0

    cases = QUICK if args.quick else V2_MONTH if args.only == "v2-month" else FULL
    if args.reference_limit:
        cases = [
            (
                name,
                scale,
                model,
                [(m, args.reference_limit if m == "reference" else t) for m, t in ms],
            )
            for name, scale, model, ms in cases
        ]
    lines = [HEADER]
    notes = []
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    with tempfile.TemporaryDirectory() as tmp:
        for name, scale, model, methods in cases:
            version = 2 if name.startswith("v2") else 1
            inst = generate(scale=scale, model=model, seed=SEED, version=version)
            path = Path(tmp) / f"{name.replace(' ', '_')}_{model}.json"
            path.write_text(json.dumps(inst), encoding="utf-8")
            print(
                f"# {name} {model}: {len(inst['volunteers'])} volunteers, {len(inst['sessions'])} sessions",
                file=sys.stderr,
                flush=True,
            )
            results = []
            for method, tl in methods:
                r = run_child(method, path, tl)
                if method == "bound":
                    got = r["stats"]["bound"]
                elif method == "cover":
                    got = r["stats"]["candidates"]
                else:
                    got = r["metrics"]["objective"]
                print(
                    f"  {method} {tl}: {got:.0f} in {r['wall']:.1f}s",
                    file=sys.stderr,
                    flush=True,
                )
                results.append(r)
            bounds = {
                r["method"]: r["stats"]["bound"]
                for r in sorted(results, key=lambda r: -(r["stats"].get("bound") or 0))
                if r["stats"].get("bound") not in (None, float("inf"))
            }
            bound = min(bounds.values()) if bounds else None
            source = min(bounds, key=bounds.get) if bounds else None
            for r in results:
                lines.append(fmt_row(name, model, r, bound))
                if r["method"] == "bound":
                    # The bound must stop near its limit (it runs inside the engine's budget).
                    notes.append(
                        f"- {name}, {model}: the Lagrangian bound with a {r['time_limit']:g} s "
                        f"limit stopped after {r['wall']:.1f} s."
                    )
            if bound:
                notes.append(
                    f"- {name}, {model}: {len(inst['volunteers'])} volunteers, {len(inst['sessions'])} sessions; "
                    f"best upper bound {bound:,.0f} (from the {BOUND_SOURCES[source]})."
                )
    table = "\n".join(lines)
    print(table)
    out = args.out or (None if args.quick else str(HERE / "RESULTS.md"))
    if out:
        Path(out).write_text(
            f"# Roster benchmark results\n\nMeasured {started} by `python -m benchmarks.roster.run` "
            f"(generator seed {SEED}).\n\n{table}\n\n" + "\n".join(notes) + "\n",
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
