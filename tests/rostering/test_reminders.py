"""Reminders before a sitting, the one-click answers, the weekly digest, the member's choices
and the rota manager's list of sittings not yet confirmed."""

import datetime
import re

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from common.models import OutgoingEmail
from rostering import services
from rostering.models import Assignment, ConfirmationLink, CoverRequest, ReminderPreference
from rostering.tasks import send_sitting_reminders
from tests.rostering.factories import make_member, make_session, sit

pytestmark = pytest.mark.django_db

LINK = re.compile(r"(I'll be there|I can't come): https://panel\.example\.org(/sitting/\S+/)")


def links_in(email: OutgoingEmail) -> dict[str, str]:
    """{"confirm": path, "decline": path} from a reminder's plain text."""
    found = dict(LINK.findall(email.body_text))
    return {"confirm": found["I'll be there"], "decline": found["I can't come"]}


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def pool(east, today):
    """Members free on the days around the sittings, so cover has someone to ask."""
    days = [today + datetime.timedelta(days=n) for n in range(0, 10)]
    slots = [(d, h) for d in days for h in ("AM", "PM")]
    return [
        make_member(east, sex="F", chair=True, first_name="Ailsa", slots=slots),
        make_member(east, sex="M", chair=True, first_name="Callum", slots=slots),
        make_member(east, sex="F", chair=False, first_name="Fiona", slots=slots),
        make_member(east, sex="M", chair=False, first_name="Gregor", slots=slots),
        make_member(east, sex="F", chair=True, first_name="Isla", slots=slots),
    ]


@pytest.fixture
def soon(east_centre, today):
    """A session two days away."""
    return make_session(east_centre, date=today + datetime.timedelta(days=2), half="AM")


@pytest.fixture
def reminded(soon, pool, django_capture_on_commit_callbacks):
    """Ailsa's sitting two days away, reminded: (assignment, links)."""
    sitting = sit(soon, pool[0], chair=True)
    with django_capture_on_commit_callbacks(execute=True):
        send_sitting_reminders.delay()
    email = OutgoingEmail.objects.get(template="rostering/sitting_reminder")
    return sitting, links_in(email)


# --- The reminder task ----------------------------------------------------------------------


def test_the_reminder_task_sends_one_email_per_sitting_however_often_it_runs(
    soon, pool, django_capture_on_commit_callbacks, mailoutbox
):
    sitting = sit(soon, pool[0], chair=True)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_sitting_reminders.delay().get() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert send_sitting_reminders.delay().get() == 0
    emails = list(OutgoingEmail.objects.filter(template="rostering/sitting_reminder"))
    assert [(e.to, e.status) for e in emails] == [(pool[0].user.email, "sent")]
    assert b"BEGIN:VEVENT" in bytes(emails[0].ics)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject == (
        f"[Children's Panel] Your sitting on {soon.date:%A} {soon.date.day} "
        f"{soon.date:%B}: can you confirm?"
    )
    # No case or child detail: the hearing's case reference is never in the message.
    case = soon.hearings.get().case_reference
    assert case not in emails[0].body_text
    assert case not in emails[0].body_html
    sitting.refresh_from_db()
    assert sitting.reminded_at is not None
    assert ConfirmationLink.objects.filter(assignment=sitting).count() == 2


def test_only_published_sittings_within_the_window_are_reminded(east_centre, pool, today, settings):
    settings.SITTING_REMINDER_DAYS = 3
    in_window = sit(make_session(east_centre, date=today + datetime.timedelta(days=3)), pool[0])
    sit(make_session(east_centre, date=today + datetime.timedelta(days=4)), pool[1])
    sit(make_session(east_centre, date=today + datetime.timedelta(days=1)), pool[2], status="draft")
    sit(make_session(east_centre, date=today - datetime.timedelta(days=1)), pool[3])
    assert services.send_sitting_reminders(today=today) == 1
    assert list(
        Assignment.objects.filter(reminded_at__isnull=False).values_list("pk", flat=True)
    ) == [in_window.pk]


def test_a_member_who_switched_reminders_off_gets_none(soon, pool, today):
    sit(soon, pool[0], chair=True)
    services.set_reminder_preference(
        volunteer=pool[0], reminders=False, delivery="each", by=pool[0].user
    )
    assert services.send_sitting_reminders(today=today) == 0
    assert not OutgoingEmail.objects.exists()


