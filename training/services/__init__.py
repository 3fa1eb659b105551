"""Writes for the training app: typed, keyword-only, validated, atomic, recording who."""

from .framework import (
    add_area,
    add_requirement,
    publish_framework,
    remove_requirement,
    remove_standard,
    save_course,
    save_standard,
    start_draft_framework,
    update_framework,
)
from .imports import IMPORT_KIND, confirm_training_import
from .monitoring import (
    assign_ppa,
    follow_up_action,
    record_observation,
    record_practice_review,
    release_observation,
    update_observation,
)
from .records import decide_award_extension, request_award_extension, sign_off_competency
from .reminders import send_expiry_reminders
from .sessions import (
    cancel_enrolment,
    cancel_session,
    enrol_volunteer,
    record_attendance,
    schedule_session,
    valid_until_for,
)

__all__ = [
    "IMPORT_KIND",
    "add_area",
    "add_requirement",
    "assign_ppa",
    "cancel_enrolment",
    "cancel_session",
    "confirm_training_import",
    "decide_award_extension",
    "enrol_volunteer",
    "follow_up_action",
    "publish_framework",
    "record_attendance",
    "record_observation",
    "record_practice_review",
    "release_observation",
    "remove_requirement",
    "remove_standard",
    "request_award_extension",
    "save_course",
    "save_standard",
    "schedule_session",
    "send_expiry_reminders",
    "sign_off_competency",
    "start_draft_framework",
    "update_framework",
    "update_observation",
    "valid_until_for",
]
