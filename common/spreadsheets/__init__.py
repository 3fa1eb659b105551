"""Spreadsheets in and out, one home: the formula-safe writer and the hardened reader."""

from .reader import (
    FORMULA_REFUSED,
    MAX_BYTES,
    MAX_COLUMNS,
    MAX_ROWS,
    Sheet,
    SheetRow,
    SpreadsheetRejected,
    check_container,
    read_sheet,
)
from .writer import FORMULA_TRIGGERS, build_workbook, safe_text

__all__ = [
    "FORMULA_REFUSED",
    "FORMULA_TRIGGERS",
    "MAX_BYTES",
    "MAX_COLUMNS",
    "MAX_ROWS",
    "Sheet",
    "SheetRow",
    "SpreadsheetRejected",
    "build_workbook",
    "check_container",
    "read_sheet",
    "safe_text",
]
