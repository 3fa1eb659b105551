"""The engine's ids for database rows: sessions "S<pk>", members "V<pk>", centres "C<pk>".

The engine treats ids as opaque strings; this module alone knows how the Django side makes
them from primary keys and reads them back.
"""

SESSION = "S"
VOLUNTEER = "V"
CENTRE = "C"


def session_id(pk: int) -> str:
    return f"{SESSION}{pk}"


def volunteer_id(pk: int) -> str:
    return f"{VOLUNTEER}{pk}"


def centre_id(pk: int) -> str:
    return f"{CENTRE}{pk}"


def parse_id(value: str) -> tuple[str, int]:
    """("S", 12) for "S12"; ValueError for anything this module did not make."""
    kind, digits = value[:1], value[1:]
    if kind not in (SESSION, VOLUNTEER, CENTRE) or not digits.isascii() or not digits.isdigit():
        raise ValueError(f"not a session, member or centre id: {value!r}")
    return kind, int(digits)


def _parse(value: str, kind: str) -> int:
    got, pk = parse_id(value)
    if got != kind:
        raise ValueError(f"expected a {kind} id, got {value!r}")
    return pk


def parse_session_id(value: str) -> int:
    return _parse(value, SESSION)


def parse_volunteer_id(value: str) -> int:
    return _parse(value, VOLUNTEER)


def parse_centre_id(value: str) -> int:
    return _parse(value, CENTRE)
