"""Reading JSON values with precise errors (for instance.py)."""

from __future__ import annotations

import datetime as dt
import math


class InstanceError(ValueError):
    """A malformed instance; the message says exactly what is wrong and where."""


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
