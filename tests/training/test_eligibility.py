"""can_sit / can_chair against the version-1 national framework."""

import datetime

import pytest

from tests.training.factories import grant, make_sitting_member
from training.selectors import Eligibility, can_chair, can_sit, eligibility_for

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 6, 1)


def test_a_fully_trained_serving_member_may_sit(member):
    volunteer = make_sitting_member(member.volunteer)
    assert can_sit(volunteer, on=DAY) == Eligibility(True, ())


def test_an_untrained_member_is_told_everything_missing(member):
    volunteer = member.volunteer
    result = can_sit(volunteer, on=DAY)
    assert not result
    assert result.reasons == (
        "Not appointed to the panel",
        "PVG not current",
        "Module 1 (The children's hearings system) not completed",
        "Module 2 (Making decisions in hearings) not completed",
        "Mandatory training (child protection and data protection) not held",
    )


def test_chairing_needs_module_3_and_a_year_of_service(member):
    volunteer = make_sitting_member(member.volunteer, appointed_on=datetime.date(2026, 1, 1))
    assert can_chair(volunteer, on=DAY).reasons == (
        "Module 3 (Management of Hearings) not completed",
        "Less than 12 months' service",
    )
    grant(volunteer, "module-3", granted_on=datetime.date(2026, 5, 1))
    assert not can_chair(volunteer, on=datetime.date(2026, 12, 31))
    assert can_chair(volunteer, on=datetime.date(2027, 1, 1))


def test_expired_training_says_when_it_expired(member):
    volunteer = make_sitting_member(member.volunteer)
    volunteer.competency_grants.filter(competency__key="mandatory").update(
        valid_until=datetime.date(2026, 3, 3)
    )
    assert can_sit(volunteer, on=datetime.date(2026, 3, 3))
    assert can_sit(volunteer, on=datetime.date(2026, 3, 4)).reasons == (
        "Mandatory training (child protection and data protection) expired on 3 March 2026",
    )


def test_eligibility_for_many_runs_a_fixed_number_of_queries(
    member, west_member, django_assert_max_num_queries
):
    make_sitting_member(member.volunteer)
    with django_assert_max_num_queries(6) as one:
        eligibility_for([member.volunteer], on=DAY)
    volunteers = [member.volunteer, west_member.volunteer]
    with django_assert_max_num_queries(len(one.captured_queries)):
        result = eligibility_for(volunteers, on=DAY)
    assert result[member.volunteer.pk][0].ok is True
    assert result[west_member.volunteer.pk][0].ok is False
