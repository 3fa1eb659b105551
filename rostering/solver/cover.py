"""suggest_cover: the best substitutes for one session, given the rota as it stands."""

from __future__ import annotations

from collections import Counter

from .eligibility import exclusion_reason
from .geo import haversine_km
from .instance import InstanceError, parse_instance
from .problem import W_COMPLETE, W_FAIR, W_LOCAL, W_MIXED, W_SEAT, W_TRAVEL

SEX = {"F": "woman", "M": "man"}


def suggest_cover(
    instance: dict, session_id: str, n: int = 5, *, assignments: list[dict] | None = None
) -> list[dict]:
    """Up to n eligible substitutes for a session, best first, with reasons in words.

    ``assignments`` is the rota as it stands (default: the instance's ``previous``); the
    withdrawing member should already be left out of it.
    """
    inst = parse_instance(instance)
    if session_id not in inst.session_index:
        raise InstanceError(f"unknown session {session_id}")
    si = inst.session_index[session_id]
    s = inst.sessions[si]
    centre = inst.centres[s.centre]
    rota = assignments if assignments is not None else instance.get("previous", [])
    vols = inst.volunteers
    vidx, sidx = inst.volunteer_index, inst.session_index
    sittings: Counter = Counter()
    busy: set[int] = set()
    panel: list[tuple[int, bool]] = []
    for a in rota:
        vi, sj = vidx.get(a.get("volunteer")), sidx.get(a.get("session"))
        if vi is None or sj is None:
            continue
        sittings[vi] += 1
        if inst.sessions[sj].slot == s.slot:
            busy.add(vi)
        if sj == si:
            panel.append((vi, bool(a.get("chair", False))))
    has_chair = any(c for _, c in panel)
    has_new = any(not vols[vi].experienced for vi, _ in panel)
    sexes = {vols[vi].sex for vi, _ in panel}
    # After this placement, would the panel be full?
    completes = len(panel) + 1 == s.seats
    if len(panel) >= s.seats:
        return []

    out = []
    for vi, v in enumerate(vols):
        if s.slot not in v.available or vi in busy or sittings[vi] >= v.max_sittings:
            continue
        if has_new and not v.experienced:
            continue
        if exclusion_reason(inst, vi, si) is not None:
            continue
        chair_ok = v.can_chair and not has_chair
        if completes and not has_chair and not v.can_chair:
            # Filling the last seat without a chair would break rule 6.
            continue
        d = haversine_km(v.lat, v.lon, centre.lat, centre.lon)
        local = s.local_authority in v.local_authorities
        k = sittings[vi] + 1
        t = max(1.0, v.target_sittings)
        gain = W_SEAT + W_LOCAL * local - W_FAIR * (2 * k - 1) / t - W_TRAVEL * d
        reasons = []
        if completes:
            gain += W_COMPLETE
            reasons.append("completes the panel")
        if chair_ok:
            reasons.append("qualified to chair, and the panel has no chair")
            # A chair matters before the last seat too: without one it cannot be completed.
            gain += W_COMPLETE / 2 if not completes else 0
        if v.sex in SEX and v.sex not in sexes and sexes:
            reasons.append(f"a {SEX[v.sex]}, so the panel can be mixed")
            gain += W_MIXED if completes and len(sexes | {v.sex}) >= 2 else W_MIXED / 2
        if local:
            reasons.append(f"lives or works in {s.local_authority}")
        reasons.append(f"{d:.1f} km from {centre.id}")
        reasons.append(f"{sittings[vi]} sitting(s) so far, target {v.target_sittings:g}")
        if not v.experienced:
            reasons.append("newly appointed")
        out.append(
            {
                "volunteer": v.id,
                "chair_ok": chair_ok,
                "distance_km": round(d, 1),
                "sittings": sittings[vi],
                "target": v.target_sittings,
                "gain": round(gain, 2),
                "reasons": reasons,
            }
        )
    out.sort(key=lambda c: (-c["gain"], c["distance_km"], c["volunteer"]))
    return out[:n]
