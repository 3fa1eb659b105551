"""Spreadsheets out: styled, streaming, and safe from formula injection."""

import io
from collections.abc import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

# A cell starting with one of these is taken as a formula by spreadsheet programs.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value):
    """Neutralise text that a spreadsheet would run as a formula; leave other values alone."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def build_workbook(
    *, title: str, headers: Sequence[str], rows: Iterable[Sequence], widths: Sequence[int] = ()
) -> bytes:
    """A one-sheet .xlsx with a bold, frozen, filterable header row."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=title[:31])
    ws.freeze_panes = "A2"
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[_column_letter(index)].width = width
    header_cells = []
    for text in headers:
        cell = WriteOnlyCell(ws, value=text)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="0065BD")
        header_cells.append(cell)
    ws.append(header_cells)
    count = 0
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(ws, value=safe_text(value))
            if isinstance(value, str):
                # Belt and braces: openpyxl stores any '='-string as a formula otherwise.
                cell.data_type = "s"
            cells.append(cell)
        ws.append(cells)
        count += 1
    ws.auto_filter.ref = f"A1:{_column_letter(len(headers))}{count + 1}"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _column_letter(index: int) -> str:

    return get_column_letter(index)
