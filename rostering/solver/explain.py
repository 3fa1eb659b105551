"""Plain-words explanations for incomplete and single-sex panels."""

from __future__ import annotations

from collections import Counter, defaultdict

from .eligibility import exclusion_reason, volunteers_by_slot
from .geo import haversine_km
from .instance import slot_label
from .problem import Problem

STATUS_WORDS = {
    "on this panel": "on this panel",
    "sitting elsewhere that half-day": "already on another panel that half-day",
    "at their sittings limit": "at their sittings limit",
    "free": "free, but not enough to complete it lawfully",
}
SEX_WORD = {"F": ("female", "women", "woman"), "M": ("male", "men", "man")}


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _join(parts: list[str]) -> str:
    parts = [p for p in parts if p]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def explain(prob: Problem, triples: list[tuple[int, int, bool]]) -> list[dict]:
    """One explanation per session without a complete panel and per single-sex full panel."""
    inst, pairs = prob.inst, prob.pairs
    vols, sess = inst.volunteers, inst.sessions
    panels: dict[int, list[tuple[int, bool]]] = defaultdict(list)
    sittings: Counter = Counter()
    busy: dict[tuple[int, str], int] = {}
    for si, vi, c in triples:
        panels[si].append((vi, c))
        sittings[vi] += 1
        busy[(vi, sess[si].slot)] = si
    offered = None
    out = []
    for si, s in enumerate(sess):
        members = panels.get(si, [])
        chairs = [vi for vi, c in members if c]
        complete = len(members) == s.seats and len(chairs) == 1
        sexes = {vols[vi].sex for vi, _ in members}
        if complete and {"F", "M"} <= sexes:
            continue
        a, b = int(prob.ses_start[si]), int(prob.ses_start[si + 1])
        elig = [int(v) for v in pairs.vol[a:b]]
        on_panel = {vi for vi, _ in members}

        def status(vi: int, si=si, s=s, on_panel=on_panel) -> str:
            if vi in on_panel:
                return "on this panel"
            if (vi, s.slot) in busy:
                return "sitting elsewhere that half-day"
            if sittings[vi] >= vols[vi].max_sittings:
                return "at their sittings limit"
            return "free"

        where = f"{inst.centres[s.centre].id} on {slot_label(s.slot)}"
        if complete:
            (sex,) = sexes if len(sexes) == 1 else ("?",)
            other = "M" if sex == "F" else "F"
            adj = SEX_WORD.get(sex, ("single-sex",))[0]
            others = [vi for vi in elig if vols[vi].sex == other]
            noun = {"M": "man", "F": "woman"}.get(other, "member of the other sex")
            people = {"M": "men", "F": "women"}.get(other, "members of the other sex")
            if not others:
                why = f"none of the {_count(len(elig), 'eligible member')} is a {noun}"
            else:
                st = Counter(status(vi) for vi in others)
                bits = [
                    f"{st[k]} {STATUS_WORDS[k]}"
                    for k in ("sitting elsewhere that half-day", "at their sittings limit")
                    if st[k]
                ]
                if st["free"]:
                    bits.append(
                        f"{st['free']} free but swapping them in would break the chair or "
                        "new-member rules or cost more elsewhere"
                    )
                n_others = _count(len(others), "eligible " + noun, "eligible " + people)
                why = f"of the {n_others}, {_join(bits)}"
            out.append(
                {
                    "session": s.id,
                    "text": f"All-{adj} panel at {where}: a mixed panel was not possible; {why}.",
                }
            )
            continue

        if offered is None:
            offered = volunteers_by_slot(inst)
        elig_set = set(elig)
        reasons: Counter = Counter()
        nearest_far = float("inf")
        centre = inst.centres[s.centre]
        for vi in offered.get(s.slot, []):
            if vi not in elig_set:
                r = exclusion_reason(inst, vi, si) or "may not sit this period"
                reasons[r] += 1
                if r == "too far":
                    v = vols[vi]
                    nearest_far = min(
                        nearest_far, haversine_km(v.lat, v.lon, centre.lat, centre.lon)
                    )
        words = {
            "other region": "in another region",
            "too far": f"beyond their travel limit (the nearest lives {nearest_far:.0f} km away)",
            "does not sit at this centre": "not sitting at this centre by their own choice",
            "may not sit this period": "with no sittings allowed this period",
        }
        reasons_text = _join(
            [f"{n} {words.get(r, 'with a ' + r)}" for r, n in reasons.most_common()]
        )
        n_off = len(offered.get(s.slot, []))
        head = f"Incomplete panel at {where} ({len(members)} of {s.seats} members)"
        causes = []
        chair_cands = [vi for vi in elig_set if vols[vi].can_chair]
        if not chairs and elig_set:
            if not chair_cands:
                causes.append("no chair-qualified member who offered that half-day can sit here")
            else:
                st = Counter(STATUS_WORDS[status(vi)] for vi in chair_cands)
                causes.append(
                    f"no chair-qualified member available ({_count(len(chair_cands), 'could', 'could')} "
                    f"sit here: {_join([f'{n} {k}' for k, n in st.items()])})"
                )
        if not elig_set:
            causes.append("nobody who offered that half-day can sit here")
        elif len(elig_set) < s.seats:
            causes.append(
                f"only {_count(len(elig_set), 'member')} can sit here, for {s.seats} seats"
            )
        new_free = sum(1 for vi in elig_set if status(vi) == "free" and not vols[vi].experienced)
        if new_free and any(not vols[vi].experienced for vi in on_panel):
            causes.append(
                f"{_count(new_free, 'free candidate is', 'free candidates are')} newly appointed, "
                "and the panel already has one new member"
            )
        st = Counter(STATUS_WORDS[status(vi)] for vi in elig_set)
        sex_mix = Counter(vols[vi].sex for vi in elig_set)
        sex_text = _join([f"{n} {SEX_WORD.get(k, (k,))[0]}" for k, n in sex_mix.items()])
        detail = _join([f"{n} {k}" for k, n in st.items()])
        text = (
            f"{head}: {'; '.join(causes) or 'no further member could be placed'}. "
            f"{_count(n_off, 'member')} offered that half-day"
            + (f": {reasons_text}" if reasons_text else "")
            + "."
            + (
                f" Of the {_count(len(elig_set), 'member')} who could sit here ({sex_text}): {detail}."
                if elig_set
                else ""
            )
        )
        out.append({"session": s.id, "text": text})
    return out
