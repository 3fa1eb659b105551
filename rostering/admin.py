"""The expense rate table is edited in the Django admin by national staff."""

from django.contrib import admin

from .models import ExpenseRate


@admin.register(ExpenseRate)
class ExpenseRateAdmin(admin.ModelAdmin):
    list_display = [
        "valid_from",
        "pence_per_mile",
        "subsistence_max_pence",
        "loss_of_earnings_max_pence",
    ]
