"""Monitoring by PPAs: observations at hearing sessions and practice reviews."""

from django.conf import settings
from django.db import models


class Half(models.TextChoices):
    AM = "AM", "Morning"
    PM = "PM", "Afternoon"


class Observation(models.Model):
    """A PPA observes a member at a hearing session and gives feedback against the standards.

    The hearing session lives in rostering, which training may not import, so it is named by
    centre, date, half and the Reporter's reference; no child's details are ever recorded.
    """

    class Role(models.TextChoices):
        CHAIR = "chair", "Chairing member"
        MEMBER = "member", "Panel member"

    class Outcome(models.TextChoices):
        MEETS = "meets", "Meets the national standards"
        DEVELOPMENT = "development", "Development needed"
        CONCERN = "concern", "Cause for concern"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        RELEASED = "released", "Shared with the member"

    volunteer = models.ForeignKey(
        "volunteers.Volunteer", on_delete=models.CASCADE, related_name="observations"
    )
    observer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="observations_made"
    )
    region = models.ForeignKey(
        "volunteers.Region", on_delete=models.PROTECT, related_name="observations"
    )
    framework = models.ForeignKey(
        "training.Framework", on_delete=models.PROTECT, related_name="observations"
    )
    centre = models.ForeignKey(
        "volunteers.HearingCentre", on_delete=models.PROTECT, related_name="observations"
    )
    session_date = models.DateField()
    half = models.CharField(max_length=2, choices=Half.choices)
    session_reference = models.CharField(
        max_length=50, blank=True, help_text="The Reporter's session reference, if known."
    )
    role = models.CharField(max_length=6, choices=Role.choices)
    strengths = models.TextField(blank=True)
    development_points = models.TextField(blank=True)
    outcome = models.CharField(max_length=12, choices=Outcome.choices, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    released_at = models.DateTimeField(null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-session_date", "-pk"]
        indexes = [
            models.Index(fields=["volunteer", "session_date"]),
            models.Index(fields=["observer", "-session_date"]),
        ]

    def __str__(self):
        return f"Observation of {self.volunteer} on {self.session_date}"

    @property
    def is_released(self) -> bool:
        return self.status == self.Status.RELEASED


class ObservationRating(models.Model):
    """Feedback on one competency in an observation, against that version's descriptor."""

    class Rating(models.TextChoices):
        NOT_SEEN = "not_seen", "Not seen"
        DEVELOPING = "developing", "Developing"
        MEETS = "meets", "Meets the standard"
        STRONG = "strong", "A strength"

    observation = models.ForeignKey(Observation, on_delete=models.CASCADE, related_name="ratings")
    standard = models.ForeignKey(
        "training.CompetencyStandard", on_delete=models.PROTECT, related_name="ratings"
    )
    rating = models.CharField(max_length=10, choices=Rating.choices, default=Rating.NOT_SEEN)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["standard__area__order", "standard__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["observation", "standard"], name="one_rating_per_standard"
            )
        ]

    def __str__(self):
        return f"{self.standard}: {self.get_rating_display()}"


class PracticeReview(models.Model):
    """A periodic conversation between a PPA and a member about their practice."""

    volunteer = models.ForeignKey(
        "volunteers.Volunteer", on_delete=models.CASCADE, related_name="practice_reviews"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="practice_reviews_held"
    )
    region = models.ForeignKey(
        "volunteers.Region", on_delete=models.PROTECT, related_name="practice_reviews"
    )
    held_on = models.DateField()
    summary = models.TextField()
    next_review_due = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return f"Practice review of {self.volunteer} on {self.held_on}"


class DevelopmentAction(models.Model):
    """An action agreed at a practice review, followed up later."""

    review = models.ForeignKey(PracticeReview, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(max_length=300)
    due_on = models.DateField(null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    follow_up_note = models.TextField(blank=True)
    followed_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self):
        return self.description


class PpaAssignment(models.Model):
    """A PPA assigned to monitor a member: they see the member's released observations and
    practice reviews, not only the ones they made. Ended, never deleted."""

    volunteer = models.ForeignKey(
        "volunteers.Volunteer", on_delete=models.CASCADE, related_name="ppa_assignments"
    )
    ppa = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="ppa_assignments"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-assigned_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["volunteer"],
                condition=models.Q(ended_at__isnull=True),
                name="one_current_ppa_per_member",
            )
        ]

    def __str__(self):
        return f"{self.ppa} monitors {self.volunteer}"
