"""Recruitment, one module per process: campaigns and interest, the applicant's side,
selection (transitions), references, PVG, appointment, and retention.

The public names are re-exported here so callers use `services.recruitment.<name>`.
"""

from ...models.recruitment import SECTION_LABELS
from ...selectors.recruitment import missing_sections, referee_for_token, regions_of_council
from .applications import (
    EQUALITY_FIELDS,
    SECTION_FIELDS,
    accept_offer,
    give_privacy_consent,
    save_application_section,
    save_equality_answers,
    save_referees,
    start_application,
    submit_application,
    withdraw_application,
)
from .appointment import TERM_YEARS, term_end
from .campaigns import (
    add_campaign_event,
    create_campaign,
    email_interest,
    express_interest,
    start_interest_notification,
)
from .pvg import update_pvg
from .references import (
    REFERENCE_REMINDER_DAYS,
    REFERENCE_VALID_DAYS,
    remind_overdue_referees,
    request_references,
    submit_reference,
)
from .retention import (
    ANONYMISED_FIELDS,
    anonymise_application,
    anonymise_expired_applications,
    close_deletion_request,
    request_data_deletion,
)
from .transitions import (
    STALE_MESSAGE,
    record_scores,
    set_selection_event,
    transition_application,
)

__all__ = [
    "ANONYMISED_FIELDS",
    "EQUALITY_FIELDS",
    "REFERENCE_REMINDER_DAYS",
    "REFERENCE_VALID_DAYS",
    "SECTION_FIELDS",
    "SECTION_LABELS",
    "STALE_MESSAGE",
    "TERM_YEARS",
    "accept_offer",
    "add_campaign_event",
    "anonymise_application",
    "anonymise_expired_applications",
    "close_deletion_request",
    "create_campaign",
    "email_interest",
    "express_interest",
    "give_privacy_consent",
    "missing_sections",
    "record_scores",
    "referee_for_token",
    "regions_of_council",
    "remind_overdue_referees",
    "request_data_deletion",
    "request_references",
    "save_application_section",
    "save_equality_answers",
    "save_referees",
    "set_selection_event",
    "start_application",
    "start_interest_notification",
    "submit_application",
    "submit_reference",
    "term_end",
    "transition_application",
    "update_pvg",
    "withdraw_application",
]
