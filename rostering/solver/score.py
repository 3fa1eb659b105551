"""Independent checker and scorer for solutions (the rules and weights of docs/roster-problem.md).

Deliberately shares no code with the solver's eligibility, model or greedy: it reads the raw
instance dict and checks every hard rule by the simplest possible means, so a bug in the
engine cannot hide itself from the score.
"""

from __future__ import annotations

import datetime as dt
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
    "language": 150,
    "continuity": 50,
}
V2 = "panel-roster/2"
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


def _week(session: dict) -> tuple[int, int]:
    year, week, _ = dt.date.fromisoformat(session["date"]).isocalendar()
    return year, week


def _hearings(instance: dict, s: dict) -> list[dict]:
    """The session's hearings: version 2's own, or one per v1 case (or one with no case)."""
    if instance.get("schema") == V2 and s.get("hearings") is not None:
        return s["hearings"]
    cases = s.get("cases", []) or [None]
    return [{"case": c, "local_authority": s["local_authority"]} for c in cases]


def _v2(instance: dict, obj: dict, key: str, default):
    """A version-2 field, or its default for a version-1 file (which never has one)."""
    return obj.get(key, default) if instance.get("schema") == V2 else default


def _history(instance: dict) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """case -> members of any earlier hearing; case -> members of the latest one."""
    anyone: dict[str, set[str]] = defaultdict(set)
    latest: dict[str, tuple[str, set[str]]] = {}
    for h in _v2(instance, instance, "history", []):
        anyone[h["case"]].update(h["volunteers"])
        day = h["date"]
        if h["case"] not in latest or day > latest[h["case"]][0]:
            latest[h["case"]] = (day, set(h["volunteers"]))
        elif day == latest[h["case"]][0]:
            latest[h["case"]][1].update(h["volunteers"])
    return anyone, {c: m for c, (_, m) in latest.items()}


def _check_pair(instance: dict, s: dict, v: dict, c: dict, history: dict, broken) -> None:
    """Rules 1, 2, 3 and 9 for one member on one session."""
    sid, vid = s["id"], v["id"]
    slot = _slot(s)
    if slot not in v["available"]:
        broken("offered_slot", sid, vid, f"{vid} did not offer {slot} ({sid})")
    if not _v2(instance, s, "virtual", False):
        d = _km(v["lat"], v["lon"], c["lat"], c["lon"])
        if d > v["max_travel_km"] + DISTANCE_TOLERANCE_KM:
            limit = v["max_travel_km"]
            broken(
                "travel",
                sid,
                vid,
                f"{vid} travels {d:.1f} km to {c['id']} ({sid}), limit {limit} km",
            )
        if v.get("centres") is not None and c["id"] not in v["centres"]:
            broken("travel", sid, vid, f"{vid} does not sit at centre {c['id']} ({sid})")
    if instance.get("model") == "regional" and v["region"] != c["region"]:
        broken(
            "travel",
            sid,
            vid,
            f"{vid} ({v['region']}) sits outside their region at {c['id']} ({sid})",
        )
    hearings = _hearings(instance, s)
    councils = [h["local_authority"] for h in hearings]
    bad = sorted(set(councils) & set(v.get("conflict_local_authorities", [])))
    if bad:
        broken("conflict", sid, vid, f"{vid} has a conflict with council {bad[0]} ({sid})")
    if set(v.get("conflict_cases", [])) & {h["case"] for h in hearings}:
        broken("conflict", sid, vid, f"{vid} has a conflict with a case on {sid}")
    for h in hearings:
        if h["case"] is not None and not h.get("continuity") and vid in history.get(h["case"], ()):
            broken(
                "impartiality",
                sid,
                vid,
                f"{vid} sat on an earlier hearing of case {h['case']} ({sid}) and continuity "
                "was not requested",
            )


def check_assignments(instance: dict, assignments: list[dict]) -> list[Violation]:
    """Every hard-rule violation in the assignments; empty when they are lawful."""
    out: list[Violation] = []

    def broken(rule: str, session: str | None, volunteer: str | None, message: str) -> None:
        out.append(Violation(rule, session, volunteer, message))

    centres = {c["id"]: c for c in instance["centres"]}
    vols = {v["id"]: v for v in instance["volunteers"]}
    sess = {s["id"]: s for s in instance["sessions"]}
    history, _ = _history(instance)
    per_session: dict[str, list[tuple[str, bool]]] = defaultdict(list)
    per_vol_slot: Counter = Counter()
    per_vol_week: Counter = Counter()
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
        # Rule 4 (no volunteer twice on one session).
        if (sid, vid) in seen:
            broken("seats", sid, vid, f"{vid} is placed twice on {sid}")
            continue
        seen.add((sid, vid))
        per_session[sid].append((vid, chair))
        per_vol_slot[(vid, _slot(s))] += 1
        per_vol_week[(vid, _week(s))] += 1
        per_vol[vid] += 1
        _check_pair(instance, s, v, centres[s["centre"]], history, broken)
        # Rule 6 (chair qualification), checked on every chair.
        if chair and not v["can_chair"]:
            broken("one_chair", sid, vid, f"{vid} chairs {sid} but is not qualified to chair")
    _check_members(instance, vols, per_vol_slot, per_vol_week, per_vol, broken)
    _check_panels(instance, vols, sess, per_session, broken)
    return out


