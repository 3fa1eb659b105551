"""Writes for rostering: typed, keyword-only, validated, inside a transaction."""

from .cover import (
    accept_cover_offer,
    chase_cover_requests,
    decline_cover_offer,
    request_cover,
    withdraw_from_sitting,
)
from .expenses import decide_expense_claim, mark_attendance, submit_expense_claim
from .members import (
    add_unavailability,
    create_calendar_feed,
    record_exclusion,
    remove_exclusion,
    remove_unavailability,
    revoke_calendar_feed,
    set_availability,
    set_sitting_preference,
    set_weekly_pattern,
)
from .panels import (
    add_member,
    check_panel_change,
    record_single_sex_reason,
    remove_member,
)
from .reminders import (
    answer_sitting,
    send_sitting_reminders,
    send_weekly_digests,
    set_reminder_preference,
)
from .runs import (
    create_rota_period,
    email_availability_open,
    email_published_rota,
    open_rota_period,
    publish_run,
    run_rota,
    save_draft,
    send_availability_reminders,
    start_rota_run,
)
from .schedule import apply_schedule, match_schedule
from .sessions import cancel_missing_sessions, cancel_session, save_session

__all__ = [
    "accept_cover_offer",
    "add_member",
    "add_unavailability",
    "answer_sitting",
    "apply_schedule",
    "cancel_missing_sessions",
    "cancel_session",
    "chase_cover_requests",
    "check_panel_change",
    "create_calendar_feed",
    "create_rota_period",
    "decide_expense_claim",
    "decline_cover_offer",
    "email_availability_open",
    "email_published_rota",
    "mark_attendance",
    "match_schedule",
    "open_rota_period",
    "publish_run",
    "record_exclusion",
    "record_single_sex_reason",
    "remove_exclusion",
    "remove_member",
    "remove_unavailability",
    "request_cover",
    "revoke_calendar_feed",
    "run_rota",
    "save_draft",
    "save_session",
    "send_availability_reminders",
    "send_sitting_reminders",
    "send_weekly_digests",
    "set_availability",
    "set_reminder_preference",
    "set_sitting_preference",
    "set_weekly_pattern",
    "start_rota_run",
    "submit_expense_claim",
    "withdraw_from_sitting",
]
