"""Reading and validating a ``panel-roster/1`` instance."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

SCHEMA = "panel-roster/1"
SOLUTION_SCHEMA = "panel-roster-solution/1"
MODELS = ("regional", "national")
HALVES = ("AM", "PM")


class InstanceError(ValueError):
    """A malformed instance; the message says exactly what is wrong and where."""


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


@dataclass(slots=True)
class Session:
    id: str
    centre: int
    date: dt.date
    half: str
    slot: str
    seats: int
    local_authority: str
    cases: tuple[str, ...]
    fixed: list[tuple[int, bool]] = field(default_factory=list)


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


def _num(value, where: str, *, minimum: float | None = None, integer: bool = False) -> float:
    # bool is an int in Python, but true/false as a number is always a data error.
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InstanceError(f"{where} must be a number, got {value!r}")
    if isinstance(value, float) and not math.isfinite(value):
        raise InstanceError(f"{where} must be finite, got {value!r}")
    if integer and not float(value).is_integer():
        raise InstanceError(f"{where} must be a whole number, got {value!r}")
    if minimum is not None and value < minimum:
        raise InstanceError(f"{where} must be at least {minimum:g}, got {value!r}")
    return int(value) if integer else float(value)


def _str(value, where: str) -> str:
    if not isinstance(value, str) or not value:
        raise InstanceError(f"{where} must be a non-empty string, got {value!r}")
    return value


def _bool(value, where: str) -> bool:
    if not isinstance(value, bool):
        raise InstanceError(f"{where} must be true or false, got {value!r}")
    return value


def _strlist(value, where: str) -> list[str]:
    if not isinstance(value, list):
        raise InstanceError(f"{where} must be a list, got {type(value).__name__}")
    return [_str(v, f"{where}[{i}]") for i, v in enumerate(value)]


def _date(value, where: str) -> dt.date:
    if not isinstance(value, str):
        raise InstanceError(f"{where} must be a date YYYY-MM-DD, got {value!r}")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InstanceError(f"{where} is not a valid date YYYY-MM-DD: {value!r}") from None


def _latlon(obj: dict, where: str) -> tuple[float, float]:
    lat = _num(obj.get("lat"), f"{where}.lat")
    lon = _num(obj.get("lon"), f"{where}.lon")
    if not -90 <= lat <= 90 or not -180 <= lon <= 180:
        raise InstanceError(f"{where} has coordinates out of range: {lat}, {lon}")
    return lat, lon


def _obj(value, where: str) -> dict:
    if not isinstance(value, dict):
        raise InstanceError(f"{where} must be an object, got {type(value).__name__}")
    return value


def _need(obj: dict, key: str, where: str):
    if key not in obj:
        raise InstanceError(f"{where} is missing {key!r}")
    return obj[key]


def _list(obj: dict, key: str, where: str) -> list:
    value = _need(obj, key, where)
    if not isinstance(value, list):
        raise InstanceError(f"{where}.{key} must be a list")
    return value


def parse_instance(data: dict) -> Instance:
    """Validate a panel-roster/1 dict and return an indexed Instance; raise InstanceError."""
    data = _obj(data, "instance")
    if data.get("schema") != SCHEMA:
        raise InstanceError(f"schema must be {SCHEMA!r}, got {data.get('schema')!r}")
    model = data.get("model")
    if model not in MODELS:
        raise InstanceError(f"model must be 'regional' or 'national', got {model!r}")
    period = _obj(_need(data, "period", "instance"), "period")
    start = _date(_need(period, "start", "period"), "period.start")
    end = _date(_need(period, "end", "period"), "period.end")
    if end < start:
        raise InstanceError(f"period ends ({end}) before it starts ({start})")

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

    volunteers: list[Volunteer] = []
    volunteer_index: dict[str, int] = {}
    for i, v in enumerate(_list(data, "volunteers", "instance")):
        where = f"volunteers[{i}]"
        v = _obj(v, where)
        vid = _str(v.get("id"), f"{where}.id")
        if vid in volunteer_index:
            raise InstanceError(f"volunteer {vid} is listed twice")
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
        volunteer_index[vid] = len(volunteers)
        volunteers.append(
            Volunteer(
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
                target_sittings=_num(
                    _need(v, "target_sittings", w), f"{w}.target_sittings", minimum=0
                ),
                local_authorities=frozenset(
                    _strlist(v.get("local_authorities", []), f"{w}.local_authorities")
                ),
                conflict_local_authorities=frozenset(
                    _strlist(
                        v.get("conflict_local_authorities", []), f"{w}.conflict_local_authorities"
                    )
                ),
                conflict_cases=frozenset(
                    _strlist(v.get("conflict_cases", []), f"{w}.conflict_cases")
                ),
                centres=only,
            )
        )

    sessions: list[Session] = []
    session_index: dict[str, int] = {}
    for i, s in enumerate(_list(data, "sessions", "instance")):
        where = f"sessions[{i}]"
        s = _obj(s, where)
        sid = _str(s.get("id"), f"{where}.id")
        if sid in session_index:
            raise InstanceError(f"session {sid} is listed twice")
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
        session_index[sid] = len(sessions)
        sessions.append(
            Session(
                id=sid,
                centre=centre_index[cid],
                date=day,
                half=half,
                slot=f"{day.isoformat()}/{half}",
                seats=seats,
                local_authority=_str(_need(s, "local_authority", w), f"{w}.local_authority"),
                cases=tuple(_strlist(s.get("cases", []), f"{w}.cases")),
                fixed=fixed,
            )
        )

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
