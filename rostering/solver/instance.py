"""Reading and validating a ``panel-roster/1`` or ``panel-roster/2`` instance.

A version-1 file is read as version 2 with the new fields absent: every session has one
council (its ``local_authority``), no languages, no history and no weekly limits.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from .fields import (
    InstanceError,
    _bool,
    _date,
    _latlon,
    _list,
    _need,
    _num,
    _obj,
    _str,
    _strlist,
)

SCHEMA = "panel-roster/1"
SCHEMA_V2 = "panel-roster/2"
SCHEMAS = (SCHEMA, SCHEMA_V2)
SOLUTION_SCHEMA = "panel-roster-solution/1"
MODELS = ("regional", "national")
HALVES = ("AM", "PM")


@dataclass(slots=True)
class Centre:
    id: str
    region: str
    lat: float
    lon: float
    local_authority: str


@dataclass(slots=True)
class Volunteer:
    id: str
    sex: str
    region: str
    lat: float
    lon: float
    max_travel_km: float
    can_chair: bool
    experienced: bool
    available: tuple[str, ...]
    max_sittings: int
    target_sittings: float
    local_authorities: frozenset[str]
    conflict_local_authorities: frozenset[str]
    conflict_cases: frozenset[str]
    centres: frozenset[str] | None
    languages: frozenset[str] = frozenset()
    max_per_week: int | None = None


@dataclass(slots=True)
class Session:
    id: str
    centre: int
    date: dt.date
    half: str
    slot: str
    seats: int
    local_authority: str  # v1's; with hearings, the most frequent child's council
    cases: tuple[str, ...]  # every case heard
    fixed: list[tuple[int, bool]] = field(default_factory=list)
    # One council per hearing (v1: the session's own), for the local share and conflicts.
    councils: tuple[str, ...] = ()
    continuity: tuple[str, ...] = ()  # cases whose hearing asks for continuity
    virtual: bool = False
    languages: tuple[str, ...] = ()

    @property
    def week(self) -> tuple[int, int]:
        """ISO (year, week) of the session, for the weekly limit."""
        return iso_week(self.date)


@dataclass(slots=True)
class Instance:
    model: str
    start: dt.date
    end: dt.date
    centres: list[Centre]
    volunteers: list[Volunteer]
    sessions: list[Session]
    previous: list[tuple[int, int, bool]]
    centre_index: dict[str, int]
    volunteer_index: dict[str, int]
    session_index: dict[str, int]
    version: int = 1
    # case -> members of any earlier hearing of that child (impartiality, rule 9) ...
    barred: dict[str, frozenset[int]] = field(default_factory=dict)
    # ... and of the latest one (the "previous panel" that continuity rewards).
    last_panel: dict[str, frozenset[int]] = field(default_factory=dict)

    def impartiality_case(self, vi: int, si: int) -> str | None:
        """A case on session si whose history lists vi without continuity, else None."""
        s = self.sessions[si]
        for case in s.cases:
            if case not in s.continuity and vi in self.barred.get(case, ()):
                return case
        return None

    def continuity_count(self, vi: int, si: int) -> int:
        """Continuity-requested hearings of session si whose previous panel had vi."""
        return sum(vi in self.last_panel.get(c, ()) for c in self.sessions[si].continuity)

    def local_share(self, vi: int, si: int) -> float:
        """Share of the session's hearings whose child's council is one of vi's."""
        councils = self.sessions[si].councils
        mine = self.volunteers[vi].local_authorities
        return sum(c in mine for c in councils) / len(councils) if councils else 0.0


def iso_week(day: dt.date) -> tuple[int, int]:
    """ISO (year, week): Monday to Sunday."""
    year, week, _ = day.isocalendar()
    return year, week


