"""Plain-words explanations for incomplete and single-sex panels, and missing languages."""

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
    "at their weekly limit": "at their limit for that week",
    "free": "free, but not enough to complete it lawfully",
}
SEX_WORD = {"F": ("female", "women", "woman"), "M": ("male", "men", "man")}
LANGUAGES = {"gd": "Gaelic", "bsl": "British Sign Language", "cy": "Welsh", "en": "English"}
REASON_WORDS = {
    "other region": "in another region",
    "does not sit at this centre": "not sitting at this centre by their own choice",
    "may not sit this period": "with no sittings allowed this period",
    "impartiality": "who sat on an earlier hearing of a child heard here "
    "(continuity was not requested)",
}


def language_name(tag: str) -> str:
    """'gd' -> 'Gaelic'; an unknown tag as it is."""
    return LANGUAGES.get(tag, tag)


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _join(parts: list[str]) -> str:
    parts = [p for p in parts if p]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


class _Roster:
    """The roster being explained: panels, loads and calendars."""

    def __init__(self, prob: Problem, triples: list[tuple[int, int, bool]]):
        self.prob = prob
        inst = prob.inst
        self.panels: dict[int, list[tuple[int, bool]]] = defaultdict(list)
        self.sittings: Counter = Counter()
        self.weekly: Counter = Counter()
        self.busy: set[tuple[int, str]] = set()
        for si, vi, c in triples:
            self.panels[si].append((vi, c))
            self.sittings[vi] += 1
            self.weekly[(vi, inst.sessions[si].week)] += 1
            self.busy.add((vi, inst.sessions[si].slot))
        self._offered: dict[str, list[int]] | None = None

    def offered(self, slot: str) -> list[int]:
        if self._offered is None:
            self._offered = volunteers_by_slot(self.prob.inst)
        return self._offered.get(slot, [])

    def eligible(self, si: int) -> list[int]:
        a, b = int(self.prob.ses_start[si]), int(self.prob.ses_start[si + 1])
        return [int(v) for v in self.prob.pairs.vol[a:b]]

    def status(self, si: int, vi: int) -> str:
        inst = self.prob.inst
        s, v = inst.sessions[si], inst.volunteers[vi]
        if any(m == vi for m, _ in self.panels.get(si, [])):
            return "on this panel"
        if (vi, s.slot) in self.busy:
            return "sitting elsewhere that half-day"
        if self.sittings[vi] >= v.max_sittings:
            return "at their sittings limit"
        if v.max_per_week is not None and self.weekly[(vi, s.week)] >= v.max_per_week:
            return "at their weekly limit"
        return "free"

    def statuses(self, si: int, members) -> str:
        st = Counter(STATUS_WORDS[self.status(si, vi)] for vi in members)
        return _join([f"{n} {k}" for k, n in st.items()])


def explain(prob: Problem, triples: list[tuple[int, int, bool]]) -> list[dict]:
    """One explanation per session without a complete panel, per single-sex full panel, and
    per complete panel without a member who speaks a language the hearing needs."""
    inst = prob.inst
    vols, sess = inst.volunteers, inst.sessions
    ro = _Roster(prob, triples)
    out = []
    for si, s in enumerate(sess):
        members = ro.panels.get(si, [])
        chairs = [vi for vi, c in members if c]
        complete = len(members) == s.seats and len(chairs) == 1
        sexes = {vols[vi].sex for vi, _ in members}
        missing = [
            lang for lang in s.languages if not prob.speaks_any(si, [m for m, _ in members], lang)
        ]
        if complete and {"F", "M"} <= sexes and not missing:
            continue
        where = f"{inst.centres[s.centre].id} on {slot_label(s.slot)}"
        if complete:
            texts = []
            if not {"F", "M"} <= sexes:
                texts.append(_single_sex(ro, si, sexes, where))
            if missing:
                texts.append(
                    f"No member who speaks {_join([language_name(x) for x in missing])} on the "
                    f"panel at {where}: {'; '.join(_language_causes(ro, si, missing))}."
                )
            text = " ".join(texts)
        else:
            text = _incomplete(ro, si, members, chairs, missing, where)
        out.append({"session": s.id, "text": text})
    return out


def _single_sex(ro: _Roster, si: int, sexes: set[str], where: str) -> str:
    vols = ro.prob.inst.volunteers
    (sex,) = sexes if len(sexes) == 1 else ("?",)
    other = "M" if sex == "F" else "F"
    adj = SEX_WORD.get(sex, ("single-sex",))[0]
    elig = ro.eligible(si)
    others = [vi for vi in elig if vols[vi].sex == other]
    noun = {"M": "man", "F": "woman"}.get(other, "member of the other sex")
    people = {"M": "men", "F": "women"}.get(other, "members of the other sex")
    if not others:
        why = f"none of the {_count(len(elig), 'eligible member')} is a {noun}"
    else:
        st = Counter(ro.status(si, vi) for vi in others)
        bits = [
            f"{st[k]} {STATUS_WORDS[k]}"
            for k in (
                "sitting elsewhere that half-day",
                "at their sittings limit",
                "at their weekly limit",
            )
            if st[k]
        ]
        if st["free"]:
            bits.append(
                f"{st['free']} free but swapping them in would break the chair or "
                "new-member rules or cost more elsewhere"
            )
        n_others = _count(len(others), "eligible " + noun, "eligible " + people)
        why = f"of the {n_others}, {_join(bits)}"
    return f"All-{adj} panel at {where}: a mixed panel was not possible; {why}."


