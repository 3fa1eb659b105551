"""Rota managers' pages, one module per process.

Each view: permission helper → form → service → redirect. Anything outside the user's
regions is a 404 (rostering/permissions.py).
"""

from .exclusions import exclusion_remove, member_exclusions
from .expenses import expense_decide, expense_export, expense_list
from .imports import import_cancel_missing, import_detail, import_new, import_template
from .panels import panel_add, panel_check, panel_edit, panel_remove, panel_single_sex
from .publish import run_publish
from .reports import report_export, reports
from .runs import (
    period_detail,
    period_new,
    period_open,
    period_run,
    run_detail,
    run_instance,
    run_solution,
)
from .sessions import (
    home,
    session_attendance,
    session_cancel,
    session_edit,
    session_list,
    session_new,
)

__all__ = [
    "exclusion_remove",
    "expense_decide",
    "expense_export",
    "expense_list",
    "home",
    "import_cancel_missing",
    "import_detail",
    "import_new",
    "import_template",
    "member_exclusions",
    "panel_add",
    "panel_check",
    "panel_edit",
    "panel_remove",
    "panel_single_sex",
    "period_detail",
    "period_new",
    "period_open",
    "period_run",
    "report_export",
    "reports",
    "run_detail",
    "run_instance",
    "run_publish",
    "run_solution",
    "session_attendance",
    "session_cancel",
    "session_edit",
    "session_list",
    "session_new",
]
