"""Rota managers' pages, one module per process: sessions, imports, runs, panels,
conflicts, expenses and reports. Each view: permission helper → form → service → redirect.
Anything outside the user's regions is a 404 (rostering/permissions.py). The views are
re-exported here, so `rostering.urls` names them as `staff.<view>`."""

from .board import (
    board_add,
    board_fill_rest,
    board_panel,
    board_remove,
    publish_reason,
    run_publish,
)
from .conflicts import exclusion_remove, member_exclusions
from .expenses import (
    expense_decide,
    expense_export,
    expense_list,
    report_export,
    reports,
    session_attendance,
)
from .imports import import_cancel_missing, import_detail, import_new, import_template
from .panels import panel_add, panel_check, panel_edit, panel_remove, panel_single_sex
from .runs import (
    period_detail,
    period_new,
    period_open,
    period_run,
    run_detail,
    run_instance,
    run_review,
    run_solution,
)
from .sessions import home, session_cancel, session_edit, session_list, session_new

__all__ = [
    "board_add",
    "board_fill_rest",
    "board_panel",
    "board_remove",
    "publish_reason",
    "run_review",
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
