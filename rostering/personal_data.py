"""Where rostering keeps personal data, for subject access (see common/privacy.py)."""

from common.privacy import exclude_personal_model, register_personal_data

from .models import (
    Assignment,
    AvailabilityOffer,
    CalendarFeed,
    ConfirmationLink,
    CoverOffer,
    Exclusion,
    ExpenseClaim,
    ReminderPreference,
    RotaPeriod,
    RotaRun,
    ScheduleImport,
    Session,
    SittingPreference,
    Unavailability,
    WeeklyPattern,
)

register_personal_data(
    Assignment,
    label="Sittings",
    fields=[
        ("session__reference", "Session"),
        ("session__centre__name", "Hearing centre"),
        "date",
        "half",
        "is_chair",
        "status",
        "attended",
        "confirmation",
        "confirmed_at",
        "reminded_at",
        "withdrawal_reason",
        "override_reason",
    ],
)
register_personal_data(AvailabilityOffer, label="Availability offered")
register_personal_data(WeeklyPattern, label="Usual weekly availability")
register_personal_data(Unavailability, label="Dates you cannot sit")
register_personal_data(SittingPreference, label="How often you sit")
register_personal_data(
    ReminderPreference, label="Reminders before sittings", fields=["reminders", "delivery"]
)
register_personal_data(
    ConfirmationLink,
    person_path="assignment__volunteer__user",
    label="Links to confirm a sitting",
    fields=[("assignment__date", "Sitting on"), "answer", "created_at", "used_at"],
    explanation="The address of a link is secret and only its fingerprint is kept.",
)
register_personal_data(
    CoverOffer,
    label="Cover offers",
    fields=[("request__session__reference", "Session"), "status", "sent_at", "responded_at"],
)
register_personal_data(
    Exclusion,
    label="Conflicts of interest",
    fields=[
        "kind",
        ("local_authority__name", "Council area"),
        ("centre__name", "Hearing centre"),
        "case_reference",
        "reason",
        "created_at",
    ],
)
register_personal_data(
    ExpenseClaim,
    person_path="assignment__volunteer__user",
    label="Expense claims",
    fields=[
        ("assignment__date", "Sitting on"),
        "miles",
        "mileage_pence",
        "subsistence_pence",
        "loss_of_earnings_pence",
        "status",
        "submitted_at",
        "decided_at",
        "decision_note",
    ],
)
register_personal_data(
    CalendarFeed,
    person_path="user",
    label="Calendar feeds",
    fields=["created_at", "revoked_at", "last_used_at"],
    explanation="The address of a feed is secret and only its fingerprint is kept.",
)
for model, who in [
    (Session, "who added a session"),
    (ScheduleImport, "who uploaded a schedule"),
    (RotaPeriod, "who opened a rota period"),
    (RotaRun, "who ran and published a rota"),
]:
    exclude_personal_model(model, reason=f"Names only {who} (audited).")
