from .courses import Course, Enrolment, TrainingSession
from .framework import (
    Competency,
    CompetencyArea,
    CompetencyStandard,
    Framework,
    Purpose,
    Requirement,
)
from .monitoring import (
    DevelopmentAction,
    Half,
    Observation,
    ObservationRating,
    PpaAssignment,
    PracticeReview,
)
from .records import AwardExtension, CompetencyGrant, ExpiryReminder

__all__ = [
    "AwardExtension",
    "Competency",
    "CompetencyArea",
    "CompetencyGrant",
    "CompetencyStandard",
    "Course",
    "DevelopmentAction",
    "Enrolment",
    "ExpiryReminder",
    "Framework",
    "Half",
    "Observation",
    "ObservationRating",
    "PpaAssignment",
    "PracticeReview",
    "Purpose",
    "Requirement",
    "TrainingSession",
]
