import datetime

import pytest

from rostering.models import Assignment, RotaPeriod, RotaRun
from tests.common.backends import RefusingBackend
from tests.rostering.factories import make_member, make_session

DAY = datetime.date(2030, 3, 4)


@pytest.fixture
def refusing_backend(settings):
    settings.EMAIL_BACKEND = "tests.common.backends.RefusingBackend"
    RefusingBackend.connections_opened = 0
    RefusingBackend.flaky_failures = 0
    return RefusingBackend


@pytest.fixture
def draft_run(east, east_centre, admin_east):
    """A draft rota for one session with a mixed panel of three (no solver needed)."""
    session = make_session(east_centre, date=DAY, half="AM", reference="SCRA-MAIL-1")
    period = RotaPeriod.objects.create(
        region=east, start=DAY, end=DAY, availability_deadline=DAY, created_by=admin_east
    )
    run = RotaRun.objects.create(period=period, status=RotaRun.Status.DRAFT, created_by=admin_east)
    for index, (sex, chair) in enumerate([("F", True), ("M", False), ("F", False)]):
        volunteer = make_member(east, sex=sex, chair=chair, email=f"sitter{index}@example.org")
        Assignment.objects.create(
            session=session,
            volunteer=volunteer,
            date=DAY,
            half="AM",
            is_chair=chair,
            status=Assignment.Status.DRAFT,
            run=run,
        )
    return run
