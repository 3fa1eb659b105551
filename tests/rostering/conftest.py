import datetime

import pytest

from tests.rostering.factories import make_member, make_session

DAY = datetime.date(2030, 3, 4)


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "https://panel.example.org"


@pytest.fixture
def east_session(east_centre):
    return make_session(east_centre, date=DAY, half="AM", reference="SCRA-EAST-1")


@pytest.fixture
def west_session(west_centre):
    return make_session(
        west_centre, date=DAY, half="AM", reference="SCRA-WEST-1", cases=[("W1", "S12000038")]
    )


@pytest.fixture
def east_panel_pool(east):
    """Six members who offered the morning of DAY: three chairs, mixed sexes."""
    slots = [(DAY, "AM"), (DAY, "PM")]
    return [
        make_member(east, sex="F", chair=True, first_name="Ailsa", slots=slots),
        make_member(east, sex="M", chair=True, first_name="Callum", slots=slots),
        make_member(east, sex="F", chair=False, first_name="Fiona", slots=slots),
        make_member(east, sex="M", chair=False, first_name="Gregor", slots=slots),
        make_member(east, sex="F", chair=True, first_name="Isla", slots=slots),
        make_member(east, sex="M", chair=False, first_name="Lachlan", slots=slots),
    ]