def test_the_weekly_digest_lists_the_coming_week_once_instead_of_reminders(
    east_centre, pool, today, django_capture_on_commit_callbacks, mailoutbox
):
    monday = today + datetime.timedelta(days=7 - today.weekday())
    member = pool[0]
    first = sit(make_session(east_centre, date=monday, half="AM"), member, chair=True)
    second = sit(
        make_session(east_centre, date=monday + datetime.timedelta(days=2), half="PM"), member
    )
    sit(make_session(east_centre, date=monday + datetime.timedelta(days=7)), member)
    services.set_reminder_preference(
        volunteer=member, reminders=True, delivery="weekly", by=member.user
    )
    sunday = monday - datetime.timedelta(days=1)
    # The per-sitting reminder leaves digest readers alone.
    assert services.send_sitting_reminders(today=sunday) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_weekly_digests(today=sunday) == 1
        assert services.send_weekly_digests(today=sunday) == 0
    email = OutgoingEmail.objects.get()
    assert email.template == "rostering/sitting_digest"
    assert email.body_text.count("I'll be there: ") == 2
    assert email.body_text.count("I can't come: ") == 2
    assert bytes(email.ics).count(b"BEGIN:VEVENT") == 2
    assert len(mailoutbox) == 1
    assert ReminderPreference.objects.get(volunteer=member).digest_week == monday
    assert set(
        Assignment.objects.filter(reminded_at__isnull=False).values_list("pk", flat=True)
    ) == {first.pk, second.pk}


def test_a_member_without_sittings_that_week_gets_no_digest(pool, today):
    services.set_reminder_preference(
        volunteer=pool[0], reminders=True, delivery="weekly", by=pool[0].user
    )
    assert services.send_weekly_digests(today=today) == 0
    assert not OutgoingEmail.objects.exists()


# --- The answer links -----------------------------------------------------------------------


def test_i_will_be_there_asks_first_then_confirms_without_signing_in(client, reminded):
    sitting, links = reminded
    page = client.get(links["confirm"])
    assert page.status_code == 200
    assert "Yes, I'll be there" in page.content.decode()
    sitting.refresh_from_db()
    assert sitting.confirmation == "pending"  # nothing changes on GET
    response = client.post(links["confirm"])
    assert response.status_code == 200
    assert "we have noted that you will be there" in response.content.decode()
    sitting.refresh_from_db()
    assert (sitting.confirmation, sitting.status) == ("confirmed", "published")
    assert sitting.confirmed_at is not None


def test_a_signed_in_member_goes_back_to_my_sittings_which_shows_it_confirmed(client_for, reminded):
    sitting, links = reminded
    client = client_for(sitting.volunteer.user)
    response = client.post(links["confirm"])
    assert response.status_code == 302
    assert response["Location"] == reverse("rostering:my_sittings")
    page = client.get(response["Location"]).content.decode()
    assert "Confirmed" in page


def test_a_used_link_is_refused_and_changes_nothing(client, reminded):
    sitting, links = reminded
    client.post(links["confirm"])
    sitting.refresh_from_db()
    confirmed_at = sitting.confirmed_at
    again = client.post(links["confirm"])
    assert again.status_code == 409
    assert "already been used" in again.content.decode()
    assert "already been used" in client.get(links["confirm"]).content.decode()
    sitting.refresh_from_db()
    assert sitting.confirmed_at == confirmed_at


def test_a_forged_token_is_refused(client, reminded):
    sitting, _ = reminded
    forged = reverse("rostering:sitting_answer", args=[sitting.pk, "x" * 43])
    for response in (client.get(forged), client.post(forged)):
        assert response.status_code == 404
        assert "This link is not valid" in response.content.decode()
    sitting.refresh_from_db()
    assert sitting.confirmation == "pending"


def test_a_token_opens_only_its_own_sitting(client, reminded, east_centre, pool, today):
    sitting, links = reminded
    other = sit(make_session(east_centre, date=today + datetime.timedelta(days=1)), pool[1])
    token = links["confirm"].rstrip("/").rsplit("/", 1)[1]
    elsewhere = reverse("rostering:sitting_answer", args=[other.pk, token])
    assert client.post(elsewhere).status_code == 404
    other.refresh_from_db()
    sitting.refresh_from_db()
    assert (other.confirmation, sitting.confirmation) == ("pending", "pending")


def test_another_signed_in_member_cannot_use_a_members_link(client_for, reminded, pool):
    sitting, links = reminded
    client = client_for(pool[1].user)
    response = client.post(links["decline"])
    assert response.status_code == 409
    assert "sent to another member" in response.content.decode()
    sitting.refresh_from_db()
    assert (sitting.status, sitting.confirmation) == ("published", "pending")
    assert not CoverRequest.objects.exists()


def test_the_answer_link_refuses_other_methods(client, reminded):
    _, links = reminded
    assert client.put(links["confirm"]).status_code == 405
    assert client.delete(links["decline"]).status_code == 405


