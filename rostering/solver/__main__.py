"""Command line: ``python -m rostering.solver solve|score|greedy ...``."""

from __future__ import annotations

import argparse
import json
import sys

from . import InstanceError, greedy, parse_instance, score, solve


def _load(path: str) -> dict:
    try:
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)
    except OSError as exc:
        raise InstanceError(f"cannot read {path}: {exc.strerror}") from None
    except json.JSONDecodeError as exc:
        raise InstanceError(f"{path} is not valid JSON: {exc}") from None


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the process exit status."""
    ap = argparse.ArgumentParser(
        prog="python -m rostering.solver",
        description="Roster a panel-roster/1 or panel-roster/2 instance (docs/roster-problem.md); "
        "solutions are panel-roster-solution/1. A version-2 score also prints language and "
        "continuity.",
    )
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("solve", help="roster an instance, print the solution JSON")
    p.add_argument("instance")
    p.add_argument("--time-limit", type=float, default=30.0)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--workers", type=int, default=None)
    p.add_argument("--verbose", action="store_true", help="progress on stderr")
    p = sub.add_parser("score", help="check every hard rule (1-10) and print the metrics JSON")
    p.add_argument("instance")
    p.add_argument("solution")
    p = sub.add_parser("greedy", help="print the careful-clerk baseline solution JSON")
    p.add_argument("instance")
    args = ap.parse_args(argv)
    try:
        instance = _load(args.instance)
        if args.cmd == "solve":
            if args.time_limit <= 0:
                raise InstanceError("--time-limit must be positive")

            def progress(msg: str, frac: float) -> None:
                print(f"[{frac:4.0%}] {msg}", file=sys.stderr)

            out = solve(
                instance,
                time_limit=args.time_limit,
                seed=args.seed,
                workers=args.workers,
                progress=progress if args.verbose else None,
            )
        elif args.cmd == "greedy":
            out = greedy(instance)
        else:
            parse_instance(instance)
            solution = _load(args.solution)
            if (
                not isinstance(solution, dict)
                or solution.get("schema") != "panel-roster-solution/1"
            ):
                raise InstanceError(f"{args.solution} is not a panel-roster-solution/1 document")
            out = score(instance, solution)
    except InstanceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
