"""Personal calendar feeds, reached by a secret token that only its hash is kept of."""

from django.conf import settings
from django.db import models


class CalendarFeed(models.Model):
    """A member's calendar subscription; revoked feeds answer 404."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(revoked_at__isnull=True), name="one_live_feed"
            )
        ]

    def __str__(self):
        return f"Calendar feed for {self.user}"
