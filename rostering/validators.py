"""Case references are opaque: the Reporter's reference, never a child's name.

One function checks every case reference typed or imported (the schedule import, the session
and conflict forms, and any API later): it must match CASE_REFERENCE_PATTERN and must not
look like a name. The default pattern (2 to 40 capital letters, digits, "/" or "-",
starting with a letter or digit) takes the Reporter's forms, "K000123" and
"SCRA-2027-000123", as well as the short ones tests and demos use ("K1").
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError

DEFAULT_CASE_REFERENCE_PATTERN = r"^[A-Z0-9][A-Z0-9/-]{1,39}$"

# Letters (any case), spaces, apostrophes and hyphens only, no digit: "Jamie Smith",
# "jamie", "O'Neil", "SMITH". The Reporter's references always carry a number.
_NAME_LIKE = re.compile(r"^[^\W\d_]+(?:['’\- ]+[^\W\d_]+)*$")


def looks_like_a_name(value: str) -> bool:
    return bool(_NAME_LIKE.match(value.strip()))


def validate_case_reference(value: str) -> str:
    """The case reference, tidied (spaces at the ends removed); ValidationError otherwise."""
    reference = (value or "").strip()
    if not reference:
        raise ValidationError("Enter the Reporter's case reference.", code="required")
    if looks_like_a_name(reference):
        raise ValidationError(
            f"{reference!r} looks like a name. Use the Reporter's case reference, never a "
            "child's name.",
            code="name_like",
        )
    pattern = getattr(settings, "CASE_REFERENCE_PATTERN", DEFAULT_CASE_REFERENCE_PATTERN)
    if not re.fullmatch(pattern, reference):
        raise ValidationError(
            f"{reference!r} is not a case reference. Use the Reporter's reference, for "
            "example K000123: capital letters, numbers, '/' and '-' only.",
            code="invalid",
        )
    return reference
