"""Every email the site sends, written before it goes so a failure is retried and visible."""

from django.conf import settings
from django.db import models


class OutgoingEmail(models.Model):
    """One rendered message to one recipient; the worker only sends what is stored here.

    Holds names, dates and places, never a child's or a case's details: the templates that
    fill it are written that way and nothing else is put in.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    to = models.EmailField(max_length=254)
    # The account the address belonged to when the message was written, so subject access
    # and retention find a person's emails; empty for addresses with no account (referees).
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    template = models.CharField(max_length=100)
    subject = models.CharField(max_length=255)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    ics = models.BinaryField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    job = models.ForeignKey(
        "common.Job",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="emails",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "-created_at"], name="outgoing_status_recent_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="sent") | models.Q(sent_at__isnull=False),
                name="outgoing_sent_has_time",
            )
        ]

    def __str__(self):
        return f"{self.template} to {self.to} ({self.get_status_display()})"
