"""Independent checker and scorer for solutions (the rules and weights of docs/roster-problem.md).

Deliberately shares no code with the solver's eligibility, model or greedy: it reads the raw
instance dict and checks every hard rule by the simplest possible means, so a bug in the
engine cannot hide itself from the score.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict

from .violations import MALFORMED, Violation

WEIGHTS = {
    "complete": 1000,
    "mixed": 200,
    "seats": 20,
    "local": 5,
    "fair": -10,
    "travel_km": -0.05,
    "moved": -50,
}
# Numerically the engine and the checker may disagree in the last bits of a distance.
DISTANCE_TOLERANCE_KM = 1e-6


def _km(lat1, lon1, lat2, lon2) -> float:
    r = 6371.0088
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * r * math.asin(min(1.0, math.sqrt(a)))


def _slot(session: dict) -> str:
    return f"{session['date']}/{session['half']}"


def check_assignments(instance: dict, assignments: list[dict]) -> list[Violation]:
    """Every hard-rule violation in the assignments; empty when they are lawful."""
    out: list[Violation] = []

    def broken(rule: str, session: str | None, volunteer: str | None, message: str) -> None:
        out.append(Violation(rule, session, volunteer, message))

    centres = {c["id"]: c for c in instance["centres"]}
    vols = {v["id"]: v for v in instance["volunteers"]}
    sess = {s["id"]: s for s in instance["sessions"]}
    regional = instance.get("model") == "regional"

    per_session: dict[str, list[tuple[str, bool]]] = defaultdict(list)
    per_vol_slot: Counter = Counter()
    per_vol: Counter = Counter()
    seen: set[tuple[str, str]] = set()
    for k, a in enumerate(assignments):
        if not isinstance(a, dict):
            broken(MALFORMED, None, None, f"assignment {k} is not an object")
            continue
        sid, vid, chair = a.get("session"), a.get("volunteer"), a.get("chair", False)
        named_s = sid if isinstance(sid, str) else None
        named_v = vid if isinstance(vid, str) else None
        if sid not in sess:
            broken(MALFORMED, named_s, named_v, f"assignment {k} names unknown session {sid!r}")
            continue
        if vid not in vols:
            broken(MALFORMED, sid, named_v, f"assignment {k} names unknown volunteer {vid!r}")
            continue
        if not isinstance(chair, bool):
            broken(MALFORMED, sid, vid, f"assignment {k} has chair={chair!r}, not true/false")
            chair = bool(chair)
        s, v = sess[sid], vols[vid]
        c = centres[s["centre"]]
        slot = _slot(s)
        # Rule 4 (no volunteer twice on one session).
        if (sid, vid) in seen:
            broken("seats", sid, vid, f"{vid} is placed twice on {sid}")
            continue
        seen.add((sid, vid))
        per_session[sid].append((vid, chair))
        per_vol_slot[(vid, slot)] += 1
        per_vol[vid] += 1
        # Rule 1: slot offered.
        if slot not in v["available"]:
            broken("offered_slot", sid, vid, f"{vid} did not offer {slot} ({sid})")
        # Rule 2: travel, region, own centre list.
        d = _km(v["lat"], v["lon"], c["lat"], c["lon"])
        if d > v["max_travel_km"] + DISTANCE_TOLERANCE_KM:
            broken(
                "travel",
                sid,
                vid,
                f"{vid} travels {d:.1f} km to {c['id']} ({sid}), limit {v['max_travel_km']} km",
            )
        if regional and v["region"] != c["region"]:
            broken(
                "travel",
                sid,
                vid,
                f"{vid} ({v['region']}) sits outside their region at {c['id']} ({sid})",
            )
        if v.get("centres") is not None and c["id"] not in v["centres"]:
            broken("travel", sid, vid, f"{vid} does not sit at centre {c['id']} ({sid})")
        # Rule 3: conflicts.
        if s["local_authority"] in v.get("conflict_local_authorities", []):
            broken(
                "conflict",
                sid,
                vid,
                f"{vid} has a conflict with council {s['local_authority']} ({sid})",
            )
        if set(v.get("conflict_cases", [])) & set(s.get("cases", [])):
            broken("conflict", sid, vid, f"{vid} has a conflict with a case on {sid}")
        # Rule 6 (chair qualification), checked on every chair.
        if chair and not v["can_chair"]:
            broken("one_chair", sid, vid, f"{vid} chairs {sid} but is not qualified to chair")

    for (vid, slot), n in per_vol_slot.items():
        if n > 1:
            broken("offered_slot", None, vid, f"{vid} sits {n} times in slot {slot}")
    for vid, n in per_vol.items():
        if n > vols[vid]["max_sittings"]:
            limit = vols[vid]["max_sittings"]
            broken("max_sittings", None, vid, f"{vid} sits {n} times, limit {limit}")
    for sid, members in per_session.items():
        s = sess[sid]
        chairs = sum(1 for _, ch in members if ch)
        if len(members) > s["seats"]:
            broken("seats", sid, None, f"{sid} has {len(members)} members for {s['seats']} seats")
        if len(members) == s["seats"] and chairs != 1:
            broken(
                "one_chair", sid, None, f"full panel {sid} has {chairs} chairs, needs exactly one"
            )
        elif chairs > 1:
            broken("one_chair", sid, None, f"{sid} has {chairs} chairs")
        new = sum(1 for vid, _ in members if not vols[vid]["experienced"])
        if new > 1:
            broken(
                "one_new_member",
                sid,
                None,
                f"{sid} has {new} newly appointed members, at most one allowed",
            )
    # Rule 8: fixed kept, with the same role.
    for s in instance["sessions"]:
        members = dict(per_session.get(s["id"], []))
        for f in s.get("fixed", []):
            vid = f["volunteer"]
            if vid not in members:
                broken("fixed", s["id"], vid, f"fixed member {vid} is missing from {s['id']}")
            elif members[vid] != bool(f.get("chair", False)):
                broken("fixed", s["id"], vid, f"fixed member {vid} on {s['id']} has the wrong role")
    return out


def score(instance: dict, solution: dict) -> dict:
    """Validate a solution against every hard rule and compute the metrics and objective."""
    assignments = solution.get("assignments", [])
    if not isinstance(assignments, list):
        return {"valid": False, "errors": ["assignments must be a list"]}
    # The contract's `errors` are readable strings; callers wanting data use check_assignments.
    errors = [str(v) for v in check_assignments(instance, assignments)]
    centres = {c["id"]: c for c in instance["centres"]}
    vols = {v["id"]: v for v in instance["volunteers"]}
    sess = {s["id"]: s for s in instance["sessions"]}
    panels: dict[str, list[tuple[str, bool]]] = defaultdict(list)
    sittings: Counter = Counter()
    seats = local = 0
    travel = 0.0
    for a in assignments:
        if (
            not isinstance(a, dict)
            or a.get("session") not in sess
            or a.get("volunteer") not in vols
        ):
            continue
        s, v = sess[a["session"]], vols[a["volunteer"]]
        if any(m == v["id"] for m, _ in panels[s["id"]]):
            continue
        panels[s["id"]].append((v["id"], bool(a.get("chair", False))))
        sittings[v["id"]] += 1
        seats += 1
        local += s["local_authority"] in v.get("local_authorities", [])
        c = centres[s["centre"]]
        travel += _km(v["lat"], v["lon"], c["lat"], c["lon"])
    complete = mixed = 0
    for sid, members in panels.items():
        s = sess[sid]
        chairs = [vid for vid, ch in members if ch]
        if len(members) == s["seats"] and len(chairs) == 1 and vols[chairs[0]]["can_chair"]:
            complete += 1
            sexes = {vols[vid]["sex"] for vid, _ in members}
            mixed += "F" in sexes and "M" in sexes
    fair = sum(n * n / max(1, vols[vid]["target_sittings"]) for vid, n in sittings.items())
    over = sum(max(0, n - vols[vid]["target_sittings"]) for vid, n in sittings.items())
    unused = sum(1 for v in instance["volunteers"] if v["available"] and not sittings[v["id"]])
    metrics = {
        "valid": not errors,
        "errors": errors,
        "sessions": len(instance["sessions"]),
        "complete": complete,
        "mixed": mixed,
        "seats": seats,
        "local": local,
        "fair": round(fair, 6),
        "travel_km": round(travel, 3),
    }
    objective = (
        WEIGHTS["complete"] * complete
        + WEIGHTS["mixed"] * mixed
        + WEIGHTS["seats"] * seats
        + WEIGHTS["local"] * local
        + WEIGHTS["fair"] * fair
        + WEIGHTS["travel_km"] * travel
    )
    if "previous" in instance:
        placed = {(sid, vid) for sid, ms in panels.items() for vid, _ in ms}
        moved = sum(1 for p in instance["previous"] if (p["session"], p["volunteer"]) not in placed)
        metrics["moved"] = moved
        objective += WEIGHTS["moved"] * moved
    metrics["objective"] = round(objective, 3)
    metrics["unused"] = unused
    metrics["over_target"] = round(over, 6)
    metrics["max_sittings_by_one_member"] = max(sittings.values(), default=0)
    return metrics
