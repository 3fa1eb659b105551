"""Reads for the training app. Public to other apps: eligibility and the live framework."""

from .dashboard import DueItem, due_chart, training_due
from .eligibility import (
    Eligibility,
    can_chair,
    can_sit,
    competency_label,
    current_framework,
    eligibility_for,
    live_framework,
    missing_prerequisites,
)
from .monitoring import MonitoringDue, monitoring_due
from .records import award_progress, bookable_sessions, holdings, my_training

__all__ = [
    "DueItem",
    "Eligibility",
    "MonitoringDue",
    "award_progress",
    "bookable_sessions",
    "can_chair",
    "can_sit",
    "competency_label",
    "current_framework",
    "due_chart",
    "eligibility_for",
    "holdings",
    "live_framework",
    "missing_prerequisites",
    "monitoring_due",
    "my_training",
    "training_due",
]
