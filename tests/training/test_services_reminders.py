"""Expiry reminders: at the configured lead times, once each, never deciding eligibility."""

import datetime

import pytest
from django.core import mail

from tests.training.factories import grant, make_sitting_member
from training.models import ExpiryReminder
from training.services import send_expiry_reminders

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 6, 1)


def _run(capture, today=TODAY):
    with capture(execute=True):
        return send_expiry_reminders(today=today)


def test_volunteer_and_their_trainers_are_reminded_once_per_lead_time(
    member, trainer_east, admin_west, django_capture_on_commit_callbacks
):
    volunteer = make_sitting_member(member.volunteer)
    volunteer.competency_grants.filter(competency__key="mandatory").update(
        valid_until=TODAY + datetime.timedelta(days=30)
    )
    assert _run(django_capture_on_commit_callbacks) == 1
    assert sorted(m.to[0] for m in mail.outbox) == [member.email, trainer_east.email]
    assert "valid until 1 July 2026" in mail.outbox[0].body
    mail.outbox.clear()
    # Idempotent: running again the same day (or a day later) sends nothing new.
    assert _run(django_capture_on_commit_callbacks) == 0
    assert _run(django_capture_on_commit_callbacks, TODAY + datetime.timedelta(days=1)) == 0
    assert mail.outbox == []
    # The 60- and 30-day reminders were both covered by the one message.
    assert sorted(ExpiryReminder.objects.values_list("lead_days", flat=True)) == [30, 60]
    # At 7 days, one more.
    assert _run(django_capture_on_commit_callbacks, TODAY + datetime.timedelta(days=23)) == 1


def test_a_renewed_competency_is_not_reminded(member, django_capture_on_commit_callbacks):
    volunteer = make_sitting_member(member.volunteer)
    volunteer.competency_grants.filter(competency__key="mandatory").update(
        valid_until=TODAY + datetime.timedelta(days=5)
    )
    grant(volunteer, "mandatory", granted_on=TODAY, valid_until=TODAY.replace(year=2029))
    assert _run(django_capture_on_commit_callbacks) == 0


def test_nothing_is_sent_far_from_expiry(member, django_capture_on_commit_callbacks):
    volunteer = make_sitting_member(member.volunteer)
    volunteer.competency_grants.filter(competency__key="mandatory").update(
        valid_until=TODAY + datetime.timedelta(days=61)
    )
    assert _run(django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []
