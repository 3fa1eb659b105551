"""Building the engine's instance from the database, running it, and publishing."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from rostering import services
from rostering.instances import build_instance
from rostering.models import Assignment, Exclusion, RotaRun, Unavailability
from rostering.solver import parse_instance
from rostering.solver_ids import session_id, volunteer_id
from rostering.tasks import email_published_rota
from tests.rostering.conftest import DAY
from tests.rostering.factories import make_member, sit

pytestmark = pytest.mark.django_db


def _period(admin, region):
    return services.create_rota_period(
        region=region,
        start=DAY,
        end=DAY + datetime.timedelta(days=27),
        availability_deadline=DAY - datetime.timedelta(days=7),
        by=admin,
    )


def test_the_instance_is_in_the_engines_format(east_session, east_panel_pool, west_member):
    instance, left_out = build_instance(start=DAY, end=DAY, region=east_session.region)
    parse_instance(instance)
    assert instance["model"] == "regional"
    assert [s["id"] for s in instance["sessions"]] == [session_id(east_session.pk)]
    assert instance["sessions"][0]["cases"] == [f"K{east_session.pk:06d}"]
    assert instance["sessions"][0]["local_authority"] == "S12000036"
    assert len(instance["volunteers"]) == 6  # West's member is not in East's regional run
    ailsa = {v["id"]: v for v in instance["volunteers"]}[volunteer_id(east_panel_pool[0].pk)]
    assert ailsa["can_chair"] is True
    assert ailsa["available"] == ["2030-03-04/AM", "2030-03-04/PM"]
    assert ailsa["region"] == "R-EAST"
    assert left_out == {}


def test_leave_exclusions_and_status_reach_the_instance(east_session, east_panel_pool, admin_east):
    ailsa, callum, fiona, *_ = east_panel_pool
    Unavailability.objects.create(volunteer=ailsa, start=DAY, end=DAY)
    services.record_exclusion(
        volunteer=callum,
        kind=Exclusion.Kind.CASE,
        case_reference="K1",
        reason="Knows the family",
        by=admin_east,
    )
    services.record_exclusion(
        volunteer=callum,
        kind=Exclusion.Kind.COUNCIL,
        local_authority=east_session.hearings.get().local_authority,
        reason="Teacher there",
        by=admin_east,
    )
    fiona.status = "on_leave"
    fiona.save()
    instance, left_out = build_instance(start=DAY, end=DAY, region=east_session.region)
    docs = {v["id"]: v for v in instance["volunteers"]}
    assert docs[volunteer_id(ailsa.pk)]["available"] == []
    assert docs[volunteer_id(callum.pk)]["conflict_local_authorities"] == ["S12000036"]
    # A council conflict also excludes each hearing in that council, by its case.
    assert docs[volunteer_id(callum.pk)]["conflict_cases"] == sorted(
        ["K1", f"K{east_session.pk:06d}"]
    )
    assert volunteer_id(fiona.pk) not in docs
    assert left_out[volunteer_id(fiona.pk)].startswith("cannot sit")


def test_a_run_makes_a_draft_that_publishing_emails(
    east_session, east_panel_pool, admin_east, django_capture_on_commit_callbacks
):
    period = _period(admin_east, east_session.region)
    run = services.start_rota_run(period=period, by=admin_east, time_limit=5)
    run = services.run_rota(run=run, workers=2)
    assert run.status == RotaRun.Status.DRAFT
    drafts = Assignment.objects.filter(run=run, status="draft")
    assert drafts.count() == 3
    assert drafts.filter(is_chair=True).count() == 1
    assert run.metrics["complete"] == 1
    assert run.metrics["mixed"] == 1
    mail.outbox.clear()
    job = services.publish_run(run=run, by=admin_east)
    assert job.total == 3
    assert Assignment.objects.filter(session=east_session, status="published").count() == 3
    assert mail.outbox == []  # publishing writes no email; the job's task does
    with django_capture_on_commit_callbacks(execute=True):
        email_published_rota(job_id=str(job.pk), run_id=run.pk)
    job.refresh_from_db()
    assert job.status == "succeeded"
    assert job.message == "Rota published: 3 members emailed."
    assert len(mail.outbox) == 3
    message = mail.outbox[0]
    assert message.attachments[0][0] == "invite.ics"
    assert "K0" not in message.attachments[0][1]
    assert "K0" not in message.body


def test_published_panels_are_fixed_in_the_next_run(east_session, east_panel_pool, admin_east):
    ailsa, callum, fiona, *_ = east_panel_pool
    sit(east_session, ailsa, chair=True)
    instance, left_out = build_instance(start=DAY, end=DAY, region=east_session.region)
    assert instance["sessions"][0]["fixed"] == [
        {"volunteer": volunteer_id(ailsa.pk), "chair": True}
    ]
    period = _period(admin_east, east_session.region)
    run = services.run_rota(
        run=services.start_rota_run(period=period, by=admin_east, time_limit=5), workers=2
    )
    assert run.status == "draft"
    assert Assignment.objects.filter(session=east_session, status="draft").count() == 2
    assert not Assignment.objects.filter(session=east_session, is_chair=True, status="draft")


def test_a_single_sex_panel_needs_a_reason_before_publishing(east_session, east, admin_east):
    slots = [(DAY, "AM")]
    for chair in (True, False, False):
        make_member(east, sex="F", chair=chair, slots=slots)
    period = _period(admin_east, east_session.region)
    run = services.run_rota(
        run=services.start_rota_run(period=period, by=admin_east, time_limit=5), workers=2
    )

    with pytest.raises(ValidationError, match="all one sex"):
        services.publish_run(run=run, by=admin_east)
    services.record_single_sex_reason(
        session=east_session, reason="No men offered this morning", by=admin_east
    )
    assert services.publish_run(run=run, by=admin_east).total == 3
    with pytest.raises(ValidationError, match="Only a draft"):
        services.publish_run(run=run, by=admin_east)


def test_unfilled_sessions_carry_the_engines_explanation(east_session, east, admin_east):
    make_member(east, sex="F", chair=False, slots=[(DAY, "AM")])
    period = _period(admin_east, east_session.region)
    run = services.run_rota(
        run=services.start_rota_run(period=period, by=admin_east, time_limit=5), workers=2
    )
    assert run.explanations[session_id(east_session.pk)]
