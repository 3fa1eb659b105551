"""PVG from the recruitment record and dated leave, as eligibility reads them."""

import datetime

import pytest

from tests.training.factories import grant, make_sitting_member
from tests.volunteers.recruitment.factories import ApplicationFactory
from training.selectors import can_sit
from volunteers.models import LeaveOfAbsence, PvgRecord

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 6, 1)


def _with_recruitment_pvg(volunteer, status):
    application = ApplicationFactory(user=volunteer.user)
    PvgRecord.objects.create(application=application, status=status, membership_number="1234")
    volunteer.application = application
    volunteer.save()


def _without_pvg_grant(volunteer):
    volunteer.competency_grants.filter(competency__key="pvg").delete()
    return volunteer


def test_a_cleared_recruitment_check_counts_when_no_pvg_grant_is_recorded(member):
    volunteer = _without_pvg_grant(make_sitting_member(member.volunteer))
    assert can_sit(volunteer, on=DAY).reasons == ("PVG not current",)
    _with_recruitment_pvg(volunteer, "member")
    assert can_sit(volunteer, on=DAY)


def test_a_withdrawn_recruitment_check_overrides_a_pvg_grant(member):
    volunteer = make_sitting_member(member.volunteer)
    _with_recruitment_pvg(volunteer, "withdrawn")
    assert can_sit(volunteer, on=DAY).reasons == ("PVG not current",)


def test_a_dated_pvg_grant_decides_over_a_cleared_check(member):
    volunteer = _without_pvg_grant(make_sitting_member(member.volunteer))
    _with_recruitment_pvg(volunteer, "cleared")
    grant(
        volunteer,
        "pvg",
        granted_on=datetime.date(2024, 1, 1),
        valid_until=datetime.date(2026, 5, 31),
    )
    assert can_sit(volunteer, on=DAY).reasons == ("PVG not current",)


def test_status_on_leave_without_dates_blocks_and_dated_leave_says_until_when(member):
    volunteer = make_sitting_member(member.volunteer)
    volunteer.status = "on_leave"
    volunteer.save()
    assert can_sit(volunteer, on=DAY).reasons == ("On leave",)
    LeaveOfAbsence.objects.create(
        volunteer=volunteer,
        starts_on=datetime.date(2026, 5, 1),
        ends_on=datetime.date(2027, 3, 3),
        reason="Travelling",
    )
    assert can_sit(volunteer, on=DAY).reasons == ("On leave until 3 March 2027",)
    # Rostering ahead: once the dated leave is over, the member may sit again.
    assert can_sit(volunteer, on=datetime.date(2027, 3, 4))


def test_resigned_members_cannot_sit(member):
    volunteer = make_sitting_member(member.volunteer)
    volunteer.status = "resigned"
    volunteer.save()
    assert can_sit(volunteer, on=DAY).reasons == ("Resigned",)
