"""Every change to a person's record, a role grant or the organisation is attributable."""

from auditlog.registry import auditlog

from .models import (
    Application,
    ApplicationTransition,
    AreaMove,
    Campaign,
    CentreRegionLink,
    DataDeletionRequest,
    ExpressionOfInterest,
    HearingCentre,
    LeaveOfAbsence,
    OrganisationSetting,
    PvgRecord,
    Referee,
    Region,
    RegionLocalAuthority,
    RoleAssignment,
    Rota,
    RotaCentreLink,
    SelectionRecommendation,
    SelectionScore,
    StatusChange,
    Term,
    User,
    Volunteer,
)

auditlog.register(User, exclude_fields=["password", "last_login"])
auditlog.register(RoleAssignment)
auditlog.register(Volunteer)
auditlog.register(Region)
auditlog.register(RegionLocalAuthority)
auditlog.register(HearingCentre)
auditlog.register(CentreRegionLink)
auditlog.register(Rota)
auditlog.register(RotaCentreLink)
auditlog.register(OrganisationSetting)

# Recruitment and the volunteer's life. Equality responses are not audited: they are anonymous.
auditlog.register(Campaign)
auditlog.register(ExpressionOfInterest)
auditlog.register(Application)
auditlog.register(ApplicationTransition)
auditlog.register(Referee, exclude_fields=["token_hash"])
auditlog.register(PvgRecord)
auditlog.register(SelectionScore)
auditlog.register(SelectionRecommendation)
auditlog.register(Term)
auditlog.register(LeaveOfAbsence)
auditlog.register(AreaMove)
auditlog.register(StatusChange)
auditlog.register(DataDeletionRequest)
