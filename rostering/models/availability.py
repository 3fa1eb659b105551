"""What members offer: half-days, a standing weekly pattern, dated unavailability, and how
often they have committed to sit."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from .sessions import Half


class AvailabilityOffer(models.Model):
    """A half-day a member has offered to sit."""

    volunteer = models.ForeignKey(
        "volunteers.Volunteer", on_delete=models.CASCADE, related_name="offers"
    )
    date = models.DateField()
    half = models.CharField(max_length=2, choices=Half.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "half"]
        constraints = [
            models.UniqueConstraint(
                fields=["volunteer", "date", "half"], name="one_offer_per_half_day"
            )
        ]
        indexes = [models.Index(fields=["date"])]

    def __str__(self):
        return f"{self.volunteer} offers {self.date} {self.half}"


class WeeklyPattern(models.Model):
    """A half-day of the week a member is usually free; it pre-fills the availability grid."""

    volunteer = models.ForeignKey(
        "volunteers.Volunteer", on_delete=models.CASCADE, related_name="weekly_pattern"
    )
    weekday = models.PositiveSmallIntegerField(validators=[MaxValueValidator(6)])  # Monday = 0
    half = models.CharField(max_length=2, choices=Half.choices)

    class Meta:
        ordering = ["weekday", "half"]
        constraints = [
            models.UniqueConstraint(
                fields=["volunteer", "weekday", "half"], name="one_pattern_entry_per_half_day"
            ),
            models.CheckConstraint(condition=Q(weekday__lte=6), name="pattern_weekday_in_week"),
        ]

    def __str__(self):
        return f"{self.volunteer}: weekday {self.weekday} {self.half}"


class Unavailability(models.Model):
    """Dates a member cannot sit (holidays, leave), whatever they offered."""

    volunteer = models.ForeignKey(
        "volunteers.Volunteer", on_delete=models.CASCADE, related_name="unavailability"
    )
    start = models.DateField()
    end = models.DateField()
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["start"]
        verbose_name_plural = "unavailability"
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="unavailable_in_order")
        ]

    def __str__(self):
        return f"{self.volunteer} away {self.start} to {self.end}"


class SittingPreference(models.Model):
    """How often a member has committed to sit (per month), and the most they will."""

    volunteer = models.OneToOneField(
        "volunteers.Volunteer", on_delete=models.CASCADE, related_name="sitting_preference"
    )
    target_per_month = models.DecimalField(
        max_digits=3,
        decimal_places=1,
        default=Decimal("1.5"),
        validators=[MinValueValidator(0), MaxValueValidator(10)],
    )
    max_per_month = models.PositiveSmallIntegerField(
        default=3, validators=[MinValueValidator(0), MaxValueValidator(15)]
    )

    def __str__(self):
        return f"{self.volunteer}: {self.target_per_month} a month"