def parse_instance(data: dict) -> Instance:
    """Validate a panel-roster/1 or /2 dict and return an indexed Instance; raise InstanceError."""
    data = _obj(data, "instance")
    if data.get("schema") not in SCHEMAS:
        raise InstanceError(
            f"schema must be {SCHEMA!r} or {SCHEMA_V2!r}, got {data.get('schema')!r}"
        )
    version = 2 if data["schema"] == SCHEMA_V2 else 1
    model = data.get("model")
    if model not in MODELS:
        raise InstanceError(f"model must be 'regional' or 'national', got {model!r}")
    period = _obj(_need(data, "period", "instance"), "period")
    start = _date(_need(period, "start", "period"), "period.start")
    end = _date(_need(period, "end", "period"), "period.end")
    if end < start:
        raise InstanceError(f"period ends ({end}) before it starts ({start})")
    centres, centre_index = _read_centres(data)
    volunteers, volunteer_index = _read_volunteers(data, start, end, centre_index, version)
    sessions, session_index = _read_sessions(
        data, start, end, centre_index, volunteer_index, version
    )
    previous = _read_previous(data, session_index, volunteer_index)
    barred, last_panel = _read_history(data, volunteer_index, version)
    return Instance(
        model,
        start,
        end,
        centres,
        volunteers,
        sessions,
        previous,
        centre_index,
        volunteer_index,
        session_index,
        version,
        barred,
        last_panel,
    )


def _read_centres(data: dict) -> tuple[list[Centre], dict[str, int]]:
    centres: list[Centre] = []
    centre_index: dict[str, int] = {}
    for i, c in enumerate(_list(data, "centres", "instance")):
        where = f"centres[{i}]"
        c = _obj(c, where)
        cid = _str(c.get("id"), f"{where}.id")
        if cid in centre_index:
            raise InstanceError(f"centre {cid} is listed twice")
        lat, lon = _latlon(c, f"centre {cid}")
        centre_index[cid] = len(centres)
        centres.append(
            Centre(
                cid,
                _str(c.get("region"), f"centre {cid}.region"),
                lat,
                lon,
                _str(c.get("local_authority"), f"centre {cid}.local_authority"),
            )
        )
    return centres, centre_index


def _read_volunteers(
    data: dict, start: dt.date, end: dt.date, centre_index: dict[str, int], version: int
) -> tuple[list[Volunteer], dict[str, int]]:
    volunteers: list[Volunteer] = []
    volunteer_index: dict[str, int] = {}
    for i, v in enumerate(_list(data, "volunteers", "instance")):
        v = _obj(v, f"volunteers[{i}]")
        vid = _str(v.get("id"), f"volunteers[{i}].id")
        if vid in volunteer_index:
            raise InstanceError(f"volunteer {vid} is listed twice")
        volunteer_index[vid] = len(volunteers)
        volunteers.append(_read_volunteer(v, vid, start, end, centre_index, version))
    return volunteers, volunteer_index


def _read_volunteer(
    v: dict, vid: str, start: dt.date, end: dt.date, centre_index: dict[str, int], version: int
) -> Volunteer:
    w = f"volunteer {vid}"
    lat, lon = _latlon(v, w)
    slots = _strlist(_need(v, "available", w), f"{w}.available")
    seen: set[str] = set()
    for slot in slots:
        _check_slot(slot, start, end, w)
        if slot in seen:
            raise InstanceError(f"{w} offers slot {slot} twice")
        seen.add(slot)
    only = v.get("centres")
    if only is not None:
        only = _strlist(only, f"{w}.centres")
        for cid in only:
            if cid not in centre_index:
                raise InstanceError(f"{w}.centres names unknown centre {cid}")
        only = frozenset(only)
    languages: frozenset[str] = frozenset()
    per_week = None
    if version >= 2:
        languages = frozenset(_strlist(v.get("languages", []), f"{w}.languages"))
        if v.get("max_per_week") is not None:
            per_week = _num(v["max_per_week"], f"{w}.max_per_week", minimum=0, integer=True)
    return Volunteer(
        id=vid,
        sex=_str(_need(v, "sex", w), f"{w}.sex"),
        region=_str(_need(v, "region", w), f"{w}.region"),
        lat=lat,
        lon=lon,
        max_travel_km=_num(_need(v, "max_travel_km", w), f"{w}.max_travel_km", minimum=0),
        can_chair=_bool(_need(v, "can_chair", w), f"{w}.can_chair"),
        experienced=_bool(_need(v, "experienced", w), f"{w}.experienced"),
        available=tuple(slots),
        max_sittings=_num(
            _need(v, "max_sittings", w), f"{w}.max_sittings", minimum=0, integer=True
        ),
        target_sittings=_num(_need(v, "target_sittings", w), f"{w}.target_sittings", minimum=0),
        local_authorities=frozenset(
            _strlist(v.get("local_authorities", []), f"{w}.local_authorities")
        ),
        conflict_local_authorities=frozenset(
            _strlist(v.get("conflict_local_authorities", []), f"{w}.conflict_local_authorities")
        ),
        conflict_cases=frozenset(_strlist(v.get("conflict_cases", []), f"{w}.conflict_cases")),
        centres=only,
        languages=languages,
        max_per_week=per_week,
    )


