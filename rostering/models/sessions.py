"""Sessions as the Reporter schedules them, their hearings, imports and conflicts."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q

from common.storage import private_storage


class Half(models.TextChoices):
    AM = "AM", "Morning"
    PM = "PM", "Afternoon"


DEFAULT_START = {Half.AM: datetime.time(9, 30), Half.PM: datetime.time(14, 0)}


class Session(models.Model):
    """A morning or afternoon of hearings at a centre, as the Reporter arranged it."""

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", "In person"
        VIRTUAL = "virtual", "Virtual"

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        CANCELLED = "cancelled", "Cancelled"

    reference = models.CharField("Reporter's reference", max_length=40, unique=True)
    centre = models.ForeignKey(
        "volunteers.HearingCentre", on_delete=models.PROTECT, related_name="sessions"
    )
    # The centre's region on the day, fixed when the session is saved, so redrawing regions
    # later never moves past sessions.
    region = models.ForeignKey("volunteers.Region", on_delete=models.PROTECT, related_name="+")
    date = models.DateField()
    half = models.CharField(max_length=2, choices=Half.choices)
    start_time = models.TimeField()
    mode = models.CharField(max_length=10, choices=Mode.choices, default=Mode.IN_PERSON)
    pre_hearing_panel = models.BooleanField(default=False)
    seats = models.PositiveSmallIntegerField(default=3)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    # Set when a re-import changes a session that already has a panel.
    needs_review = models.BooleanField(default=False)
    change_note = models.CharField(max_length=300, blank=True)
    # Why a full panel is all one sex (the law asks for both "so far as practicable").
    single_sex_reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["date", "half", "centre__name"]
        indexes = [models.Index(fields=["region", "date"]), models.Index(fields=["date", "half"])]
        constraints = [
            models.CheckConstraint(condition=Q(seats__gte=1), name="session_has_seats"),
        ]

    def __str__(self):
        return f"{self.centre} {self.date:%d %b %Y} {self.half}"

    @property
    def slot(self) -> str:
        return f"{self.date.isoformat()}/{self.half}"

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED


class Hearing(models.Model):
    """One hearing in a session: an opaque case reference and the child's local authority."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="hearings")
    position = models.PositiveSmallIntegerField()
    case_reference = models.CharField(max_length=40)
    local_authority = models.ForeignKey(
        "volunteers.LocalAuthority", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["session", "position"]
        constraints = [
            models.UniqueConstraint(fields=["session", "position"], name="one_hearing_per_position")
        ]

    def __str__(self):
        return f"Hearing {self.position} of {self.session}"


class ScheduleImport(models.Model):
    """An uploaded schedule from the Reporter: validated, then applied, by a Job."""

    class Status(models.TextChoices):
        PENDING = "pending", "Checking"
        INVALID = "invalid", "Rejected"
        APPLIED = "applied", "Imported"
        FAILED = "failed", "Failed"

    file = models.FileField(storage=private_storage, upload_to="imports/")
    original_name = models.CharField(max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    job = models.OneToOneField(
        "common.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    # [{"row": 3, "column": "Date", "message": "..."}]
    errors = models.JSONField(default=list, blank=True)
    # {"created": [...refs], "updated": [...], "unchanged": n, "flagged": [...], "missing": [...]}
    summary = models.JSONField(default=dict, blank=True)
    missing_cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self):
        return f"Import of {self.original_name}"


class Exclusion(models.Model):
    """A conflict recorded by an administrator: a council area, a centre or a case."""

    class Kind(models.TextChoices):
        COUNCIL = "council", "Council area"
        CENTRE = "centre", "Hearing centre"
        CASE = "case", "Case reference"

    volunteer = models.ForeignKey(
        "volunteers.Volunteer", on_delete=models.CASCADE, related_name="exclusions"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    local_authority = models.ForeignKey(
        "volunteers.LocalAuthority",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    centre = models.ForeignKey(
        "volunteers.HearingCentre",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    case_reference = models.CharField(max_length=40, blank=True)
    reason = models.CharField(max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="council", local_authority__isnull=False, centre__isnull=True)
                    | Q(kind="centre", centre__isnull=False, local_authority__isnull=True)
                    | (
                        Q(kind="case", centre__isnull=True, local_authority__isnull=True)
                        & ~Q(case_reference="")
                    )
                ),
                name="exclusion_names_one_thing",
            )
        ]

    def __str__(self):
        what = self.local_authority or self.centre or "a case"
        return f"{self.volunteer} excluded from {what}"
