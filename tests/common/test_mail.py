"""The one mailer: one message per recipient, rendered once, sent from a task, retried."""

import icalendar
import pytest
from django.core import mail
from django.urls import reverse

from common import mail as mailer
from common.jobs import start_job
from common.models import Job, OutgoingEmail
from rostering.models import Hearing
from tests.common.backends import FLAKY, REFUSED

pytestmark = pytest.mark.django_db

GROUP = "volunteers/group_message"


def _queue(to, subject="Parking", message="Use the back entrance."):
    return mailer.queue_email(
        to=to, template=GROUP, context={"subject": subject, "message": message}
    )


def test_each_recipient_gets_their_own_message(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _queue("one@example.org")
        _queue("two@example.org")
    assert [m.to for m in mail.outbox] == [["one@example.org"], ["two@example.org"]]
    assert list(OutgoingEmail.objects.values_list("status", "attempts")) == [("sent", 1)] * 2


def test_nothing_is_sent_before_the_transaction_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        email = _queue("one@example.org")
    assert mail.outbox == []
    assert email.status == "queued"
    for callback in callbacks:
        callback()
    email.refresh_from_db()
    assert (email.status, len(mail.outbox)) == ("sent", 1)
    assert email.sent_at is not None


def test_every_subject_carries_the_one_prefix(settings, django_capture_on_commit_callbacks):
    settings.EMAIL_SUBJECT_PREFIX = "[Panel test] "
    with django_capture_on_commit_callbacks(execute=True):
        email = _queue("one@example.org", subject="Parking at the centre")
    assert email.subject == "[Panel test] Parking at the centre"
    assert mail.outbox[0].subject == "[Panel test] Parking at the centre"


def test_messages_are_plain_text_with_an_html_alternative(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _queue("one@example.org", subject="O'Neill's group", message="Meet at O'Neill's <desk>.")
    message = mail.outbox[0]
    assert message.subject == "[Children's Panel] O'Neill's group"
    assert "Meet at O'Neill's <desk>." in message.body  # plain text is not HTML-escaped
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "O&#x27;Neill&#x27;s &lt;desk&gt;" in html


def test_templates_are_named_one_way():
    with pytest.raises(ValueError, match="<app>/<name>"):
        mailer.queue_email(to="one@example.org", template="group_message", context={})


def test_a_refused_message_is_retried_and_recorded_while_the_others_go(
    refusing_backend, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        good = _queue("good@example.org")
        refused = _queue(REFUSED)
        flaky = _queue(FLAKY)
    for email in (good, refused, flaky):
        email.refresh_from_db()
    assert (good.status, good.attempts) == ("sent", 1)
    # The flaky server dropped the first try; the task's retry delivered it.
    assert (flaky.status, flaky.attempts, flaky.last_error) == ("sent", 2, "")
    assert (refused.status, refused.attempts) == ("failed", mailer.MAX_ATTEMPTS)
    assert refused.last_error.startswith("SMTPRecipientsRefused")
    assert "No such user" in refused.last_error
    assert refused.sent_at is None
    assert sorted(m.to[0] for m in mail.outbox) == [FLAKY, "good@example.org"]


def test_a_jobs_emails_go_over_one_connection_and_failures_are_retried_apart(
    refusing_backend, admin_east, django_capture_on_commit_callbacks
):
    job = start_job(owner=admin_east, kind="test", title="Test send")
    addresses = [f"person{i}@example.org" for i in range(5)] + [REFUSED]
    for address in addresses:
        mailer.queue_email(to=address, template=GROUP, context={"message": "Hi"}, job=job)
    assert mail.outbox == []  # a job's messages wait for the job's task
    with django_capture_on_commit_callbacks(execute=False) as retries:
        delivery = mailer.deliver_job_emails(job=job, batch_size=2)
    assert (delivery.sent, len(delivery.retrying)) == (5, 1)
    job.refresh_from_db()
    assert (job.done, job.total) == (6, 6)
    assert sorted(m.to[0] for m in mail.outbox) == addresses[:5]
    # One connection for the whole job, opened again only after the refusal.
    assert refusing_backend.connections_opened == 2
    for retry in retries:  # the refused message goes to the retrying task
        retry()
    refused = OutgoingEmail.objects.get(to=REFUSED)
    assert (refused.status, refused.attempts) == ("failed", mailer.MAX_ATTEMPTS)


def _publish(client, run, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(reverse("rostering:run_publish", args=[run.pk]))
    return response, callbacks


def test_publishing_returns_at_once_and_a_job_emails_the_members(
    client_for, admin_east, draft_run, django_capture_on_commit_callbacks
):
    response, callbacks = _publish(
        client_for(admin_east), draft_run, django_capture_on_commit_callbacks
    )
    job = Job.objects.get(kind="rota_publish")
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    # Inside the request: the rota is published, but no email is written or sent.
    draft_run.refresh_from_db()
    assert draft_run.status == "published"
    assert (job.status, job.total) == ("pending", 3)
    assert OutgoingEmail.objects.count() == 0
    assert mail.outbox == []
    for callback in callbacks:  # what the worker does once the request has committed
        callback()
    job.refresh_from_db()
    assert job.status == "succeeded"
    assert job.message == "Rota published: 3 members emailed."
    assert job.result == {"url": f"/staff/rostering/runs/{draft_run.pk}/"}
    assert list(job.emails.values_list("status", flat=True)) == ["sent"] * 3
    assert sorted(m.to[0] for m in mail.outbox) == [f"sitter{i}@example.org" for i in range(3)]


def test_a_sitting_email_carries_the_sitting_as_an_ics(
    client_for, admin_east, draft_run, django_capture_on_commit_callbacks
):
    _response, callbacks = _publish(
        client_for(admin_east), draft_run, django_capture_on_commit_callbacks
    )
    for callback in callbacks:
        callback()
    message = next(m for m in mail.outbox if m.to == ["sitter0@example.org"])
    filename, content, mimetype = message.attachments[0]
    assert filename == "invite.ics"
    assert mimetype == "text/calendar; method=PUBLISH; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(content)
    assert calendar["METHOD"] == "PUBLISH"
    [event] = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]).startswith("Children's hearing – ")
    assert event["STATUS"] == "CONFIRMED"
    assert event.start.date().isoformat() == "2030-03-04"
    # Nothing about a case or a child leaves the system.
    cases = list(Hearing.objects.values_list("case_reference", flat=True))
    assert cases
    for secret in ["SCRA-MAIL-1", *cases]:
        assert secret not in content + message.body + message.alternatives[0][0]
