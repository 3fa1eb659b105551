"""A serving volunteer's life: terms, leave, moves between areas and status changes.

Nothing here is edited in place: a move or a status change adds a row, so the history of
where someone served and why they stopped stays readable.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from .people import VolunteerStatus


class Term(models.Model):
    """One term of appointment (normally three years)."""

    class Outcome(models.TextChoices):
        CURRENT = "current", "Current"
        REAPPOINTED = "reappointed", "Reappointed"
        ENDED = "ended", "Ended"

    volunteer = models.ForeignKey(
        "volunteers.Volunteer", on_delete=models.CASCADE, related_name="terms"
    )
    starts_on = models.DateField()
    ends_on = models.DateField()
    outcome = models.CharField(max_length=12, choices=Outcome.choices, default=Outcome.CURRENT)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["volunteer"],
                condition=Q(outcome="current"),
                name="one_current_term_per_volunteer",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")), name="term_ends_after_it_starts"
            ),
        ]

    def __str__(self):
        return f"Term {self.starts_on:%-d %b %Y} to {self.ends_on:%-d %b %Y}"


class StatusChange(models.Model):
    """A change of a volunteer's status, with the reason and, for removal, the consent."""

    volunteer = models.ForeignKey(
        "volunteers.Volunteer", on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(max_length=12, choices=VolunteerStatus.choices)
    to_status = models.CharField(max_length=12, choices=VolunteerStatus.choices)
    on = models.DateField()
    reason = models.TextField(blank=True)
    consented_by = models.CharField(max_length=200, blank=True)
    consented_on = models.DateField(null=True, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.from_status} → {self.to_status} on {self.on}"


class LeaveOfAbsence(models.Model):
    """A period a volunteer is not available to sit, with the reason they gave."""

    volunteer = models.ForeignKey(
        "volunteers.Volunteer", on_delete=models.CASCADE, related_name="leaves"
    )
    starts_on = models.DateField()
    ends_on = models.DateField()
    reason = models.CharField(max_length=200)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="leave_ends_after_it_starts"
            )
        ]

    def __str__(self):
        return f"Leave {self.starts_on} to {self.ends_on}"


class AreaMove(models.Model):
    """A move to another home council area or region; the old values are kept here."""

    volunteer = models.ForeignKey(
        "volunteers.Volunteer", on_delete=models.CASCADE, related_name="moves"
    )
    moved_on = models.DateField()
    from_region = models.ForeignKey("volunteers.Region", on_delete=models.PROTECT, related_name="+")
    to_region = models.ForeignKey("volunteers.Region", on_delete=models.PROTECT, related_name="+")
    from_local_authority = models.ForeignKey(
        "volunteers.LocalAuthority", on_delete=models.PROTECT, related_name="+"
    )
    to_local_authority = models.ForeignKey(
        "volunteers.LocalAuthority", on_delete=models.PROTECT, related_name="+"
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-moved_on", "-pk"]

    def __str__(self):
        return f"Moved to {self.to_local_authority} on {self.moved_on}"
