"""Courses, training sessions and enrolment (with a waiting list)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q


class Course(models.Model):
    """A course in the national catalogue (or a region's local course)."""

    class Kind(models.TextChoices):
        PRE_SERVICE = "pre_service", "Pre-service"
        AWARD_MODULE = "award_module", "Award module"
        CORE = "core", "Core"
        MANDATORY = "mandatory", "Mandatory"
        REFRESHER = "refresher", "Refresher"
        LOCAL = "local", "Local"

    code = models.SlugField(max_length=30, unique=True)
    title = models.CharField(max_length=150)
    kind = models.CharField(max_length=15, choices=Kind.choices)
    description = models.TextField(blank=True)
    grants = models.ManyToManyField(
        "training.Competency",
        blank=True,
        related_name="courses",
        help_text="Competencies that attending the course grants or renews.",
    )
    # None: what it grants never expires.
    validity_months = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(240)]
    )
    prerequisites = models.ManyToManyField(
        "training.Competency",
        blank=True,
        related_name="required_by_courses",
        help_text="Competencies a member must hold before booking.",
    )
    region = models.ForeignKey(
        "volunteers.Region",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="local_courses",
        help_text="Only for local courses.",
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["kind", "title"]

    def __str__(self):
        return self.title


class TrainingSession(models.Model):
    """One running of a course: dates, where, who trains, how many places."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        COMPLETED = "completed", "Completed"
        CANCELLED = "cancelled", "Cancelled"

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="sessions")
    region = models.ForeignKey(
        "volunteers.Region", on_delete=models.PROTECT, related_name="training_sessions"
    )
    starts_on = models.DateField()
    ends_on = models.DateField()
    venue = models.CharField(max_length=200, blank=True)
    is_virtual = models.BooleanField(default=False)
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="training_sessions"
    )
    capacity = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_on", "course__title"]
        indexes = [models.Index(fields=["region", "starts_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="session_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(is_virtual=True) | ~Q(venue=""), name="session_has_venue_or_is_virtual"
            ),
        ]

    def __str__(self):
        return f"{self.course.title}, {self.starts_on:%-d %B %Y}"

    @property
    def where(self) -> str:
        return "Online" if self.is_virtual else self.venue


class Enrolment(models.Model):
    """A volunteer's place (or waiting-list place) on a session, and whether they attended."""

    class Status(models.TextChoices):
        BOOKED = "booked", "Booked"
        WAITING = "waiting", "On the waiting list"
        CANCELLED = "cancelled", "Cancelled"

    class Attendance(models.TextChoices):
        UNMARKED = "unmarked", "Not marked"
        ATTENDED = "attended", "Attended"
        ABSENT = "absent", "Absent"

    class Outcome(models.TextChoices):
        NONE = "", "No outcome recorded"
        PASSED = "passed", "Passed"
        NOT_YET = "not_yet", "Not yet competent"

    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="enrolments"
    )
    volunteer = models.ForeignKey(
        "volunteers.Volunteer", on_delete=models.CASCADE, related_name="enrolments"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.BOOKED)
    attendance = models.CharField(
        max_length=10, choices=Attendance.choices, default=Attendance.UNMARKED
    )
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True, default="")
    self_enrolled = models.BooleanField(default=False)
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    marked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "volunteer"], name="one_enrolment_each")
        ]

    def __str__(self):
        return f"{self.volunteer} on {self.session}"
