"""Attendance is on the assignment; travel, subsistence and loss of earnings are claimed
against a dated rate table and approved by an administrator."""

import datetime

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q


class ExpenseRate(models.Model):
    """The rates in force from a date; a new row replaces the old from its start date."""

    valid_from = models.DateField(unique=True, default=datetime.date(2020, 1, 1))
    pence_per_mile = models.PositiveIntegerField(default=45)
    subsistence_max_pence = models.PositiveIntegerField(default=1000)
    loss_of_earnings_max_pence = models.PositiveIntegerField(default=12000)

    class Meta:
        ordering = ["-valid_from"]

    def __str__(self):
        return f"Expense rates from {self.valid_from}"

    @classmethod
    def on(cls, day: datetime.date) -> "ExpenseRate":
        """The rates in force on a day (the defaults if none has been set)."""
        return cls.objects.filter(valid_from__lte=day).first() or cls()


class ExpenseClaim(models.Model):
    """One member's claim for one sitting they attended."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Waiting for approval"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"

    assignment = models.OneToOneField(
        "rostering.Assignment", on_delete=models.PROTECT, related_name="expense_claim"
    )
    miles = models.DecimalField(max_digits=6, decimal_places=1, validators=[MinValueValidator(0)])
    mileage_pence = models.PositiveIntegerField()
    subsistence_pence = models.PositiveIntegerField(default=0)
    loss_of_earnings_pence = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    submitted_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-submitted_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="submitted") | Q(decided_at__isnull=False),
                name="decided_claims_have_a_date",
            )
        ]

    def __str__(self):
        return f"Expenses for {self.assignment}"

    @property
    def total_pence(self) -> int:
        return self.mileage_pence + self.subsistence_pence + self.loss_of_earnings_pence

    @property
    def summary(self) -> str:
        """The claim in words, for administrators and the member."""

        def pounds(pence: int) -> str:
            return f"£{pence / 100:.2f}"

        return (
            f"{self.miles} miles {pounds(self.mileage_pence)}, subsistence "
            f"{pounds(self.subsistence_pence)}, loss of earnings "
            f"{pounds(self.loss_of_earnings_pence)}: {pounds(self.total_pence)} in all"
        )
