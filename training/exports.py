"""Spreadsheet export of the training dashboard (formula-safe, via common.spreadsheets)."""

from common.spreadsheets import build_workbook

from .selectors.dashboard import DueItem

HEADERS = ["Name", "Email", "Region", "What", "State", "Date"]


def due_workbook(items: list[DueItem]) -> bytes:
    """Who is due or overdue for what, one row each."""
    rows = [
        [
            item.volunteer.user.get_full_name(),
            item.volunteer.user.email,
            item.volunteer.home_region.name,
            item.what,
            item.label,
            item.date.strftime("%d/%m/%Y") if item.date else "Never held",
        ]
        for item in items
    ]
    return build_workbook(
        title="Training due", headers=HEADERS, rows=rows, widths=[24, 32, 20, 48, 10, 12]
    )
