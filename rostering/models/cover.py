"""Finding a substitute when a member withdraws from a published sitting."""

from django.db import models


class CoverRequest(models.Model):
    """A seat to fill on a session after a withdrawal; offered a few members at a time."""

    class Status(models.TextChoices):
        OPEN = "open", "Looking for cover"
        FILLED = "filled", "Filled"
        ESCALATED = "escalated", "Passed to the administrator"
        CLOSED = "closed", "Closed"

    session = models.ForeignKey(
        "rostering.Session", on_delete=models.CASCADE, related_name="cover_requests"
    )
    withdrawn = models.ForeignKey(
        "rostering.Assignment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    needs_chair = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    deadline = models.DateTimeField()
    # The ranked candidates from suggest_cover, best first, as volunteer pks with reasons.
    candidates = models.JSONField(default=list, blank=True)
    filled_by = models.ForeignKey(
        "rostering.Assignment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    filled_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Cover for {self.session}"


class CoverOffer(models.Model):
    """A sitting offered to one member, answered through a link carrying a secret token."""

    class Status(models.TextChoices):
        OFFERED = "offered", "Offered"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        FILLED = "filled", "Filled by someone else"
        EXPIRED = "expired", "Expired"

    request = models.ForeignKey(CoverRequest, on_delete=models.CASCADE, related_name="offers")
    volunteer = models.ForeignKey(
        "volunteers.Volunteer", on_delete=models.CASCADE, related_name="cover_offers"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OFFERED)
    sent_at = models.DateTimeField(auto_now_add=True)
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["request", "volunteer"], name="one_offer_per_member")
        ]

    def __str__(self):
        return f"Cover offer to {self.volunteer}"
