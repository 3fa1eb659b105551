"""Property tests: can_sit / can_chair at their boundaries over generated histories.

Each example writes its history inside a savepoint and rolls it back, so examples never see
each other's rows.
"""

import datetime

import pytest
from django.db import transaction
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tests.training.factories import grant, make_sitting_member
from training.models import Framework
from training.selectors import can_chair, can_sit, eligibility_for
from training.selectors.eligibility import add_months
from volunteers.models import LeaveOfAbsence

pytestmark = pytest.mark.django_db
PROPERTY = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
BASE = datetime.date(2026, 1, 1)
days = st.integers(min_value=-800, max_value=800)
SIT_KEYS = ("module-1", "module-2", "pvg", "mandatory")


class _Rollback(Exception):
    pass


def _in_savepoint(check):
    try:
        with transaction.atomic():
            check()
            raise _Rollback
    except _Rollback:
        pass


@PROPERTY
@given(expires=days, offset=st.integers(min_value=-60, max_value=60))
def test_mandatory_training_holds_through_its_expiry_day_and_not_after(member, expires, offset):
    def check():
        volunteer = make_sitting_member(member.volunteer, appointed_on=datetime.date(2020, 1, 1))
        expiry = BASE + datetime.timedelta(days=expires)
        volunteer.competency_grants.filter(competency__key="mandatory").update(
            granted_on=datetime.date(2020, 1, 1), valid_until=expiry
        )
        day = expiry + datetime.timedelta(days=offset)
        result = can_sit(volunteer, on=day)
        assert result.ok == (day <= expiry)
        if not result.ok:
            assert result.reasons == (
                "Mandatory training (child protection and data protection) expired on "
                f"{expiry.day} {expiry:%B %Y}",
            )

    _in_savepoint(check)


@PROPERTY
@given(appointed=days, offset=st.integers(min_value=-40, max_value=40), months=st.integers(1, 36))
def test_chairing_starts_exactly_when_the_service_length_is_reached(
    member, appointed, offset, months
):

    start = BASE + datetime.timedelta(days=appointed)
    # Before appointment other requirements fail too; this property is about service length.
    assume(add_months(start, months) + datetime.timedelta(days=offset) >= start)

    def check():
        volunteer = make_sitting_member(member.volunteer, appointed_on=start)
        grant(volunteer, "module-3", granted_on=start)
        Framework.objects.get(version=1).requirements.filter(kind="service").update(months=months)
        qualifies = add_months(start, months)
        day = qualifies + datetime.timedelta(days=offset)
        result = can_chair(volunteer, on=day)
        assert result.ok == (day >= qualifies)
        if not result.ok:
            assert result.reasons == (f"Less than {months} months' service",)
        assert can_sit(volunteer, on=day).ok

    _in_savepoint(check)


@PROPERTY
@given(start=days, length=st.integers(min_value=0, max_value=120), offset=days)
def test_nobody_sits_or_chairs_on_a_day_of_leave(member, start, length, offset):
    def check():
        volunteer = make_sitting_member(member.volunteer, appointed_on=datetime.date(2018, 1, 1))
        grant(volunteer, "module-3", granted_on=datetime.date(2018, 6, 1))
        first = BASE + datetime.timedelta(days=start)
        last = first + datetime.timedelta(days=length)
        LeaveOfAbsence.objects.create(
            volunteer=volunteer, starts_on=first, ends_on=last, reason="Family"
        )
        day = first + datetime.timedelta(days=offset % (length + 60) - 30)
        on_leave = first <= day <= last
        sit, chair = eligibility_for([volunteer], on=day)[volunteer.pk]
        assert sit.ok == chair.ok == (not on_leave)
        if on_leave:
            assert sit.reasons == (f"On leave until {last.day} {last:%B %Y}",)

    _in_savepoint(check)


@PROPERTY
@given(lapse=days, offset=st.integers(min_value=-30, max_value=30))
def test_a_lapsed_pvg_stops_sitting_the_next_day(member, lapse, offset):
    def check():
        volunteer = make_sitting_member(member.volunteer, appointed_on=datetime.date(2018, 1, 1))
        last = BASE + datetime.timedelta(days=lapse)
        volunteer.competency_grants.filter(competency__key="pvg").update(
            granted_on=datetime.date(2018, 1, 1), valid_until=last
        )
        day = last + datetime.timedelta(days=offset)
        result = can_sit(volunteer, on=day)
        assert result.ok == (day <= last)
        assert ("PVG not current" in result.reasons) == (day > last)

    _in_savepoint(check)


history = st.lists(
    st.tuples(
        st.sampled_from([*SIT_KEYS, "module-3"]),
        days,
        st.one_of(st.none(), st.integers(min_value=0, max_value=1200)),
    ),
    max_size=12,
)


@PROPERTY
@given(grants=history, appointed=days, on=days)
def test_eligibility_matches_the_records_for_any_history(member, grants, appointed, on):
    """Oracle: sit iff appointed and every sit competency has a grant covering the day."""

    def check():
        volunteer = member.volunteer
        volunteer.status = "serving"
        volunteer.appointed_on = BASE + datetime.timedelta(days=appointed)
        volunteer.save()
        rows = []
        for key, start, length in grants:
            granted_on = BASE + datetime.timedelta(days=start)
            valid_until = None if length is None else granted_on + datetime.timedelta(days=length)
            grant(volunteer, key, granted_on=granted_on, valid_until=valid_until)
            rows.append((key, granted_on, valid_until))
        day = BASE + datetime.timedelta(days=on)

        def holds(key):
            return any(k == key and g <= day and (u is None or day <= u) for k, g, u in rows)

        appointed_by_then = volunteer.appointed_on <= day
        expected_sit = appointed_by_then and all(holds(k) for k in SIT_KEYS)
        expected_chair = (
            expected_sit and holds("module-3") and add_months(volunteer.appointed_on, 12) <= day
        )
        sit, chair = eligibility_for([volunteer], on=day)[volunteer.pk]
        assert sit.ok == expected_sit
        assert chair.ok == expected_chair
        assert bool(sit.reasons) != sit.ok
        assert set(sit.reasons) <= set(chair.reasons)

    _in_savepoint(check)
