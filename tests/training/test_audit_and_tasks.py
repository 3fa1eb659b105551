"""Training records are audited; the scheduled task and the dashboard stay in scope."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from tests.training.factories import grant, make_sitting_member
from training import tasks
from training.models import CompetencyGrant

pytestmark = pytest.mark.django_db


def test_a_competency_grant_is_audited(member):
    record = grant(member.volunteer, "mandatory")
    entry = LogEntry.objects.get_for_object(record).get()
    assert entry.action == LogEntry.Action.CREATE


def test_the_reminder_task_calls_the_service(member, django_capture_on_commit_callbacks):
    volunteer = make_sitting_member(member.volunteer)
    volunteer.competency_grants.filter(competency__key="mandatory").update(
        valid_until=timezone.localdate() + datetime.timedelta(days=3)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_expiry_reminders.delay().get() == 1


def test_the_dashboard_shows_only_the_trainers_regions(
    client_for, trainer_east, member, west_member
):
    for user in (member, west_member):
        make_sitting_member(user.volunteer)
        CompetencyGrant.objects.filter(volunteer=user.volunteer, competency__key="pvg").update(
            valid_until=datetime.date(2025, 1, 1)
        )
    response = client_for(trainer_east).get(reverse("training:dashboard"))
    people = {item.volunteer for item in response.context["page"].object_list}
    assert people == {member.volunteer}
    response = client_for(trainer_east).get(reverse("training:dashboard") + "?region=R-WEST")
    assert list(response.context["page"].object_list) == []
