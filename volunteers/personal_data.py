"""Where volunteers keeps personal data, for subject access (see common/privacy.py).

The account models of allauth, the Django admin's log and django-auditlog are declared here
too: volunteers owns the user model they point at.
"""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from auditlog.models import LogEntry as AuditLogEntry
from django.contrib.admin.models import LogEntry as AdminLogEntry

from common.privacy import exclude_personal_model, register_personal_data

from .models import (
    Application,
    ApplicationTransition,
    AreaMove,
    Campaign,
    CentreRegionLink,
    DataDeletionRequest,
    ExpressionOfInterest,
    LeaveOfAbsence,
    OrganisationSetting,
    PvgRecord,
    Referee,
    RoleAssignment,
    SelectionRecommendation,
    SelectionScore,
    StatusChange,
    Term,
    User,
    Volunteer,
)

# --- The account -----------------------------------------------------------------------
register_personal_data(
    User,
    person_path="pk",
    label="Your account",
    fields=["email", "first_name", "last_name", "is_active", "date_joined", "last_login"],
)
register_personal_data(
    EmailAddress, person_path="user", label="Email addresses", fields=["email", "verified"]
)
register_personal_data(
    Authenticator,
    person_path="user",
    label="Two-factor authentication",
    fields=["type", "created_at", "last_used_at"],
    explanation="Which kinds of authenticator you have set up; never their secrets.",
)
register_personal_data(
    UserSession,
    person_path="user",
    label="Signed-in sessions",
    fields=["ip", "user_agent", "created_at", "last_seen_at"],
)
register_personal_data(
    RoleAssignment,
    person_path="user",
    label="Roles",
    fields=["role", ("region__name", "Region"), "granted_at", "revoked_at"],
)
exclude_personal_model(
    AdminLogEntry,
    reason="The Django admin's own log of changes staff made there; this project audits "
    "changes with django-auditlog, whose entries about a person are exported.",
)
exclude_personal_model(
    AuditLogEntry,
    reason="Audit entries are exported alongside the records they are about "
    "(common.privacy.collect_personal_data), not as a list of their own.",
)

# --- Recruitment -----------------------------------------------------------------------
register_personal_data(
    ExpressionOfInterest,
    person_path="user",
    label="Interest in joining",
    fields=[("local_authority__name", "Council area"), "created_at", "withdrawn_at"],
)
register_personal_data(
    Application,
    person_path="user",
    label="Applications",
    fields=[
        ("campaign__name", "Campaign"),
        "status",
        "submitted_at",
        "first_name",
        "last_name",
        "phone",
        "postcode",
        "sex",
        ("home_local_authority__name", "Home council area"),
        ("work_local_authority__name", "Work council area"),
        "availability",
        "statements",
        "has_convictions",
        "convictions_details",
        "has_conflicting_occupation",
        "occupation_details",
        "has_family_involvement",
        "family_involvement_details",
        "privacy_consented_at",
        "closed_at",
    ],
    explanation="Equality monitoring answers are stored without your name or any link to "
    "you, so they cannot be found, shown or deleted individually.",
)
register_personal_data(
    ApplicationTransition,
    person_path="application__user",
    label="Application history",
)
register_personal_data(
    Referee,
    person_path="application__user",
    label="Referees you named",
    fields=["name", "email", "relationship", "years_known", "requested_at", "received_at"],
    # A reference given in confidence for an appointment is exempt from subject access
    # (Data Protection Act 2018, schedule 2, paragraph 24): its content is not exported.
    explanation="What your referees wrote was given in confidence and is not shown.",
)
register_personal_data(SelectionScore, person_path="application__user", label="Selection scores")
register_personal_data(
    SelectionRecommendation,
    person_path="application__user",
    label="Selection recommendations",
)
register_personal_data(PvgRecord, person_path="application__user", label="PVG checks")
register_personal_data(DataDeletionRequest, person_path="user", label="Requests to delete")
exclude_personal_model(
    Campaign, reason="Names only the staff member who created the campaign (audited)."
)

# --- The volunteer's life ----------------------------------------------------------------
register_personal_data(
    Volunteer,
    person_path="user",
    label="Your panel member record",
    fields=[
        "status",
        "sex",
        ("home_region__name", "Home region"),
        ("home_local_authority__name", "Home council area"),
        ("work_local_authority__name", "Work council area"),
        "home_postcode",
        "max_travel_km",
        "appointed_on",
        "term_ends_on",
        "languages",
        "accessibility_needs",
        "declared_conflicts",
        "left_on",
    ],
)
register_personal_data(Term, label="Terms of appointment")
register_personal_data(StatusChange, label="Status changes")
register_personal_data(LeaveOfAbsence, label="Leave of absence")
register_personal_data(AreaMove, label="Moves between areas", fields=["moved_on", "at"])
exclude_personal_model(
    CentreRegionLink, reason="Names only the administrator who redrew the map (audited)."
)
exclude_personal_model(
    OrganisationSetting, reason="Names only the administrator who changed the model (audited)."
)
