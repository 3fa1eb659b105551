"""Organisation changes carry forward to sessions already imported for later dates."""

import datetime
from decimal import Decimal

import pytest

from rostering.instances import build_instance
from rostering.models import Assignment, RotaPeriod, RotaRun, Session
from tests.factories import CentreFactory, RotaFactory
from tests.rostering.factories import make_member, make_session, sit
from volunteers.models import Region
from volunteers.services import (
    OrganisationChange,
    apply_change,
    merge_regions,
    move_centre,
    preview_change,
)

pytestmark = pytest.mark.django_db
MERGE_DAY = datetime.date(2030, 4, 1)
BEFORE = datetime.date(2030, 3, 25)
AFTER = datetime.date(2030, 4, 8)
LATER = datetime.date(2030, 4, 22)


@pytest.fixture
def west_sessions(west_centre):
    return [
        make_session(west_centre, date=day, reference=f"W-{day:%m%d}")
        for day in (BEFORE, AFTER, LATER)
    ]


def _regions(sessions):
    return [Session.objects.get(pk=s.pk).region.code for s in sessions]


def test_a_future_merge_rehomes_sessions_on_and_after_the_date(
    national_admin, east, west, west_sessions
):
    merge_regions(source=west, target=east, on=MERGE_DAY, by=national_admin)

    assert _regions(west_sessions) == ["R-WEST", "R-EAST", "R-EAST"]


def test_a_rota_run_for_the_target_after_a_future_merge_includes_the_rehomed_sessions(
    national_admin, east, west, west_sessions
):
    merge_regions(source=west, target=east, on=MERGE_DAY, by=national_admin)

    instance, _ = build_instance(start=AFTER, end=LATER, region=east)

    assert sorted(s["id"] for s in instance["sessions"]) == [
        f"S{west_sessions[1].pk}",
        f"S{west_sessions[2].pk}",
    ]


def test_moving_a_centre_rehomes_its_later_sessions(national_admin, west, east, west_sessions):
    move_centre(centre=west_sessions[0].centre, region=east, on=MERGE_DAY, by=national_admin)

    assert _regions(west_sessions) == ["R-WEST", "R-EAST", "R-EAST"]


def test_published_sittings_are_flagged_and_draft_sittings_stay_on_their_sessions(
    national_admin, east, west, west_sessions
):
    published = sit(west_sessions[1], make_member(west), status="published")
    draft = sit(west_sessions[2], make_member(west), status="draft")
    period = RotaPeriod.objects.create(
        region=west, start=AFTER, end=LATER, availability_deadline=BEFORE
    )
    run = RotaRun.objects.create(period=period, status=RotaRun.Status.DRAFT)
    draft.run = run
    draft.save()

    merge_regions(source=west, target=east, on=MERGE_DAY, by=national_admin)

    flagged, quiet = (Session.objects.get(pk=s.pk) for s in west_sessions[1:])
    assert (flagged.needs_review, quiet.needs_review) == (True, False)
    assert flagged.change_note == (
        "Now in East (was West) after an organisation change: confirm the panel."
    )
    assert Assignment.objects.get(pk=draft.pk).session_id == quiet.pk
    assert Assignment.objects.get(pk=published.pk).status == "published"
    period.refresh_from_db()
    run.refresh_from_db()
    assert period.change_note.startswith("Sessions from 08 Apr 2030 moved out of West")
    assert run.change_note == period.change_note


def test_a_preview_counts_what_the_change_would_do_and_writes_nothing(
    national_admin, east, west, west_sessions, west_member
):
    sit(west_sessions[2], make_member(west), status="published")
    RotaFactory(region=west, name="Paisley rota", centres=[west_sessions[0].centre])
    change = OrganisationChange.merge_regions(source=west, target=east, on=MERGE_DAY)

    preview = preview_change(change, by=national_admin)

    assert (preview.sessions, preview.first, preview.last) == (2, AFTER, LATER)
    assert preview.by_centre == [("Paisley", 2)]
    assert preview.centres == [("Paisley", "West", "East")]
    assert [m[1:] for m in preview.members] == [("West", "East"), ("West", "East")]
    assert preview.rotas == ["Paisley rota"]
    assert preview.published_sittings == 1
    assert preview.warnings == [
        "1 published sitting is on sessions that change region: those sessions are flagged "
        "for the rota manager to confirm.",
    ]
    assert _regions(west_sessions) == ["R-WEST", "R-WEST", "R-WEST"]
    west.refresh_from_db()
    assert (west.is_active, west.merged_into) == (True, None)


def test_applying_a_change_does_what_its_preview_said(national_admin, east, west, west_sessions):
    change = OrganisationChange.merge_regions(source=west, target=east, on=MERGE_DAY)
    preview = preview_change(change, by=national_admin)

    applied = apply_change(change, by=national_admin)

    assert (applied.sessions, applied.centres, applied.members) == (
        preview.sessions,
        preview.centres,
        preview.members,
    )
    assert _regions(west_sessions) == ["R-WEST", "R-EAST", "R-EAST"]
    assert Region.objects.get(pk=west.pk).merged_on == MERGE_DAY


def test_a_preview_warns_of_a_centre_moving_to_a_region_with_no_rota_and_no_members(
    national_admin, east
):
    empty = Region.objects.create(code="R-EMPTY", name="Empty")
    centre = CentreFactory(name="Far away", region=east, latitude=Decimal("60.15"))
    change = OrganisationChange.move_centre(centre=centre, region=empty, on=MERGE_DAY)

    preview = preview_change(change, by=national_admin)

    assert preview.warnings == [
        "Empty has no rota: Far away cannot be rostered.",
        "No serving member of Empty lives within their travel limit of Far away.",
    ]


def test_a_preview_warns_of_a_centre_left_on_no_rota(national_admin, east, east_centre):
    rota = RotaFactory(region=east, name="Lothian", centres=[east_centre])
    make_member(east)
    change = OrganisationChange.redraw_rota(rota=rota, centres=[], on=MERGE_DAY)

    preview = preview_change(change, by=national_admin)

    assert preview.rotas == ["Lothian"]
    assert preview.warnings == ["Edinburgh Waterloo Place will be on no rota from 1 April 2030."]
