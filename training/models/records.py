"""What a volunteer holds: competency grants with expiry, award extensions, reminders sent."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class CompetencyGrant(models.Model):
    """A volunteer holds a competency from `granted_on` to `valid_until` inclusive (or forever).

    Grants are added, never edited: a renewal is a new grant, so the history stays readable.
    """

    class Source(models.TextChoices):
        COURSE = "course", "Course attendance"
        SIGN_OFF = "sign_off", "Signed off by a trainer"
        IMPORT = "import", "Imported training record"

    volunteer = models.ForeignKey(
        "volunteers.Volunteer", on_delete=models.CASCADE, related_name="competency_grants"
    )
    competency = models.ForeignKey(
        "training.Competency", on_delete=models.PROTECT, related_name="grants"
    )
    # The framework version in force when it was recorded, so it reads in that version's words.
    framework = models.ForeignKey(
        "training.Framework", null=True, on_delete=models.PROTECT, related_name="grants"
    )
    granted_on = models.DateField()
    valid_until = models.DateField(null=True, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices)
    enrolment = models.ForeignKey(
        "training.Enrolment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="grants",
    )
    evidence = models.CharField(max_length=300, blank=True)
    note = models.TextField(blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-granted_on", "-pk"]
        indexes = [models.Index(fields=["volunteer", "competency", "-granted_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("granted_on")),
                name="grant_valid_after_granted",
            )
        ]

    def __str__(self):
        return f"{self.competency} for {self.volunteer} from {self.granted_on}"

    def holds_on(self, day) -> bool:
        return self.granted_on <= day and (self.valid_until is None or day <= self.valid_until)


class AwardExtension(models.Model):
    """A request to extend the two-year deadline for completing the award."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for a decision"
        APPROVED = "approved", "Approved"
        REFUSED = "refused", "Refused"

    volunteer = models.ForeignKey(
        "volunteers.Volunteer", on_delete=models.CASCADE, related_name="award_extensions"
    )
    extend_to = models.DateField()
    reason = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self):
        return f"Extension to {self.extend_to} for {self.volunteer}"


class ExpiryReminder(models.Model):
    """One reminder sent for one grant at one lead time: the task's idempotency key."""

    grant = models.ForeignKey(CompetencyGrant, on_delete=models.CASCADE, related_name="reminders")
    lead_days = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["grant", "lead_days"], name="one_reminder_per_lead")
        ]

    def __str__(self):
        return f"{self.lead_days}-day reminder for {self.grant}"
