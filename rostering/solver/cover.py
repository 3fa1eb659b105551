"""suggest_cover: the best substitutes for one session, given the rota as it stands."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .eligibility import exclusion_reason
from .explain import language_name
from .geo import haversine_km
from .instance import Instance, InstanceError, parse_instance
from .problem import (
    W_COMPLETE,
    W_CONTINUITY,
    W_FAIR,
    W_LANGUAGE,
    W_LOCAL,
    W_MIXED,
    W_SEAT,
    W_TRAVEL,
)

SEX = {"F": "woman", "M": "man"}


@dataclass
class _Rota:
    """The rota as it stands, seen from one session."""

    sittings: Counter = field(default_factory=Counter)
    weekly: Counter = field(default_factory=Counter)  # (volunteer, ISO week) -> sittings
    busy: set[int] = field(default_factory=set)  # sitting elsewhere in the session's slot
    panel: list[tuple[int, bool]] = field(default_factory=list)


def _rota(inst: Instance, si: int, rota: list[dict]) -> _Rota:
    s = inst.sessions[si]
    out = _Rota()
    vidx, sidx = inst.volunteer_index, inst.session_index
    for a in rota:
        vi, sj = vidx.get(a.get("volunteer")), sidx.get(a.get("session"))
        if vi is None or sj is None:
            continue
        out.sittings[vi] += 1
        out.weekly[(vi, inst.sessions[sj].week)] += 1
        if inst.sessions[sj].slot == s.slot:
            out.busy.add(vi)
        if sj == si:
            out.panel.append((vi, bool(a.get("chair", False))))
    return out


def suggest_cover(
    instance: dict, session_id: str, n: int = 5, *, assignments: list[dict] | None = None
) -> list[dict]:
    """Up to n eligible substitutes for a session, best first, with reasons in words.

    ``assignments`` is the rota as it stands (default: the instance's ``previous``); the
    withdrawing member should already be left out of it. Every hard rule is kept: rules 1-3
    and 9 through eligibility.exclusion_reason (as the solver's pairs), and the slot, sittings,
    weekly, chair and new-member rules against the rota.
    """
    inst = parse_instance(instance)
    if session_id not in inst.session_index:
        raise InstanceError(f"unknown session {session_id}")
    si = inst.session_index[session_id]
    s = inst.sessions[si]
    rota = _rota(inst, si, assignments if assignments is not None else instance.get("previous", []))
    if len(rota.panel) >= s.seats:
        return []
    vols = inst.volunteers
    has_new = any(not vols[vi].experienced for vi, _ in rota.panel)
    has_chair = any(c for _, c in rota.panel)
    # After this placement, would the panel be full?
    completes = len(rota.panel) + 1 == s.seats
    out = []
    for vi, v in enumerate(vols):
        if s.slot not in v.available or vi in rota.busy or rota.sittings[vi] >= v.max_sittings:
            continue
        if v.max_per_week is not None and rota.weekly[(vi, s.week)] >= v.max_per_week:
            continue
        if has_new and not v.experienced:
            continue
        if completes and not has_chair and not v.can_chair:
            # Filling the last seat without a chair would break rule 6.
            continue
        if exclusion_reason(inst, vi, si) is not None:
            continue
        out.append(_candidate(inst, si, vi, rota, completes=completes, has_chair=has_chair))
    out.sort(key=lambda c: (-c["gain"], c["distance_km"], c["volunteer"]))
    return out[:n]


def _candidate(
    inst: Instance, si: int, vi: int, rota: _Rota, *, completes: bool, has_chair: bool
) -> dict:
    """One substitute: how much placing them gains, and why, in words."""
    s, v = inst.sessions[si], inst.volunteers[vi]
    centre = inst.centres[s.centre]
    sexes = {inst.volunteers[m].sex for m, _ in rota.panel}
    d = 0.0 if s.virtual else haversine_km(v.lat, v.lon, centre.lat, centre.lon)
    local = inst.local_share(vi, si)
    k = rota.sittings[vi] + 1
    t = max(1.0, v.target_sittings)
    gain = W_SEAT + W_LOCAL * local - W_FAIR * (2 * k - 1) / t - W_TRAVEL * d
    reasons = []
    chair_ok = v.can_chair and not has_chair
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
    spoken = set().union(*(inst.volunteers[m].languages for m, _ in rota.panel))
    for lang in s.languages:
        if lang in v.languages and lang not in spoken:
            reasons.append(f"speaks {language_name(lang)}, which the hearing needs")
            gain += W_LANGUAGE if completes else W_LANGUAGE / 2
    again = inst.continuity_count(vi, si)
    if again:
        reasons.append("sat on the child's previous hearing, and continuity was requested")
        gain += W_CONTINUITY * again
    if local:
        councils = sorted(set(s.councils) & v.local_authorities)
        reasons.append(f"lives or works in {', '.join(councils)}")
    reasons.append("virtual hearing" if s.virtual else f"{d:.1f} km from {centre.id}")
    reasons.append(f"{rota.sittings[vi]} sitting(s) so far, target {v.target_sittings:g}")
    if not v.experienced:
        reasons.append("newly appointed")
    return {
        "volunteer": v.id,
        "chair_ok": chair_ok,
        "distance_km": round(d, 1),
        "sittings": rota.sittings[vi],
        "target": v.target_sittings,
        "gain": round(gain, 2),
        "reasons": reasons,
    }
