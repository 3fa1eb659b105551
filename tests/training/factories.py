"""Factories for training records; the national framework itself comes from the migration."""

import datetime

import factory
from django.utils import timezone

from tests.factories import CentreFactory, RegionFactory, UserFactory, VolunteerFactory
from training.models import Competency as CompetencyModel
from training.models import (
    CompetencyGrant,
    Course,
    Enrolment,
    Framework,
    Observation,
    PracticeReview,
    TrainingSession,
)


def competency(key: str) -> CompetencyModel:
    return CompetencyModel.objects.get(key=key)


def course(code: str) -> Course:
    return Course.objects.get(code=code)


def live_framework() -> Framework:
    return Framework.objects.filter(status="published").order_by("-version").first()


class GrantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CompetencyGrant

    volunteer = factory.SubFactory(VolunteerFactory)
    competency = factory.LazyFunction(lambda: competency("mandatory"))
    framework = factory.LazyFunction(live_framework)
    granted_on = datetime.date(2025, 1, 1)
    valid_until = None
    source = CompetencyGrant.Source.SIGN_OFF


def grant(volunteer, key: str, granted_on=datetime.date(2024, 1, 1), valid_until=None):
    return GrantFactory(
        volunteer=volunteer,
        competency=competency(key),
        granted_on=granted_on,
        valid_until=valid_until,
    )


def make_sitting_member(volunteer, *, appointed_on=datetime.date(2024, 1, 1)):
    """Give a volunteer everything the version-1 framework asks of someone who sits."""
    volunteer.status = "serving"
    volunteer.appointed_on = appointed_on
    volunteer.save()
    for key in ("module-1", "module-2", "pvg", "mandatory"):
        grant(volunteer, key, granted_on=appointed_on)
    return volunteer


class TrainingSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingSession

    course = factory.LazyFunction(lambda: course("award-module-3"))
    region = factory.SubFactory(RegionFactory)
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    ends_on = factory.LazyAttribute(lambda o: o.starts_on)
    venue = "Training room, 1 High Street"
    trainer = factory.SubFactory(UserFactory)
    capacity = 12


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    session = factory.SubFactory(TrainingSessionFactory)
    volunteer = factory.SubFactory(VolunteerFactory)


class ObservationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Observation

    volunteer = factory.SubFactory(VolunteerFactory)
    observer = factory.SubFactory(UserFactory)
    region = factory.SubFactory(RegionFactory)
    framework = factory.LazyFunction(live_framework)
    centre = factory.SubFactory(CentreFactory)
    session_date = datetime.date(2026, 10, 5)
    half = "AM"
    role = "member"


class PracticeReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PracticeReview

    volunteer = factory.SubFactory(VolunteerFactory)
    reviewer = factory.SubFactory(UserFactory)
    region = factory.SubFactory(RegionFactory)
    held_on = datetime.date(2026, 9, 1)
    summary = "A good conversation about listening to children."