def _check_members(instance, vols, per_vol_slot, per_vol_week, per_vol, broken) -> None:
    """Rules 1 (once per slot), 5 (max_sittings) and 10 (max_per_week)."""
    for (vid, slot), n in per_vol_slot.items():
        if n > 1:
            broken("offered_slot", None, vid, f"{vid} sits {n} times in slot {slot}")
    for vid, n in per_vol.items():
        if n > vols[vid]["max_sittings"]:
            limit = vols[vid]["max_sittings"]
            broken("max_sittings", None, vid, f"{vid} sits {n} times, limit {limit}")
    for (vid, (year, week)), n in per_vol_week.items():
        limit = _v2(instance, vols[vid], "max_per_week", None)
        if limit is not None and n > limit:
            broken(
                "weekly_limit",
                None,
                vid,
                f"{vid} sits {n} times in week {week} of {year}, limit {limit} a week",
            )


def _check_panels(instance, vols, sess, per_session, broken) -> None:
    """Rules 4 (seats), 6 (one chair), 7 (one new member) and 8 (fixed kept)."""
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
    for s in instance["sessions"]:
        members = dict(per_session.get(s["id"], []))
        for f in s.get("fixed", []):
            vid = f["volunteer"]
            if vid not in members:
                broken("fixed", s["id"], vid, f"fixed member {vid} is missing from {s['id']}")
            elif members[vid] != bool(f.get("chair", False)):
                broken("fixed", s["id"], vid, f"fixed member {vid} on {s['id']} has the wrong role")


def _panels(instance: dict, assignments: list) -> dict[str, list[tuple[str, bool]]]:
    """Each session's members as placed (unreadable and repeated placements left out)."""
    vols = {v["id"] for v in instance["volunteers"]}
    sess = {s["id"] for s in instance["sessions"]}
    panels: dict[str, list[tuple[str, bool]]] = defaultdict(list)
    for a in assignments:
        if (
            not isinstance(a, dict)
            or a.get("session") not in sess
            or a.get("volunteer") not in vols
        ):
            continue
        if any(m == a["volunteer"] for m, _ in panels[a["session"]]):
            continue
        panels[a["session"]].append((a["volunteer"], bool(a.get("chair", False))))
    return panels


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
    panels = _panels(instance, assignments)
    sittings: Counter = Counter(vid for ms in panels.values() for vid, _ in ms)
    seats = sum(sittings.values())
    local = 0.0
    travel = 0.0
    for sid, members in panels.items():
        s = sess[sid]
        councils = [h["local_authority"] for h in _hearings(instance, s)]
        c = centres[s["centre"]]
        for vid, _ in members:
            v = vols[vid]
            mine = v.get("local_authorities", [])
            local += sum(la in mine for la in councils) / len(councils)
            if not _v2(instance, s, "virtual", False):
                travel += _km(v["lat"], v["lon"], c["lat"], c["lon"])
    complete, mixed, language = _panel_metrics(instance, vols, sess, panels)
    fair = sum(n * n / max(1, vols[vid]["target_sittings"]) for vid, n in sittings.items())
    over = sum(max(0, n - vols[vid]["target_sittings"]) for vid, n in sittings.items())
    unused = sum(1 for v in instance["volunteers"] if v["available"] and not sittings[v["id"]])
    # A v1 file has whole-number local counts, printed as before.
    local = int(local) if instance.get("schema") != V2 else round(local, 6)
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
    if instance.get("schema") == V2:
        continuity = _continuity(instance, sess, panels)
        metrics["language"] = language
        metrics["continuity"] = continuity
        objective += WEIGHTS["language"] * language + WEIGHTS["continuity"] * continuity
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


def _panel_metrics(instance, vols, sess, panels) -> tuple[int, int, int]:
    """Complete panels, mixed ones, and languages needed and spoken on complete panels."""
    complete = mixed = language = 0
    for sid, members in panels.items():
        s = sess[sid]
        chairs = [vid for vid, ch in members if ch]
        if len(members) == s["seats"] and len(chairs) == 1 and vols[chairs[0]]["can_chair"]:
            complete += 1
            sexes = {vols[vid]["sex"] for vid, _ in members}
            mixed += "F" in sexes and "M" in sexes
            spoken = {lang for vid, _ in members for lang in vols[vid].get("languages", [])}
            language += sum(1 for lang in set(_v2(instance, s, "languages", [])) if lang in spoken)
    return complete, mixed, language


def _continuity(instance, sess, panels) -> int:
    """Members of a child's previous panel sitting again where continuity was requested."""
    _, latest = _history(instance)
    total = 0
    for sid, members in panels.items():
        on = {vid for vid, _ in members}
        for h in _hearings(instance, sess[sid]):
            if h.get("continuity"):
                total += len(on & latest.get(h["case"], set()))
    return total
