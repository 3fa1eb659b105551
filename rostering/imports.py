"""The Reporter's schedule as a spreadsheet: the template to fill in, and its reader.

The file itself is checked and streamed by `common.spreadsheets.read_sheet` (size, zip bomb,
macros, formulas, rows); this module checks the schedule's columns and every cell. Reading
never writes: `read_schedule` returns rows and a report of errors by row and column.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError

from common.spreadsheets import FORMULA_REFUSED, MAX_BYTES, build_workbook, read_sheet

from .validators import validate_case_reference

MAX_HEARINGS = 12

COLUMNS = [
    "Session reference",
    "Hearing centre",
    "Date",
    "Morning or afternoon",
    "Start time",
    "Number of hearings",
    "Local authorities",
    "Case references",
    "In person or virtual",
    "Pre-hearing panel",
]
EXAMPLE = [
    "SCRA-2027-000123",
    "Edinburgh Waterloo Place",
    "2027-01-04",
    "AM",
    "09:30",
    2,
    "City of Edinburgh; Midlothian",
    "K000123; K000124",
    "In person",
    "No",
]


def template_workbook() -> bytes:
    """The blank schedule template with one example row."""
    return build_workbook(
        title="Sessions",
        headers=COLUMNS,
        rows=[EXAMPLE],
        widths=[20, 28, 12, 12, 10, 10, 36, 28, 16, 12],
    )


def max_rows() -> int:
    """How many sessions one schedule may hold (a year of a busy region fits)."""
    return settings.SCHEDULE_IMPORT_MAX_ROWS


@dataclass
class ScheduleRow:
    row: int
    reference: str
    centre: object
    date: datetime.date
    half: str
    start_time: datetime.time
    local_authorities: list = field(default_factory=list)
    cases: list = field(default_factory=list)
    mode: str = "in_person"
    pre_hearing_panel: bool = False


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _date(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value)
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            pass
    raise ValueError("Enter a date like 2027-01-04 or 04/01/2027")


def _time(value):
    if isinstance(value, datetime.datetime):
        return value.time()
    if isinstance(value, datetime.time):
        return value
    text = _text(value).replace(".", ":")
    try:
        return datetime.datetime.strptime(text, "%H:%M").time()
    except ValueError:
        raise ValueError("Enter a time like 09:30") from None


def _split(value) -> list[str]:
    return [part.strip() for part in _text(value).split(";") if part.strip()]


def read_schedule(
    data: bytes, *, centres: dict, councils: dict, name: str | None = None, progress=None
):
    """(rows, errors): the validated rows, or a list of {row, column, message}.

    `centres` maps lower-case centre names to centres the uploader may import for;
    `councils` maps lower-case names and GSS codes to local authorities. Raises
    common.spreadsheets.SpreadsheetRejected for a file refused as a whole.
    `progress(stage, done, total)` hears about every twentieth of the rows while the sheet is
    read ("reading", total as the sheet declares it) and while its cells are checked
    ("checking").
    """
    errors: list[dict] = []

    def err(row, column, message):
        errors.append({"row": row, "column": column, "message": message})

    sheet = read_sheet(
        data,
        name=name,
        max_bytes=MAX_BYTES,
        max_rows=max_rows(),
        max_columns=len(COLUMNS),
        progress=(lambda done, total: progress("reading", done, total)) if progress else None,
    )
    if [n.lower() for n in sheet.header] != [c.lower() for c in COLUMNS]:
        err(1, "", "The first row must be the template's column headings: " + ", ".join(COLUMNS))
        return [], errors
    rows: list[ScheduleRow] = []
    seen: dict[str, int] = {}
    total = len(sheet.rows)
    every = max(1, total // 20)
    for index, line in enumerate(sheet.rows, start=1):
        if progress and index % every == 0:
            progress("checking", index, total)
        number = line.number
        if line.formulas:
            for index in line.formulas:
                err(number, COLUMNS[index], FORMULA_REFUSED)
            continue
        values = dict(zip(COLUMNS, line.values, strict=True))
        row = _read_row(number, values, centres, councils, err)
        if row is None:
            continue
        if row.reference in seen:
            err(number, "Session reference", f"Repeats the reference on row {seen[row.reference]}.")
            continue
        seen[row.reference] = number
        rows.append(row)
    if not rows and not errors:
        err(2, "", "The file has no sessions in it.")
    return rows, errors


def _read_row(number, values, centres, councils, err):  # noqa: C901 -- one check per column, in column order
    ok = True

    def fail(column, message):
        nonlocal ok
        ok = False
        err(number, column, message)

    reference = _text(values["Session reference"])
    if not reference:
        fail("Session reference", "Enter the Reporter's session reference.")
    elif len(reference) > 40:
        fail("Session reference", "Must be 40 characters or fewer.")
    centre = centres.get(_text(values["Hearing centre"]).lower())
    if centre is None:
        fail("Hearing centre", "Not a hearing centre you can import sessions for.")
    try:
        day = _date(values["Date"])
    except ValueError as error:
        fail("Date", str(error))
        day = None
    half = _text(values["Morning or afternoon"]).upper()
    half = {"MORNING": "AM", "AFTERNOON": "PM"}.get(half, half)
    if half not in ("AM", "PM"):
        fail("Morning or afternoon", "Enter AM or PM.")
    start = None
    if _text(values["Start time"]):
        try:
            start = _time(values["Start time"])
        except ValueError as error:
            fail("Start time", str(error))
    elif half in ("AM", "PM"):
        start = datetime.time(9, 30) if half == "AM" else datetime.time(14, 0)
    count_raw = values["Number of hearings"]
    count = None
    if isinstance(count_raw, bool) or not (
        isinstance(count_raw, int | float) or _text(count_raw).isdigit()
    ):
        fail("Number of hearings", "Enter a whole number.")
    else:
        count = int(float(count_raw))
        if not 1 <= count <= MAX_HEARINGS or float(count_raw) != count:
            fail("Number of hearings", f"Enter a whole number from 1 to {MAX_HEARINGS}.")
            count = None
    las = []
    for name in _split(values["Local authorities"]):
        la = councils.get(name.lower())
        if la is None:
            fail("Local authorities", f"{name!r} is not a Scottish council or GSS code.")
        las.append(la)
    cases = _split(values["Case references"])
    for case in cases:
        try:
            validate_case_reference(case)
        except ValidationError as error:
            fail("Case references", error.messages[0])
    if count is not None:
        if len(las) != count:
            fail("Local authorities", f"Give one local authority per hearing ({count}).")
        if len(cases) != count:
            fail("Case references", f"Give one case reference per hearing ({count}).")
    mode = _text(values["In person or virtual"]).lower() or "in person"
    if mode not in ("in person", "virtual"):
        fail("In person or virtual", "Enter 'In person' or 'Virtual'.")
    php = _text(values["Pre-hearing panel"]).lower() or "no"
    if php not in ("yes", "no"):
        fail("Pre-hearing panel", "Enter Yes or No.")
    if not ok:
        return None
    return ScheduleRow(
        row=number,
        reference=reference,
        centre=centre,
        date=day,
        half=half,
        start_time=start,
        local_authorities=las,
        cases=cases,
        mode="virtual" if mode == "virtual" else "in_person",
        pre_hearing_panel=php == "yes",
    )
