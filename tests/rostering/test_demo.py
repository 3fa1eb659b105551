"""Demo rostering data: quick, idempotent, and a rota can be drawn from it."""

import datetime

import pytest

from rostering import services
from rostering.demo import load_rostering
from rostering.models import AvailabilityOffer, Session
from tests.rostering.factories import make_session, sit
from volunteers import demo
from volunteers.reappointment import facts_for

pytestmark = pytest.mark.django_db


def test_demo_sessions_and_availability_load_once_and_roster(db):
    demo.load_organisation()
    demo.load_demo_users()
    demo.load_volunteers("small")
    first = load_rostering()
    assert 30 < first["sessions"] < 200
    assert first["offers"] > 500
    sessions, offers = Session.objects.count(), AvailabilityOffer.objects.count()
    again = load_rostering()
    assert again["sessions"] == 0
    assert again["qualified"] == 0
    assert (Session.objects.count(), AvailabilityOffer.objects.count()) == (sessions, offers)
    assert Session.objects.filter(hearings__isnull=True).count() == 0
    period = first["period"]
    run = services.start_rota_run(period=period, by=period.created_by, time_limit=10)
    run = services.run_rota(run=run, workers=2)
    assert run.status == "draft", run.message
    assert run.metrics["valid"] is True
    assert run.metrics["complete"] >= len(run.instance["sessions"]) // 2


def test_sittings_are_part_of_the_reappointment_picture(east_session, member, east_centre):

    sit(east_session, member.volunteer)
    withdrawn = make_session(east_centre, reference="W-1", half="PM")
    sit(withdrawn, member.volunteer, status="withdrawn")
    facts = facts_for(
        [member.volunteer],
        term_start=datetime.date(2027, 1, 1),
        term_end=datetime.date(2031, 1, 1),
    )[member.volunteer.pk]
    sittings = next(f for f in facts if f.label == "Sittings")
    assert (sittings.value, sittings.detail) == ("1 in this term", "1 withdrawal")
