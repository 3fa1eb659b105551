"""The one hardened reader of uploaded spreadsheets.

An upload is untrusted. `check_container` refuses it before any XML parser sees it: too big,
not a zip, too many parts, parts that declare too much data or compress suspiciously well (a
zip bomb), no workbook, or macros. `read_sheet` then streams the first sheet with openpyxl in
read-only mode (which parses through defusedxml), refuses a sheet with too many rows, and marks
formula cells so the caller can report them; it never evaluates or keeps a formula. Callers
keep only their own column and cell checks. Nothing here writes anything.
"""

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field

import openpyxl

# openpyxl uses defusedxml when it is installed; refuse to parse untrusted XML without it.
assert openpyxl.DEFUSEDXML, "defusedxml must be installed to read uploaded spreadsheets"

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
MAX_COLUMNS = 30
MAX_ZIP_ENTRIES = 200
MAX_ENTRY_BYTES = 50 * 1024 * 1024
MAX_TOTAL_BYTES = 200 * 1024 * 1024
MAX_RATIO = 100

FORMULA_REFUSED = "Formulas are not accepted: type the value itself."
NOT_XLSX = "This is not an Excel (.xlsx) file. Save it as an Excel workbook and try again."
TOO_MUCH_DATA = (
    "The file expands to far more data than a spreadsheet like this would. "
    "It may be damaged or malicious, so it was not opened."
)


class SpreadsheetRejected(Exception):
    """The whole file is refused; `str(error)` is a message for the person who uploaded it."""


@dataclass(frozen=True)
class SheetRow:
    """One non-blank row: its number as the spreadsheet shows it, its values, its formulas."""

    number: int
    values: tuple
    # Indexes of cells that held a formula; their value is None, never the formula.
    formulas: tuple[int, ...] = ()


@dataclass
class Sheet:
    """The first worksheet: header texts (trailing blanks dropped) and the non-blank rows."""

    header: list[str] = field(default_factory=list)
    rows: list[SheetRow] = field(default_factory=list)


def _size(size: int) -> str:
    if size % (1024 * 1024) == 0:
        return f"{size // (1024 * 1024)} MB"
    return f"{-(-size // 1024)} KB"


def check_container(data: bytes, *, max_bytes: int = MAX_BYTES, name: str | None = None) -> None:
    """Refuse a file before any XML parser sees it; raise SpreadsheetRejected with the reason."""
    if name is not None and not name.lower().endswith(".xlsx"):
        raise SpreadsheetRejected(NOT_XLSX)
    if len(data) > max_bytes:
        raise SpreadsheetRejected(
            f"The file is larger than {_size(max_bytes)}. Split it into smaller files."
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        raise SpreadsheetRejected(NOT_XLSX) from None
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_ZIP_ENTRIES:
            raise SpreadsheetRejected("The file has too many parts to be a simple spreadsheet.")
        total = 0
        for entry in entries:
            # Declared sizes are what zipfile will decompress to at most, so checking them
            # bounds the work. An empty part is harmless; a part that claims to expand from
            # nothing is not, so the ratio divides by at least one byte.
            total += entry.file_size
            ratio = entry.file_size / max(entry.compress_size, 1)
            if entry.file_size > MAX_ENTRY_BYTES or total > MAX_TOTAL_BYTES or ratio > MAX_RATIO:
                raise SpreadsheetRejected(TOO_MUCH_DATA)
        names = {entry.filename.lower() for entry in entries}
        if any(n.rsplit("/", 1)[-1] == "vbaproject.bin" for n in names):
            raise SpreadsheetRejected(
                "Files with macros are not accepted. Save it as a plain Excel workbook (.xlsx)."
            )
        if "xl/workbook.xml" not in names:
            raise SpreadsheetRejected(NOT_XLSX)


def _is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _header(cells) -> list[str]:
    texts = ["" if _is_blank(c.value) else str(c.value).strip() for c in cells]
    while texts and texts[-1] == "":
        texts.pop()
    return texts


def read_sheet(
    data: bytes,
    *,
    name: str | None = None,
    max_bytes: int = MAX_BYTES,
    max_rows: int = MAX_ROWS,
    max_columns: int = MAX_COLUMNS,
    progress: Callable[[int, int], None] | None = None,
) -> Sheet:
    """Check the file, then read the first sheet: header and up to `max_rows` non-blank rows.

    Columns past `max_columns` are ignored. Raises SpreadsheetRejected for the whole file.
    `progress(rows read, rows expected)` is called about every twentieth of the sheet (the
    expected count is the sheet's declared size, 0 when it declares none).
    """
    check_container(data, max_bytes=max_bytes, name=name)
    try:
        # data_only=False on purpose: it shows formulas (data_type "f") so they can be refused;
        # with data_only=True they would pass silently as their cached values.
        workbook = openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=False, keep_links=False
        )
    except Exception:  # openpyxl raises many types for a malformed workbook
        raise SpreadsheetRejected(
            "The spreadsheet could not be read. Save it again as an Excel workbook (.xlsx)."
        ) from None
    try:
        return _read_rows(workbook, max_rows=max_rows, max_columns=max_columns, progress=progress)
    except SpreadsheetRejected:
        raise
    except Exception:
        raise SpreadsheetRejected(
            "The spreadsheet could not be read. Save it again as an Excel workbook (.xlsx)."
        ) from None
    finally:
        workbook.close()


def _read_rows(workbook, *, max_rows: int, max_columns: int, progress=None) -> Sheet:
    if not workbook.worksheets:
        return Sheet()
    worksheet = workbook.worksheets[0]
    # The declared dimension is only a hint (a writer may omit it): it paces progress, never
    # the row limit.
    expected = max(0, (worksheet.max_row or 1) - 1) if progress else 0
    every = max(1, expected // 20) if expected else 500
    rows = worksheet.iter_rows(max_col=max_columns)
    sheet = Sheet(header=_header(next(rows, ())))
    # Read-only mode yields an empty row for every gap, so counting gives the visible number.
    for number, cells in enumerate(rows, start=2):
        if progress and (number - 1) % every == 0:
            progress(number - 1, expected)
        values = [getattr(c, "value", None) for c in cells]
        values += [None] * (max_columns - len(values))
        if all(_is_blank(v) for v in values):
            continue
        if len(sheet.rows) >= max_rows:
            raise SpreadsheetRejected(
                f"The file has more than {max_rows:,} rows. Split it into smaller files."
            )
        formulas = tuple(i for i, c in enumerate(cells) if getattr(c, "data_type", None) == "f")
        for index in formulas:
            values[index] = None
        sheet.rows.append(SheetRow(number=number, values=tuple(values), formulas=formulas))
    return sheet