def _language_causes(ro: _Roster, si: int, missing: list[str]) -> list[str]:
    """Why nobody who speaks each missing language sits: none eligible, or none available."""
    vols = ro.prob.inst.volunteers
    causes = []
    for lang in missing:
        name = language_name(lang)
        speakers = [vi for vi in ro.eligible(si) if lang in vols[vi].languages]
        if not speakers:
            offered = ro.offered(ro.prob.inst.sessions[si].slot)
            n = sum(lang in vols[vi].languages for vi in offered)
            causes.append(
                f"no member who speaks {name} offered that half-day"
                if not n
                else f"no member who speaks {name} could sit here "
                f"({_count(n, 'speaker')} offered that half-day but may not sit here)"
            )
        else:
            causes.append(
                f"no member who speaks {name} was available "
                f"({_count(len(speakers), 'speaker')} could sit here: {ro.statuses(si, speakers)})"
            )
    return causes


def _exclusions(ro: _Roster, si: int) -> tuple[Counter, float]:
    """Why members who offered the half-day cannot sit here, and the nearest too far."""
    inst = ro.prob.inst
    centre = inst.centres[inst.sessions[si].centre]
    elig = set(ro.eligible(si))
    reasons: Counter = Counter()
    nearest_far = float("inf")
    for vi in ro.offered(inst.sessions[si].slot):
        if vi not in elig:
            r = exclusion_reason(inst, vi, si) or "may not sit this period"
            reasons[r] += 1
            if r == "too far":
                v = inst.volunteers[vi]
                nearest_far = min(nearest_far, haversine_km(v.lat, v.lon, centre.lat, centre.lon))
    return reasons, nearest_far


def _chair_cause(ro: _Roster, si: int, elig_set: set[int]) -> str:
    inst = ro.prob.inst
    vols = inst.volunteers
    chair_cands = [vi for vi in elig_set if vols[vi].can_chair]
    if chair_cands:
        return (
            f"no chair-qualified member available ({_count(len(chair_cands), 'could', 'could')} "
            f"sit here: {ro.statuses(si, chair_cands)})"
        )
    offered = [vi for vi in ro.offered(inst.sessions[si].slot) if vols[vi].can_chair]
    partial = sum(exclusion_reason(inst, vi, si) == "impartiality" for vi in offered)
    if partial:
        who = "the chair-qualified member" if partial == 1 else f"the {partial} chairs"
        return f"{who} who could sit sat on an earlier hearing of a child heard here"
    return "no chair-qualified member who offered that half-day can sit here"


def _incomplete(ro: _Roster, si: int, members, chairs, missing: list[str], where: str) -> str:
    inst = ro.prob.inst
    s, vols = inst.sessions[si], inst.volunteers
    elig_set = set(ro.eligible(si))
    on_panel = {vi for vi, _ in members}
    reasons, nearest_far = _exclusions(ro, si)
    words = dict(REASON_WORDS)
    words["too far"] = f"beyond their travel limit (the nearest lives {nearest_far:.0f} km away)"
    reasons_text = _join([f"{n} {words.get(r, 'with a ' + r)}" for r, n in reasons.most_common()])
    n_off = len(ro.offered(s.slot))
    head = f"Incomplete panel at {where} ({len(members)} of {s.seats} members)"
    causes = []
    if not chairs and (elig_set or reasons.get("impartiality")):
        causes.append(_chair_cause(ro, si, elig_set))
    if not elig_set:
        causes.append("nobody who offered that half-day can sit here")
    elif len(elig_set) < s.seats:
        causes.append(f"only {_count(len(elig_set), 'member')} can sit here, for {s.seats} seats")
    new_free = sum(1 for vi in elig_set if ro.status(si, vi) == "free" and not vols[vi].experienced)
    if new_free and any(not vols[vi].experienced for vi in on_panel):
        causes.append(
            f"{_count(new_free, 'free candidate is', 'free candidates are')} newly appointed, "
            "and the panel already has one new member"
        )
    if missing:
        causes.extend(_language_causes(ro, si, missing))
    sex_mix = Counter(vols[vi].sex for vi in elig_set)
    sex_text = _join([f"{n} {SEX_WORD.get(k, (k,))[0]}" for k, n in sex_mix.items()])
    return (
        f"{head}: {'; '.join(causes) or 'no further member could be placed'}. "
        f"{_count(n_off, 'member')} offered that half-day"
        + (f": {reasons_text}" if reasons_text else "")
        + "."
        + (
            f" Of the {_count(len(elig_set), 'member')} who could sit here ({sex_text}): "
            f"{ro.statuses(si, elig_set)}."
            if elig_set
            else ""
        )
    )