def test_i_cannot_come_withdraws_and_starts_cover(
    client, reminded, django_capture_on_commit_callbacks, mailoutbox
):
    sitting, links = reminded
    assert "I can't come" in client.get(links["decline"]).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(links["decline"], {"reason": "Family emergency"})
    assert response.status_code == 200
    sitting.refresh_from_db()
    assert (sitting.status, sitting.confirmation) == ("withdrawn", "declined")
    assert sitting.withdrawal_reason == "Family emergency"
    request = CoverRequest.objects.get()
    assert (request.session_id, request.withdrawn_id) == (sitting.session_id, sitting.pk)
    assert request.offers.count() > 0
    # Having withdrawn, the "I'll be there" link no longer applies.
    late = client.post(links["confirm"])
    assert "not on this panel any more" in late.content.decode()


def test_i_cannot_come_without_a_reason_still_withdraws(client, reminded):
    sitting, links = reminded
    client.post(links["decline"])
    sitting.refresh_from_db()
    assert sitting.status == "withdrawn"
    assert sitting.withdrawal_reason == "Cannot come (answered the reminder email)."


def test_a_member_who_confirmed_can_still_say_they_cannot_come(client, reminded):
    sitting, links = reminded
    client.post(links["confirm"])
    client.post(links["decline"])
    sitting.refresh_from_db()
    assert (sitting.status, sitting.confirmation) == ("withdrawn", "declined")
    assert CoverRequest.objects.filter(withdrawn=sitting).exists()


# --- The member's choices -------------------------------------------------------------------


def test_a_member_chooses_the_weekly_digest(client_for, member):
    client = client_for(member)
    page = client.get(reverse("rostering:calendar_settings")).content.decode()
    assert "Reminders before your sittings" in page
    response = client.post(
        reverse("rostering:reminder_preference"), {"reminders": "on", "delivery": "weekly"}
    )
    assert response.status_code == 302
    pref = ReminderPreference.objects.get(volunteer=member.volunteer)
    assert (pref.reminders, pref.delivery) == (True, "weekly")
    client.post(reverse("rostering:reminder_preference"), {"delivery": "each"})
    pref.refresh_from_db()
    assert (pref.reminders, pref.delivery) == (False, "each")


def test_only_members_have_reminder_choices(client_for, applicant):
    response = client_for(applicant).post(
        reverse("rostering:reminder_preference"), {"delivery": "each"}
    )
    assert response.status_code == 403
    assert not ReminderPreference.objects.exists()


def test_reminder_choices_refuse_get(client_for, member):
    assert client_for(member).get(reverse("rostering:reminder_preference")).status_code == 405


# --- What the rota manager sees -------------------------------------------------------------


def _unconfirmed(centre, volunteers, today):
    for n, volunteer in enumerate(volunteers):
        session = make_session(centre, date=today + datetime.timedelta(days=n % 3), half="AM")
        sit(session, volunteer)


def _home_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("rostering:home")).status_code == 200
    return len(queries)


def test_the_worklist_query_count_does_not_grow_with_rows(
    client_for, admin_east, east, east_centre, today
):
    client = client_for(admin_east)
    members = [make_member(east, first_name=f"M{i}") for i in range(3)]
    _unconfirmed(east_centre, members[:1], today)
    one = _home_queries(client)
    _unconfirmed(east_centre, members[1:], today)
    three = _home_queries(client)
    assert one == three
    page = client.get(reverse("rostering:home")).content.decode()
    assert page.count("Not yet reminded") == 3


def test_the_worklist_shows_only_the_managers_regions_and_unconfirmed_sittings(
    client_for, admin_east, east, west, east_centre, west_centre, today
):
    mine = make_member(east, first_name="Eilidh")
    confirmed = make_member(east, first_name="Catriona")
    theirs = make_member(west, first_name="Wilma")
    later = make_member(east, first_name="Lorna")
    sit(make_session(east_centre, date=today + datetime.timedelta(days=1)), mine)
    done = sit(make_session(east_centre, date=today + datetime.timedelta(days=1)), confirmed)
    Assignment.objects.filter(pk=done.pk).update(confirmation="confirmed")
    sit(make_session(west_centre, date=today + datetime.timedelta(days=1)), theirs)
    sit(make_session(east_centre, date=today + datetime.timedelta(days=5)), later)
    page = client_for(admin_east).get(reverse("rostering:home")).content.decode()
    assert "Eilidh" in page
    assert "Catriona" not in page
    assert "Wilma" not in page
    assert "Lorna" not in page


def test_the_confirmation_badge_reads_the_members_answer():

    def badge(**fields):
        return render_to_string(
            "rostering/includes/confirmation_badge.html",
            {"assignment": Assignment(**fields)},
        ).strip()

    now = timezone.now()
    assert "Confirmed" in badge(status="published", confirmation="confirmed")
    assert "Not confirmed" in badge(status="published", reminded_at=now)
    assert badge(status="published") == ""
    assert badge(status="draft", confirmation="confirmed") == ""
