"""Training fixtures on top of the shared cast (tests/conftest.py)."""

import datetime

import pytest
from django.utils import timezone

from tests.training.factories import (
    ObservationFactory,
    TrainingSessionFactory,
    course,
    make_sitting_member,
)

TODAY = timezone.localdate()


@pytest.fixture
def trained_member(member):
    """The East member, appointed two years ago with everything needed to sit."""
    return make_sitting_member(member.volunteer, appointed_on=TODAY - datetime.timedelta(days=730))


@pytest.fixture
def east_session(east, trainer_east):
    """A one-day Management of Hearings session in East that took place yesterday."""
    yesterday = TODAY - datetime.timedelta(days=1)
    return TrainingSessionFactory(
        course=course("award-module-3"),
        region=east,
        trainer=trainer_east,
        starts_on=yesterday,
        ends_on=yesterday,
    )


@pytest.fixture
def future_session(east, trainer_east):
    later = TODAY + datetime.timedelta(days=30)
    return TrainingSessionFactory(
        course=course("mandatory"),
        region=east,
        trainer=trainer_east,
        starts_on=later,
        ends_on=later,
        capacity=1,
    )


@pytest.fixture
def west_session(west, admin_west):
    return TrainingSessionFactory(region=west, trainer=admin_west)


@pytest.fixture
def ppa_observation(ppa_east, member, east, east_centre):
    return ObservationFactory(
        volunteer=member.volunteer,
        observer=ppa_east,
        region=east,
        centre=east_centre,
        session_date=TODAY - datetime.timedelta(days=3),
    )
