"""The retention schedule: applied twice to a database with every category past its period,
nothing the schedule deletes is left and the second run changes nothing."""

import datetime
import io

import pytest
from auditlog.models import LogEntry
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from common import retention
from common.models import Job
from common.privacy import REDACTED, audit_entries_about
from privacy.models import AccountLockout, MfaEnrolmentLink, RetentionRun
from privacy.services import run_retention
from privacy.tasks import apply_retention_schedule
from rostering.models import AvailabilityOffer, CalendarFeed, ExpenseClaim, Unavailability
from rostering.retention import expense_cutoff
from tests.factories import UserFactory, VolunteerFactory
from tests.privacy.conftest import make_full_person
from tests.training.factories import ObservationFactory
from tests.volunteers.recruitment.factories import ApplicationFactory
from training.models import Observation, PracticeReview
from volunteers.models import Application, User

NOW = timezone.now()


def _ago(days):
    return NOW - datetime.timedelta(days=days)


@pytest.fixture
def past_everything(east, east_centre, ppa_east):
    """Every category of the schedule, past its period."""
    former = make_full_person(east, east_centre, email="former@example.org", ppa=ppa_east)
    volunteer = former.volunteer
    volunteer.status = "resigned"
    volunteer.left_on = _ago(settings.FORMER_MEMBER_RETENTION_DAYS + 10).date()
    volunteer.save()  # audited: the entry carries the old values until redacted
    rejected = ApplicationFactory(status="rejected", first_name="Rhona", phone="07700 900999")
    Application.objects.filter(pk=rejected.pk).update(
        closed_at=_ago(settings.RECRUITMENT_RETENTION_DAYS + 1)
    )
    serving = VolunteerFactory(home_region=east, status="serving")
    ObservationFactory(
        volunteer=serving,
        observer=ppa_east,
        region=east,
        centre=east_centre,
        session_date=_ago(settings.OBSERVATION_RETENTION_DAYS + 1).date(),
    )
    ExpenseClaim.objects.update(
        status="approved", decided_at=_ago(365 * (settings.EXPENSE_RETENTION_YEARS + 2))
    )
    other = UserFactory()
    CalendarFeed.objects.create(
        user=other,
        token_hash="r" * 64,
        revoked_at=_ago(settings.CALENDAR_FEED_RETENTION_DAYS + 1),
    )
    Job.objects.create(
        owner=other, kind="export", title="Old", finished_at=_ago(settings.JOB_RETENTION_DAYS + 1)
    )
    MfaEnrolmentLink.objects.update(created_at=_ago(100))
    AccountLockout.objects.update(locked_at=_ago(100))
    return former


def _state():
    """Everything a second run could change, as comparable data."""

    counts = {m._meta.label: m._default_manager.count() for m in apps.get_models()}
    redacted = LogEntry.objects.filter(object_repr=REDACTED).count()
    emails = sorted(User.objects.values_list("email", flat=True))
    return counts, redacted, emails


def test_two_runs_leave_nothing_due_and_the_second_changes_nothing(past_everything):
    dry = {o.rule.key: o.count for o in retention.apply_schedule(dry_run=True)}
    assert all(
        dry[key] > 0
        for key in [
            "unsuccessful-applications",
            "former-members",
            "observations",
            "expense-claims",
            "revoked-calendar-feeds",
            "finished-jobs",
            "security-records",
        ]
    ), dry

    first = run_retention(dry_run=False)
    assert first.total > 0
    after_first = _state()
    second = run_retention(dry_run=False)
    assert second.total == 0
    # Only the second run's own record differs.
    counts, redacted, emails = _state()
    counts["privacy.RetentionRun"] -= 1
    assert (counts, redacted, emails) == after_first
    assert {o.rule.key: o.count for o in retention.apply_schedule(dry_run=True)} == dict.fromkeys(
        dry, 0
    )

    former = User.objects.get(pk=past_everything.pk)
    assert former.email.endswith("@anonymised.invalid")
    assert (former.first_name, former.last_name, former.is_active) == ("", "", False)
    assert former.volunteer.languages == ""
    assert not AvailabilityOffer.objects.filter(volunteer__user=former).exists()
    assert not Unavailability.objects.filter(volunteer__user=former).exists()
    assert not CalendarFeed.objects.exists()
    assert not Observation.objects.exists()
    assert not PracticeReview.objects.exists()
    assert not ExpenseClaim.objects.exists()
    assert not Job.objects.filter(title="Old").exists()
    assert not MfaEnrolmentLink.objects.exists()
    assert not AccountLockout.objects.exists()
    assert Application.objects.get(first_name="", phone="", status="rejected").user is None
    # No audit entry about the former member keeps their old values.
    about = LogEntry.objects.filter(audit_entries_about([former.pk]))
    assert about.exists()
    assert set(about.values_list("object_repr", flat=True)) == {REDACTED}
    text = " ".join(str(c) for c in LogEntry.objects.values_list("changes", flat=True))
    assert "former@example.org" not in text
    assert "Gaelic" not in text
    assert "Rhona" not in text


