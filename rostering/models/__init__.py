"""Rostering models: the Reporter's sessions, availability, conflicts, rota runs, assignments,
cover and calendar feeds."""

from .availability import AvailabilityOffer, SittingPreference, Unavailability, WeeklyPattern
from .cover import CoverOffer, CoverRequest
from .expenses import ExpenseClaim, ExpenseRate
from .feeds import CalendarFeed
from .reminders import ConfirmationLink, ReminderPreference
from .rotas import Assignment, RotaPeriod, RotaRun
from .sessions import Exclusion, Half, Hearing, ScheduleImport, Session

__all__ = [
    "Assignment",
    "AvailabilityOffer",
    "CalendarFeed",
    "ConfirmationLink",
    "CoverOffer",
    "CoverRequest",
    "Exclusion",
    "ExpenseClaim",
    "ExpenseRate",
    "Half",
    "Hearing",
    "ReminderPreference",
    "RotaPeriod",
    "RotaRun",
    "ScheduleImport",
    "Session",
    "SittingPreference",
    "Unavailability",
    "WeeklyPattern",
]
