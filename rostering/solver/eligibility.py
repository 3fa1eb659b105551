"""Eligible (volunteer, session) pairs, found by slot and place rather than over all pairs."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from .geo import haversine_km, haversine_matrix
from .instance import Instance


@dataclass(slots=True)
class Pairs:
    """Eligible pairs as parallel arrays, sorted by session then volunteer."""

    vol: np.ndarray  # int32 volunteer index
    ses: np.ndarray  # int32 session index
    dist: np.ndarray  # float64 km
    local: np.ndarray  # float: share of the session's hearings in the member's councils
    cont: np.ndarray  # int: continuity-requested hearings whose previous panel had the member

    def __len__(self) -> int:
        return len(self.vol)


def sessions_by_slot(inst: Instance) -> dict[str, list[int]]:
    """Session indices grouped by half-day slot."""
    out: dict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(inst.sessions):
        out[s.slot].append(i)
    return out


def volunteers_by_slot(inst: Instance) -> dict[str, list[int]]:
    """Volunteer indices grouped by the slots they offered."""
    out: dict[str, list[int]] = defaultdict(list)
    for i, v in enumerate(inst.volunteers):
        for slot in v.available:
            out[slot].append(i)
    return out


def place_reason(inst: Instance, vi: int, si: int) -> str | None:
    """Rule 2 by the member's own centres: not for a virtual session."""
    v, s = inst.volunteers[vi], inst.sessions[si]
    if v.centres is not None and not s.virtual and inst.centres[s.centre].id not in v.centres:
        return "does not sit at this centre"
    return None


def personal_reason(inst: Instance, vi: int, si: int) -> str | None:
    """Rules 3 and 9: a conflict with any hearing's council or case, or impartiality."""
    v, s = inst.volunteers[vi], inst.sessions[si]
    if v.conflict_local_authorities and not v.conflict_local_authorities.isdisjoint(s.councils):
        return "conflict of interest (council area)"
    if v.conflict_cases and not v.conflict_cases.isdisjoint(s.cases):
        return "conflict of interest (case)"
    if inst.barred and inst.impartiality_case(vi, si) is not None:
        return "impartiality"
    return None


def _special(inst: Instance) -> np.ndarray:
    """Members with any personal exclusion (few): only they need a per-pair Python check."""
    in_history = set().union(*inst.barred.values()) if inst.barred else set()
    return np.array(
        [
            bool(v.conflict_local_authorities or v.conflict_cases or v.centres) or vi in in_history
            for vi, v in enumerate(inst.volunteers)
        ],
        dtype=bool,
    )


def eligible_pairs(inst: Instance) -> Pairs:
    """All pairs that keep rules 1-3 and 9 (slot offered, distance, region, centres,
    conflicts, impartiality); a virtual session is at distance 0 and ignores travel limits."""
    by_slot_s = sessions_by_slot(inst)
    by_slot_v = volunteers_by_slot(inst)
    vols, sess = inst.volunteers, inst.sessions
    regional = inst.model == "regional"
    vlat = np.array([v.lat for v in vols])
    vlon = np.array([v.lon for v in vols])
    vmax = np.array([v.max_travel_km for v in vols])
    vregion = [v.region for v in vols]
    special = _special(inst)
    virtual = np.array([s.virtual for s in sess], dtype=bool)
    out_v, out_s, out_d = [], [], []
    for slot, s_list in by_slot_s.items():
        v_list = by_slot_v.get(slot)
        if not v_list:
            continue
        groups: list[tuple[list[int], list[int]]]
        if regional:
            by_region_v: dict[str, list[int]] = defaultdict(list)
            for vi in v_list:
                by_region_v[vregion[vi]].append(vi)
            by_region_s: dict[str, list[int]] = defaultdict(list)
            for si in s_list:
                by_region_s[inst.centres[sess[si].centre].region].append(si)
            groups = [(by_region_v[r], ss) for r, ss in by_region_s.items() if r in by_region_v]
        else:
            groups = [(v_list, s_list)]
        for vg, sg in groups:
            va = np.asarray(vg, dtype=np.int32)
            sa = np.asarray(sg, dtype=np.int32)
            clat = np.array([inst.centres[sess[si].centre].lat for si in sg])
            clon = np.array([inst.centres[sess[si].centre].lon for si in sg])
            d = haversine_matrix(vlat[va], vlon[va], clat, clon)
            d[:, virtual[sa]] = 0.0
            ok = d <= vmax[va][:, None]
            iv, js = np.nonzero(ok)
            if not len(iv):
                continue
            pv, ps, pd = va[iv], sa[js], d[iv, js]
            sp = special[pv]
            if sp.any():
                keep = np.ones(len(pv), dtype=bool)
                for k in np.nonzero(sp)[0]:
                    vi, si = int(pv[k]), int(ps[k])
                    if place_reason(inst, vi, si) or personal_reason(inst, vi, si):
                        keep[k] = False
                pv, ps, pd = pv[keep], ps[keep], pd[keep]
            out_v.append(pv)
            out_s.append(ps)
            out_d.append(pd)
    if out_v:
        pv = np.concatenate(out_v).astype(np.int32)
        ps = np.concatenate(out_s).astype(np.int32)
        pd = np.concatenate(out_d)
    else:
        pv = np.zeros(0, np.int32)
        ps = np.zeros(0, np.int32)
        pd = np.zeros(0)
    order = np.lexsort((pv, ps))
    pv, ps, pd = pv[order], ps[order], pd[order]
    both = list(zip(pv.tolist(), ps.tolist(), strict=True))
    local = np.fromiter(_shares(inst, both), dtype=np.float64, count=len(pv))
    cont = np.zeros(len(pv), dtype=np.int64)
    if inst.last_panel and len(ps):
        asks = np.array([bool(s.continuity) for s in sess], dtype=bool)
        for k in np.flatnonzero(asks[ps]).tolist():
            cont[k] = inst.continuity_count(both[k][0], both[k][1])
    return Pairs(pv, ps, pd, local, cont)


def _shares(inst: Instance, both: list[tuple[int, int]]):
    """Local share of each (volunteer, session) pair; one council per session is the common
    (and version-1) case, done without the general count."""
    vols, sess = inst.volunteers, inst.sessions
    for v, s in both:
        councils = sess[s].councils
        if len(councils) == 1:
            yield 1.0 if councils[0] in vols[v].local_authorities else 0.0
        else:
            yield inst.local_share(v, s)


def exclusion_reason(inst: Instance, vi: int, si: int) -> str | None:
    """Why volunteer vi may not sit on session si under rules 1-3 and 9, or None if they may.

    The same tests as eligible_pairs, in words: "not available", "other region", "does not
    sit at this centre", "too far", "conflict of interest (council area)" or "(case)", and
    "impartiality" (sat on an earlier hearing of a child on this session, no continuity).
    """
    v, s = inst.volunteers[vi], inst.sessions[si]
    c = inst.centres[s.centre]
    if s.slot not in v.available:
        return "not available"
    if inst.model == "regional" and v.region != c.region:
        return "other region"
    reason = place_reason(inst, vi, si)
    if reason:
        return reason
    if not s.virtual and haversine_km(v.lat, v.lon, c.lat, c.lon) > v.max_travel_km:
        return "too far"
    return personal_reason(inst, vi, si)
