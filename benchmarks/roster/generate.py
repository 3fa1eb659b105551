"""Synthetic but realistic panel-roster/1 and /2 instances on Scotland's geography.

Councils are drawn in proportion to population; hearing centres and regions come from
volunteers/data/scotland.json (regions cut across councils). Volunteers: about two-thirds
female, a minority qualified to chair, ~15% newly appointed, a few half-days offered each,
targets of 1-2 sittings a month.

Version 2 (``version=2``) is the same version-1 instance (the same seed gives the same
people and sessions) with the rest of the law added by ``to_v2``: see its docstring.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import sys
from pathlib import Path

import numpy as np

GEOGRAPHY = Path(__file__).resolve().parents[2] / "volunteers" / "data" / "scotland.json"
BASE_VOLUNTEERS = 2400
BASE_SESSIONS = 730


def _km(lat1, lon1, lat2, lon2):
    p1, p2 = np.radians(lat1), np.radians(lat2)
    a = (
        np.sin((p2 - p1) / 2) ** 2
        + np.cos(p1) * np.cos(p2) * np.sin(np.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0088 * np.arcsin(np.minimum(1, np.sqrt(a)))


def working_days(start: dt.date, weeks: int) -> list[dt.date]:
    """Monday-to-Friday dates for the given number of weeks from start."""
    days = [start + dt.timedelta(days=i) for i in range(7 * weeks)]
    return [d for d in days if d.weekday() < 5]


def generate(
    scale: float = 1.0,
    model: str = "regional",
    seed: int = 0,
    start: str = "2027-03-01",
    weeks: int = 4,
    geography: Path = GEOGRAPHY,
    n_volunteers: int | None = None,
    n_sessions: int | None = None,
    version: int = 1,
) -> dict:
    """A panel-roster/1 (or /2) instance; scale=1 is a national month, scale=10 the tenfold
    one."""
    rng = np.random.default_rng(seed)
    geo = json.loads(Path(geography).read_text(encoding="utf-8"))
    las = geo["local_authorities"]
    centres = geo["centres"]
    n_vol = n_volunteers or round(BASE_VOLUNTEERS * scale)
    n_ses = n_sessions or round(BASE_SESSIONS * scale)
    first = dt.date.fromisoformat(start)
    while first.weekday() != 0:
        first += dt.timedelta(days=1)
    days = working_days(first, weeks)
    slots = [(d, h) for d in days for h in ("AM", "PM")]

    la_codes = [a["code"] for a in las]
    pop = np.array([a["population"] for a in las], dtype=float)
    la_p = pop / pop.sum()
    la_lat = np.array([a["lat"] for a in las])
    la_lon = np.array([a["lon"] for a in las])
    la_dist = _km(la_lat[:, None], la_lon[:, None], la_lat[None, :], la_lon[None, :])
    c_lat = np.array([c["lat"] for c in centres])
    c_lon = np.array([c["lon"] for c in centres])
    centres_of_la = {
        code: [i for i, c in enumerate(centres) if c["local_authority"] == code]
        for code in la_codes
    }

    # Sessions: a child's council by population; heard at a centre in (or nearest to) it.
    sessions = []
    case_no = 0
    for k in range(n_ses):
        li = int(rng.choice(len(las), p=la_p))
        options = centres_of_la[la_codes[li]]
        if not options:
            options = [int(np.argmin(_km(la_lat[li], la_lon[li], c_lat, c_lon)))]
        ci = int(rng.choice(options))
        child_la = la_codes[li]
        if rng.random() < 0.1:
            # Sometimes the child's council is a neighbour of the centre's.
            child_la = la_codes[int(np.argsort(la_dist[li])[1 + rng.integers(0, 2)])]
        d, h = slots[int(rng.integers(len(slots)))]
        if rng.random() < 0.25:
            h = "AM"  # mornings are busier
        cases = []
        for _ in range(int(rng.integers(1, 4))):
            case_no += 1
            cases.append(f"K{case_no:06d}")
        sessions.append(
            {
                "id": f"S{k + 1:05d}",
                "centre": centres[ci]["id"],
                "date": d.isoformat(),
                "half": h,
                "seats": 3,
                "local_authority": child_la,
                "cases": cases,
            }
        )
    sessions.sort(key=lambda s: (s["date"], s["half"], s["centre"]))
    for k, s in enumerate(sessions):
        s["id"] = f"S{k + 1:05d}"

    # Volunteers live around council centroids; their region is that of the nearest centre.
    vol_la = rng.choice(len(las), size=n_vol, p=la_p)
    spread = np.sqrt(np.array([a["population"] for a in las]) / 5e5).clip(0.04, 0.25)
    vlat = la_lat[vol_la] + rng.normal(0, 1, n_vol) * spread[vol_la] * 0.5
    vlon = la_lon[vol_la] + rng.normal(0, 1, n_vol) * spread[vol_la]
    dist_vc = _km(vlat[:, None], vlon[:, None], c_lat[None, :], c_lon[None, :])
    nearest = np.argsort(dist_vc, axis=1)[:, :3]
    volunteers = []
    all_cases = [c for s in sessions for c in s["cases"]]
    for i in range(n_vol):
        li = int(vol_la[i])
        home_c = centres[int(nearest[i, 0])]
        rural = home_c["region"] in ("R-HI", "R-SW", "R-NE") or dist_vc[i, nearest[i, 0]] > 25
        travel = float(rng.choice([15, 25, 40, 60], p=[0.2, 0.35, 0.3, 0.15]))
        if rural:
            travel += 30
        travel = max(travel, math.ceil(dist_vc[i, nearest[i, 0]] + 5))
        new = rng.random() < 0.15
        target = int(rng.choice([1, 2], p=[0.5, 0.5]))
        k_slots = int(rng.choice([2, 3, 4, 5, 6], p=[0.15, 0.3, 0.3, 0.15, 0.1]))
        picks = rng.choice(len(slots), size=k_slots, replace=False)
        avail = sorted(f"{slots[j][0].isoformat()}/{slots[j][1]}" for j in picks)
        own_las = [la_codes[li]]
        if rng.random() < 0.35:
            own_las.append(la_codes[int(np.argsort(la_dist[li])[1])])
        v = {
            "id": f"V{i + 1:05d}",
            "sex": "F" if rng.random() < 0.66 else "M",
            "region": home_c["region"],
            "lat": round(float(vlat[i]), 5),
            "lon": round(float(vlon[i]), 5),
            "max_travel_km": travel,
            "can_chair": bool(not new and rng.random() < 0.33),
            "experienced": bool(not new),
            "available": avail,
            "max_sittings": target + int(rng.random() < 0.5),
            "target_sittings": target,
            "local_authorities": own_las,
            "conflict_local_authorities": [own_las[-1]] if rng.random() < 0.04 else [],
            "conflict_cases": [all_cases[int(rng.integers(len(all_cases)))]]
            if rng.random() < 0.03
            else [],
        }
        if rng.random() < 0.05:
            v["centres"] = [centres[int(c)]["id"] for c in nearest[i, :2]]
        volunteers.append(v)

    instance = {
        "schema": "panel-roster/1",
        "model": model,
        "period": {"start": days[0].isoformat(), "end": days[-1].isoformat()},
        "centres": [
            {k: c[k] for k in ("id", "region", "lat", "lon", "local_authority")} for c in centres
        ],
        "volunteers": volunteers,
        "sessions": sessions,
    }
    return to_v2(instance, seed, geography) if version == 2 else instance


# Gaelic: share of members who speak it, and of hearings needing it, by council (the Western
# Isles, Highland, Argyll and Bute; a few speakers elsewhere). BSL is sprinkled everywhere.
GAELIC_SPEAKERS = {"S12000013": 0.5, "S12000017": 0.15, "S12000035": 0.1}
GAELIC_HEARINGS = {"S12000013": 0.5, "S12000017": 0.15, "S12000035": 0.1}
GAELIC_ELSEWHERE, BSL_SPEAKERS, BSL_HEARINGS = 0.005, 0.03, 0.02
VIRTUAL, ONE_A_WEEK, OTHER_COUNCIL, WITH_HISTORY, CONTINUITY = 0.08, 0.2, 0.3, 0.5, 0.1


def to_v2(instance: dict, seed: int, geography: Path = GEOGRAPHY) -> dict:  # noqa: C901 -- one pass per v2 field
    """The version-2 instance made from a version-1 one (a separate random stream, so the
    version-1 part stays the seed's):

    - each case becomes a hearing, 30% of them with a neighbouring council as the child's, so
      many sessions hear children of several councils (``local_authority`` and ``cases`` left
      out, as a v2 file may);
    - half the children had a hearing last month, by three members of the centre's region
      (``history``), and 10% of those ask for continuity;
    - Gaelic speakers and hearings needing Gaelic in the Western Isles, Highland and Argyll,
      a few speakers elsewhere, and British Sign Language sprinkled everywhere;
    - 8% of sessions virtual; 20% of members take at most one sitting a week.
    """
    rng = np.random.default_rng([seed, 2])
    geo = json.loads(Path(geography).read_text(encoding="utf-8"))
    las = geo["local_authorities"]
    codes = [a["code"] for a in las]
    lat = np.array([a["lat"] for a in las])
    lon = np.array([a["lon"] for a in las])
    near = np.argsort(_km(lat[:, None], lon[:, None], lat[None, :], lon[None, :]), axis=1)
    out = json.loads(json.dumps(instance))
    out["schema"] = "panel-roster/2"
    region_of = {c["id"]: c["region"] for c in out["centres"]}
    by_region: dict[str, list[str]] = {}
    for v in out["volunteers"]:
        by_region.setdefault(v["region"], []).append(v["id"])
        home = v["local_authorities"][0]
        langs = []
        if rng.random() < GAELIC_SPEAKERS.get(home, GAELIC_ELSEWHERE):
            langs.append("gd")
        if rng.random() < BSL_SPEAKERS:
            langs.append("bsl")
        v["languages"] = langs
        if rng.random() < ONE_A_WEEK:
            v["max_per_week"] = 1
    start = dt.date.fromisoformat(out["period"]["start"])
    history = []
    for s in out["sessions"]:
        la = s.pop("local_authority")
        hearings = []
        for case in s.pop("cases"):
            child = la
            if rng.random() < OTHER_COUNCIL:
                child = codes[int(near[codes.index(la)][1 + rng.integers(0, 2)])]
            h = {"case": case, "local_authority": child}
            pool = by_region.get(region_of[s["centre"]], [])
            if len(pool) >= 3 and rng.random() < WITH_HISTORY:
                day = start - dt.timedelta(days=int(rng.integers(21, 42)))
                panel = [pool[int(j)] for j in rng.choice(len(pool), size=3, replace=False)]
                history.append({"case": case, "date": day.isoformat(), "volunteers": panel})
                if rng.random() < CONTINUITY:
                    h["continuity"] = True
            hearings.append(h)
        s["hearings"] = hearings
        langs = []
        if rng.random() < GAELIC_HEARINGS.get(la, 0.0):
            langs.append("gd")
        if rng.random() < BSL_HEARINGS:
            langs.append("bsl")
        if langs:
            s["languages"] = langs
        if rng.random() < VIRTUAL:
            s["virtual"] = True
    out["history"] = history
    return out


def main(argv: list[str] | None = None) -> int:
    """CLI: write an instance JSON to stdout."""
    ap = argparse.ArgumentParser(prog="python -m benchmarks.roster.generate")
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--model", choices=["regional", "national"], default="regional")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--weeks", type=int, default=4)
    ap.add_argument("--version", type=int, choices=[1, 2], default=1)
    args = ap.parse_args(argv)
    inst = generate(args.scale, args.model, args.seed, weeks=args.weeks, version=args.version)
    json.dump(inst, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
