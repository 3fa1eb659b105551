"""Reminders before a sitting: the member's choices and the one-click answer links."""

from django.db import models


class ReminderPreference(models.Model):
    """How a member wants to hear about coming sittings; no row means the defaults."""

    class Delivery(models.TextChoices):
        EACH = "each", "An email before each sitting"
        WEEKLY = "weekly", "One email a week listing the coming week's sittings"

    volunteer = models.OneToOneField(
        "volunteers.Volunteer", on_delete=models.CASCADE, related_name="reminder_preference"
    )
    reminders = models.BooleanField(default=True)
    delivery = models.CharField(max_length=6, choices=Delivery.choices, default=Delivery.EACH)
    # The Monday of the last week a digest was sent for: claimed before sending, so a
    # second run (or a second worker) sends nothing.
    digest_week = models.DateField(null=True, blank=True)

    def __str__(self):
        return f"{self.volunteer}: {self.get_delivery_display()}"


class ConfirmationLink(models.Model):
    """One answer ("I'll be there" or "I can't come") to one sitting, behind a secret token.

    Only the token's SHA-256 is kept; each link works once.
    """

    class Answer(models.TextChoices):
        CONFIRM = "confirm", "I'll be there"
        DECLINE = "decline", "I can't come"

    assignment = models.ForeignKey(
        "rostering.Assignment", on_delete=models.CASCADE, related_name="confirmation_links"
    )
    answer = models.CharField(max_length=7, choices=Answer.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self):
        return f"{self.get_answer_display()} for {self.assignment}"
