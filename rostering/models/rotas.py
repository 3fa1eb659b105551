"""Rota periods, engine runs and the assignments of members to sessions."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from .sessions import Half

ACTIVE_STATUSES = ("draft", "published")


class RotaPeriod(models.Model):
    """The dates a rota is drawn up for, in one region or nationally (region empty)."""

    region = models.ForeignKey(
        "volunteers.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    start = models.DateField()
    end = models.DateField()
    availability_deadline = models.DateField()
    opened_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    # Set when an organisation change moves sessions this period covered to another region.
    change_note = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="period_in_order"),
        ]

    def __str__(self):
        where = self.region.name if self.region_id else "National"
        return f"{where}: {self.start:%d %b} to {self.end:%d %b %Y}"


class RotaRun(models.Model):
    """One run of the engine over a period: the instance it read and the solution it wrote."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        FAILED = "failed", "Failed"
        SUPERSEDED = "superseded", "Superseded"

    period = models.ForeignKey(RotaPeriod, on_delete=models.CASCADE, related_name="runs")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    job = models.OneToOneField(
        "common.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    time_limit = models.PositiveIntegerField(default=30)
    instance = models.JSONField(default=dict, blank=True)
    solution = models.JSONField(default=dict, blank=True)
    metrics = models.JSONField(default=dict, blank=True)
    # Members left out of the instance and why: {"V12": "not qualified to sit: ..."}
    left_out = models.JSONField(default=dict, blank=True)
    # What the review page needs from the instance and solution, and its figures (review.py).
    review = models.JSONField(default=dict, blank=True)
    message = models.CharField(max_length=500, blank=True)
    # Set when an organisation change moves sessions of this draft to another region.
    change_note = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Rota run {self.pk} for {self.period}"

    @property
    def explanations(self) -> dict:
        return {e["session"]: e["text"] for e in self.solution.get("explanations", [])}


class Assignment(models.Model):
    """A member on a session's panel. Withdrawn and cancelled rows stay for the calendar."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        WITHDRAWN = "withdrawn", "Withdrawn"
        CANCELLED = "cancelled", "Cancelled"

    class Confirmation(models.TextChoices):
        PENDING = "pending", "Not confirmed"
        CONFIRMED = "confirmed", "Confirmed"
        DECLINED = "declined", "Cannot come"

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    session = models.ForeignKey(
        "rostering.Session", on_delete=models.PROTECT, related_name="assignments"
    )
    volunteer = models.ForeignKey(
        "volunteers.Volunteer", on_delete=models.PROTECT, related_name="assignments"
    )
    # Copied from the session so the database itself can hold "one sitting per half-day".
    date = models.DateField()
    half = models.CharField(max_length=2, choices=Half.choices)
    is_chair = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    run = models.ForeignKey(
        RotaRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="assignments"
    )
    # Raised on every material change, for calendar clients (iCalendar SEQUENCE).
    sequence = models.PositiveIntegerField(default=0)
    override_reason = models.CharField(max_length=300, blank=True)
    withdrawal_reason = models.CharField(max_length=300, blank=True)
    attended = models.BooleanField(null=True, blank=True)
    # The member's answer to the reminder; reminded_at is claimed before the email is
    # written, so two runs (or two workers) send one reminder.
    confirmation = models.CharField(
        max_length=9, choices=Confirmation.choices, default=Confirmation.PENDING
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["session__date", "session__half", "-is_chair"]
        indexes = [models.Index(fields=["volunteer", "date"])]
        constraints = [
            models.UniqueConstraint(
                fields=["volunteer", "date", "half"],
                condition=Q(status__in=ACTIVE_STATUSES),
                name="one_sitting_per_half_day",
            ),
            models.UniqueConstraint(
                fields=["session"],
                condition=Q(status__in=ACTIVE_STATUSES, is_chair=True),
                name="one_chair_per_panel",
            ),
            models.UniqueConstraint(
                fields=["session", "volunteer"],
                condition=Q(status__in=ACTIVE_STATUSES),
                name="no_member_twice_on_a_session",
            ),
        ]

    def __str__(self):
        return f"{self.volunteer} on {self.session}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES
