"""rostering.solver_ids: the one place that makes and reads the engine's ids."""

import pytest

from rostering.solver_ids import (
    centre_id,
    parse_centre_id,
    parse_id,
    parse_session_id,
    parse_volunteer_id,
    session_id,
    volunteer_id,
)


def test_it_makes_ids_from_primary_keys():
    assert (session_id(12), volunteer_id(7), centre_id(3)) == ("S12", "V7", "C3")


def test_it_reads_them_back():
    assert parse_session_id("S12") == 12
    assert parse_volunteer_id("V7") == 7
    assert parse_centre_id("C3") == 3
    assert parse_id("V40") == ("V", 40)


@pytest.mark.parametrize("value", ["", "S", "X12", "S-1", "S1a", "s12", "S١٢"])
def test_it_rejects_what_it_did_not_make(value):
    with pytest.raises(ValueError, match="not a session, member or centre id"):
        parse_id(value)


def test_it_rejects_the_wrong_kind():
    with pytest.raises(ValueError, match="expected a S id, got 'V12'"):
        parse_session_id("V12")
    with pytest.raises(ValueError, match="expected a V id, got 'C3'"):
        parse_volunteer_id("C3")
    with pytest.raises(ValueError, match="expected a C id, got 'S3'"):
        parse_centre_id("S3")
