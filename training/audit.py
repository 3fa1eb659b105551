"""Every change to a training or monitoring record about a person is attributable."""

from auditlog.registry import auditlog

from .models import (
    AwardExtension,
    CompetencyGrant,
    DevelopmentAction,
    Enrolment,
    Framework,
    Observation,
    ObservationRating,
    PpaAssignment,
    PracticeReview,
    Requirement,
)

auditlog.register(CompetencyGrant)
auditlog.register(Enrolment)
auditlog.register(AwardExtension)
auditlog.register(Observation)
auditlog.register(ObservationRating)
auditlog.register(PracticeReview)
auditlog.register(PpaAssignment)
auditlog.register(DevelopmentAction)
auditlog.register(Framework)
auditlog.register(Requirement)