def test_a_dry_run_changes_nothing(past_everything):
    before = _state()
    run = run_retention(dry_run=True)
    assert run.total > 0
    counts, redacted, emails = _state()
    counts["privacy.RetentionRun"] -= 1
    assert (counts, redacted, emails) == before


def test_the_command_reports_a_dry_run(past_everything):
    out = io.StringIO()
    call_command("apply_retention", "--dry-run", stdout=out)
    assert "former-members" in out.getvalue()
    assert "would be affected" in out.getvalue()
    assert User.objects.filter(email="former@example.org").exists()


def test_the_nightly_task_is_the_one_in_the_beat_schedule(db):
    tasks = [entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()]
    assert tasks.count("privacy.tasks.apply_retention_schedule") == 1
    assert "volunteers.tasks.anonymise_expired_applications" not in tasks
    assert apply_retention_schedule() == 0  # an empty database: nothing due
    assert RetentionRun.objects.get().dry_run is False


def test_the_financial_year_cut_off():

    may = timezone.make_aware(datetime.datetime(2026, 5, 1, 12))
    march = timezone.make_aware(datetime.datetime(2026, 3, 1, 12))
    assert expense_cutoff(may) == datetime.date(2026 - settings.EXPENSE_RETENTION_YEARS, 4, 1)
    assert expense_cutoff(march) == datetime.date(2025 - settings.EXPENSE_RETENTION_YEARS, 4, 1)


# --- The page -----------------------------------------------------------------------------


def test_national_administrators_see_the_schedule(client_for, national_admin):
    response = client_for(national_admin).get(reverse("privacy:retention"))
    assert response.status_code == 200
    body = response.content.decode()
    for rule in retention.schedule():
        assert escape(rule.category) in body


def test_the_page_runs_a_dry_run(client_for, national_admin, past_everything):
    client = client_for(national_admin)
    response = client.post(reverse("privacy:retention_dry_run"))
    assert response.status_code == 302
    run = RetentionRun.objects.get()
    assert run.dry_run
    assert run.by == national_admin
    assert run.total > 0
    assert User.objects.filter(email="former@example.org").exists()
    assert "Dry run at" in client.get(reverse("privacy:retention")).content.decode()


def test_others_are_refused(client_for, admin_east):
    client = client_for(admin_east)
    assert client.get(reverse("privacy:retention")).status_code == 403
    assert client.post(reverse("privacy:retention_dry_run")).status_code == 403


def test_wrong_methods(client_for, national_admin):
    client = client_for(national_admin)
    assert client.post(reverse("privacy:retention")).status_code == 405
    assert client.get(reverse("privacy:retention_dry_run")).status_code == 405


def test_the_page_has_fixed_queries(client_for, national_admin, django_assert_max_num_queries):
    client = client_for(national_admin)
    run_retention(dry_run=True)
    client.get(reverse("privacy:retention"))
    with django_assert_max_num_queries(20) as one:
        client.get(reverse("privacy:retention"))
    for _ in range(3):
        run_retention(dry_run=True)
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(reverse("privacy:retention"))