def _read_sessions(
    data: dict,
    start: dt.date,
    end: dt.date,
    centre_index: dict[str, int],
    volunteer_index: dict[str, int],
    version: int,
) -> tuple[list[Session], dict[str, int]]:
    sessions: list[Session] = []
    session_index: dict[str, int] = {}
    for i, s in enumerate(_list(data, "sessions", "instance")):
        s = _obj(s, f"sessions[{i}]")
        sid = _str(s.get("id"), f"sessions[{i}].id")
        if sid in session_index:
            raise InstanceError(f"session {sid} is listed twice")
        session_index[sid] = len(sessions)
        sessions.append(_read_session(s, sid, start, end, centre_index, volunteer_index, version))
    return sessions, session_index


def _read_session(
    s: dict,
    sid: str,
    start: dt.date,
    end: dt.date,
    centre_index: dict[str, int],
    volunteer_index: dict[str, int],
    version: int,
) -> Session:
    w = f"session {sid}"
    cid = _str(_need(s, "centre", w), f"{w}.centre")
    if cid not in centre_index:
        raise InstanceError(f"{w} is at unknown centre {cid}")
    day = _date(_need(s, "date", w), f"{w}.date")
    if not start <= day <= end:
        raise InstanceError(f"{w} is on {day}, outside the period {start} to {end}")
    half = _need(s, "half", w)
    if half not in HALVES:
        raise InstanceError(f"{w}.half must be 'AM' or 'PM', got {half!r}")
    seats = _num(_need(s, "seats", w), f"{w}.seats", minimum=1, integer=True)
    fixed = _read_fixed(s, w, seats, volunteer_index)
    if version >= 2 and s.get("hearings") is not None:
        cases, councils, continuity = _read_hearings(s, w)
        la = Counter(councils).most_common(1)[0][0]
    else:
        la = _str(_need(s, "local_authority", w), f"{w}.local_authority")
        cases, councils, continuity = tuple(_strlist(s.get("cases", []), f"{w}.cases")), (la,), ()
    virtual, languages = False, ()
    if version >= 2:
        virtual = _bool(s.get("virtual", False), f"{w}.virtual")
        languages = tuple(dict.fromkeys(_strlist(s.get("languages", []), f"{w}.languages")))
    return Session(
        id=sid,
        centre=centre_index[cid],
        date=day,
        half=half,
        slot=f"{day.isoformat()}/{half}",
        seats=seats,
        local_authority=la,
        cases=cases,
        fixed=fixed,
        councils=councils,
        continuity=continuity,
        virtual=virtual,
        languages=languages,
    )


def _read_fixed(
    s: dict, w: str, seats: int, volunteer_index: dict[str, int]
) -> list[tuple[int, bool]]:
    fixed: list[tuple[int, bool]] = []
    fixed_raw = s.get("fixed", [])
    if not isinstance(fixed_raw, list):
        raise InstanceError(f"{w}.fixed must be a list")
    for j, f in enumerate(fixed_raw):
        f = _obj(f, f"{w}.fixed[{j}]")
        fvid = _str(f.get("volunteer"), f"{w}.fixed[{j}].volunteer")
        if fvid not in volunteer_index:
            raise InstanceError(f"{w}.fixed names unknown volunteer {fvid}")
        vi = volunteer_index[fvid]
        if any(vi == x for x, _ in fixed):
            raise InstanceError(f"{w}.fixed lists volunteer {fvid} twice")
        fixed.append((vi, _bool(f.get("chair", False), f"{w}.fixed[{j}].chair")))
    if len(fixed) > seats:
        raise InstanceError(f"{w} has {len(fixed)} fixed members but only {seats} seats")
    if sum(ch for _, ch in fixed) > 1:
        raise InstanceError(f"{w} has more than one fixed chair")
    return fixed


