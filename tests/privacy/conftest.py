"""A person with a record in every app, for subject access and retention tests."""

import datetime
from decimal import Decimal

import pytest
from allauth.usersessions.models import UserSession
from django.utils import timezone

from common.mail import queue_email
from common.models import Job
from privacy.models import AccountLockout, MfaEnrolmentLink
from rostering.models import (
    AvailabilityOffer,
    CalendarFeed,
    ConfirmationLink,
    CoverOffer,
    CoverRequest,
    Exclusion,
    ExpenseClaim,
    ReminderPreference,
    SittingPreference,
    Unavailability,
    WeeklyPattern,
)
from tests.factories import UserFactory, VolunteerFactory, grant, local_authority, with_totp
from tests.rostering.factories import make_session, sit
from tests.training.factories import (
    EnrolmentFactory,
    ObservationFactory,
    PracticeReviewFactory,
    TrainingSessionFactory,
)
from tests.training.factories import grant as grant_competency
from tests.volunteers.recruitment.factories import ApplicationFactory
from training.models import (
    AwardExtension,
    CompetencyStandard,
    DevelopmentAction,
    ExpiryReminder,
    ObservationRating,
    PpaAssignment,
)
from volunteers.models import (
    ApplicationTransition,
    AreaMove,
    DataDeletionRequest,
    ExpressionOfInterest,
    LeaveOfAbsence,
    PvgRecord,
    Role,
    SelectionRecommendation,
    SelectionScore,
    StatusChange,
    Term,
)

NOW = timezone.now()
LONG_AGO = datetime.date(2010, 6, 1)


def make_full_person(region, centre, *, email="everything@example.org", ppa=None):
    """A panel member (and former applicant, trainer and staff user) with at least one row of
    every registered model. Returns the user."""
    user = with_totp(UserFactory(email=email, first_name="Eilidh", last_name="Everywhere"))
    grant(user, Role.PANEL_MEMBER)
    volunteer = VolunteerFactory(
        user=user,
        home_region=region,
        status="serving",
        appointed_on=datetime.date(2020, 1, 1),
        languages="Gaelic",
        accessibility_needs="Step-free access",
    )
    la = local_authority()
    # volunteers
    Term.objects.create(
        volunteer=volunteer, starts_on=datetime.date(2020, 1, 1), ends_on=datetime.date(2023, 1, 1)
    )
    StatusChange.objects.create(
        volunteer=volunteer, from_status="trainee", to_status="serving", on=LONG_AGO, reason="OK"
    )
    LeaveOfAbsence.objects.create(
        volunteer=volunteer, starts_on=LONG_AGO, ends_on=LONG_AGO, reason="Surgery"
    )
    AreaMove.objects.create(
        volunteer=volunteer,
        moved_on=LONG_AGO,
        from_region=region,
        to_region=region,
        from_local_authority=la,
        to_local_authority=la,
    )
    ExpressionOfInterest.objects.create(user=user, local_authority=la)
    application = ApplicationFactory(user=user, status="appointed", phone="07700 900456")
    ApplicationTransition.objects.create(
        application=application, from_status="submitted", to_status="appointed"
    )
    SelectionScore.objects.create(
        application=application, stage="interview", competency="listening", score=4
    )
    SelectionRecommendation.objects.create(
        application=application, stage="interview", recommendation="appoint"
    )
    PvgRecord.objects.create(application=application, status="cleared")
    DataDeletionRequest.objects.create(user=user, email=user.email, reason="Curious")
    UserSession.objects.create(
        user=user, ip="192.0.2.1", session_key="k" * 32, user_agent="Firefox"
    )
    Job.objects.create(owner=user, kind="export", title="People export")
    # An email through the one mailer: the log finds the account by its address.
    queue_email(to=user.email, template="privacy/lockout", context={"user": user, "url": "x"})
    # training
    EnrolmentFactory(volunteer=volunteer, session=TrainingSessionFactory(region=region))
    TrainingSessionFactory(region=region, trainer=user)
    competency_grant = grant_competency(volunteer, "mandatory")
    competency_grant.note = "Signed off at Perth"
    competency_grant.save()
    ExpiryReminder.objects.create(grant=competency_grant, lead_days=30)
    AwardExtension.objects.create(
        volunteer=volunteer, extend_to=datetime.date(2031, 1, 1), reason="Caring duties"
    )
    observer = ppa or UserFactory()
    observation = ObservationFactory(
        volunteer=volunteer, observer=observer, region=region, centre=centre, strengths="Calm"
    )
    ObservationRating.objects.create(
        observation=observation, standard=CompetencyStandard.objects.first(), comment="Good"
    )
    review = PracticeReviewFactory(volunteer=volunteer, reviewer=observer, region=region)
    DevelopmentAction.objects.create(review=review, description="Read the new guidance")
    PpaAssignment.objects.create(volunteer=volunteer, ppa=observer)
    # rostering
    session = make_session(centre, date=datetime.date(2030, 3, 4), half="AM")
    sitting = sit(session, volunteer)
    sitting.withdrawal_reason = "Hospital appointment"
    sitting.save()
    AvailabilityOffer.objects.create(volunteer=volunteer, date=datetime.date(2030, 3, 5), half="PM")
    WeeklyPattern.objects.create(volunteer=volunteer, weekday=2, half="AM")
    Unavailability.objects.create(
        volunteer=volunteer, start=datetime.date(2030, 4, 1), end=datetime.date(2030, 4, 7)
    )
    SittingPreference.objects.create(volunteer=volunteer)
    ReminderPreference.objects.create(volunteer=volunteer, delivery="weekly")
    ConfirmationLink.objects.create(assignment=sitting, answer="confirm", token_hash="r" * 64)
    request = CoverRequest.objects.create(session=session, deadline=NOW)
    CoverOffer.objects.create(request=request, volunteer=volunteer, token_hash="c" * 64)
    Exclusion.objects.create(
        volunteer=volunteer, kind="council", local_authority=la, reason="Works for the council"
    )
    ExpenseClaim.objects.create(
        assignment=sitting, miles=Decimal("10.0"), mileage_pence=450, subsistence_pence=500
    )
    CalendarFeed.objects.create(user=user, token_hash="f" * 64)
    # privacy
    MfaEnrolmentLink.objects.create(
        user=user, token_hash="m" * 64, sent_to=user.email, expires_at=NOW
    )
    AccountLockout.objects.create(kind="account", email=user.email, user=user, expires_at=NOW)
    return user


@pytest.fixture
def everything(east, east_centre, ppa_east):
    return make_full_person(east, east_centre, ppa=ppa_east)
