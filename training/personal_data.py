"""Where training keeps personal data, for subject access (see common/privacy.py)."""

from common.privacy import exclude_personal_model, register_personal_data

from .models import (
    AwardExtension,
    CompetencyGrant,
    DevelopmentAction,
    Enrolment,
    ExpiryReminder,
    Framework,
    Observation,
    ObservationRating,
    PpaAssignment,
    PracticeReview,
    TrainingSession,
)

register_personal_data(
    Enrolment,
    label="Training places",
    fields=[
        ("session__course__title", "Course"),
        ("session__starts_on", "Starts on"),
        "status",
        "attendance",
        "outcome",
        "self_enrolled",
        "created_at",
    ],
)
register_personal_data(
    CompetencyGrant,
    label="Competencies held",
    fields=[
        ("competency__name", "Competency"),
        "granted_on",
        "valid_until",
        "source",
        "evidence",
        "note",
    ],
)
register_personal_data(AwardExtension, label="Award extensions")
register_personal_data(
    ExpiryReminder,
    person_path="grant__volunteer__user",
    label="Expiry reminders sent",
    fields=[("grant__competency__name", "Competency"), "lead_days", "sent_at"],
)
register_personal_data(
    Observation,
    label="Observations of your practice",
    fields=[
        ("observer__email", "Observer"),
        ("centre__name", "Hearing centre"),
        "session_date",
        "half",
        "role",
        "strengths",
        "development_points",
        "outcome",
        "status",
        "released_at",
    ],
)
register_personal_data(
    ObservationRating,
    person_path="observation__volunteer__user",
    label="Observation ratings",
    fields=[("observation__session_date", "Observed on"), "rating", "comment"],
)
register_personal_data(
    PracticeReview,
    label="Practice reviews",
    fields=[("reviewer__email", "Reviewer"), "held_on", "summary", "next_review_due"],
)
register_personal_data(
    DevelopmentAction,
    person_path="review__volunteer__user",
    label="Development actions",
)
register_personal_data(
    PpaAssignment,
    label="Your panel practice adviser",
    fields=[("ppa__email", "PPA"), "assigned_at", "ended_at"],
)
register_personal_data(
    TrainingSession,
    person_path="trainer",
    label="Training sessions you ran",
    fields=[("course__title", "Course"), "starts_on", "ends_on", "venue", "status"],
)
exclude_personal_model(
    Framework, reason="Names only who drafted and published a version of the standards."
)