def _read_hearings(s: dict, w: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(cases, one council per hearing, continuity-requested cases) of a v2 session."""
    raw = s["hearings"]
    if not isinstance(raw, list) or not raw:
        raise InstanceError(f"{w}.hearings must be a non-empty list")
    cases, councils, continuity = [], [], []
    for j, h in enumerate(raw):
        h = _obj(h, f"{w}.hearings[{j}]")
        case = _str(h.get("case"), f"{w}.hearings[{j}].case")
        if case in cases:
            raise InstanceError(f"{w}.hearings lists case {case} twice")
        cases.append(case)
        councils.append(_str(h.get("local_authority"), f"{w}.hearings[{j}].local_authority"))
        if _bool(h.get("continuity", False), f"{w}.hearings[{j}].continuity"):
            continuity.append(case)
    return tuple(cases), tuple(councils), tuple(continuity)


def _read_previous(
    data: dict, session_index: dict[str, int], volunteer_index: dict[str, int]
) -> list[tuple[int, int, bool]]:
    previous: list[tuple[int, int, bool]] = []
    prev_raw = data.get("previous", [])
    if not isinstance(prev_raw, list):
        raise InstanceError("previous must be a list")
    seen_prev: set[tuple[int, int]] = set()
    for j, p in enumerate(prev_raw):
        p = _obj(p, f"previous[{j}]")
        sid = _str(p.get("session"), f"previous[{j}].session")
        vid = _str(p.get("volunteer"), f"previous[{j}].volunteer")
        if sid not in session_index:
            raise InstanceError(f"previous[{j}] names unknown session {sid}")
        if vid not in volunteer_index:
            raise InstanceError(f"previous[{j}] names unknown volunteer {vid}")
        key = (session_index[sid], volunteer_index[vid])
        if key in seen_prev:
            raise InstanceError(f"previous lists volunteer {vid} on session {sid} twice")
        seen_prev.add(key)
        previous.append((*key, _bool(p.get("chair", False), f"previous[{j}].chair")))
    return previous


def _read_history(
    data: dict, volunteer_index: dict[str, int], version: int
) -> tuple[dict[str, frozenset[int]], dict[str, frozenset[int]]]:
    """(case -> members of any earlier hearing, case -> members of the latest one).

    Members no longer in the instance are left out: they cannot sit anyway.
    """
    if version < 2:
        return {}, {}
    raw = data.get("history", [])
    if not isinstance(raw, list):
        raise InstanceError("history must be a list")
    barred: dict[str, set[int]] = {}
    latest: dict[str, tuple[dt.date, set[int]]] = {}
    for j, h in enumerate(raw):
        h = _obj(h, f"history[{j}]")
        case = _str(h.get("case"), f"history[{j}].case")
        day = _date(_need(h, "date", f"history[{j}]"), f"history[{j}].date")
        vids = _strlist(_need(h, "volunteers", f"history[{j}]"), f"history[{j}].volunteers")
        members = {volunteer_index[v] for v in vids if v in volunteer_index}
        barred.setdefault(case, set()).update(members)
        if case not in latest or day > latest[case][0]:
            latest[case] = (day, set(members))
        elif day == latest[case][0]:
            latest[case][1].update(members)
    return (
        {c: frozenset(m) for c, m in barred.items()},
        {c: frozenset(m) for c, (_, m) in latest.items()},
    )


def _check_slot(slot: str, start: dt.date, end: dt.date, where: str) -> None:
    day, sep, half = slot.partition("/")
    if not sep or half not in HALVES:
        raise InstanceError(f"{where} offers malformed slot {slot!r} (want YYYY-MM-DD/AM or /PM)")
    date = _date(day, f"{where} slot {slot!r}")
    if not start <= date <= end:
        raise InstanceError(f"{where} offers slot {slot} outside the period {start} to {end}")


def slot_label(slot: str) -> str:
    """'2027-03-12/AM' -> '12 March AM', the way an administrator writes it."""
    day, _, half = slot.partition("/")
    d = dt.date.fromisoformat(day)
    return f"{d.day} {d.strftime('%B')} {half}"
