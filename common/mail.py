"""The one way to send email: render now, store a row, send from a Celery worker.

`queue_email` renders `<app>/email/<name>_subject.txt`, `<name>.txt` and `<name>.html` for
one recipient, stores the result as an `OutgoingEmail` and, once the transaction commits,
hands it to the `common.tasks.send_emails` task, which retries SMTP failures with back-off.
Nothing is sent inside a web request (with eager Celery, the embedded default, the task runs
at commit).

Bulk sends belong to a `Job`: the job's task queues every message with `job=job` (those are
not sent one by one) and then calls `deliver_job_emails`, which sends them over one
connection in batches and reports progress on the job.
"""

import contextlib
import re
from dataclasses import dataclass
from smtplib import SMTPException

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F
from django.template import Context
from django.template.loader import get_template
from django.utils import timezone

from .jobs import set_job_progress
from .models import Job, OutgoingEmail

# A message that has failed this many times is given up and shown as failed.
MAX_ATTEMPTS = 5
BATCH_SIZE = 100
# The first retry of a bulk send's failures; the task's own back-off takes over from there.
RETRY_AFTER_SECONDS = 60

TEMPLATE_NAME = re.compile(r"^(?P<app>[a-z_]+)/(?P<name>[a-z0-9_]+)$")
ICS_METHOD = re.compile(rb"^METHOD:([A-Z-]+)\r?$", re.MULTILINE)


@dataclass(frozen=True)
class Delivery:
    """What a delivery run did: how many went, and which are left for a retry."""

    sent: int
    retrying: list[int]
    failed: int


def _render(name: str, context: dict, *, autoescape: bool) -> str:
    # Subjects and plain text are not HTML: escaping would put &#x27; in people's names.
    return get_template(name).template.render(Context(context, autoescape=autoescape))


def render_email(*, template: str, context: dict) -> tuple[str, str, str]:
    """The subject (with the site's prefix), plain text and HTML of one message."""
    match = TEMPLATE_NAME.match(template)
    if match is None:
        raise ValueError(f"Email templates are named '<app>/<name>', not {template!r}.")
    base = f"{match['app']}/email/{match['name']}"
    context = {"site_url": settings.SITE_URL, "site_name": settings.SITE_NAME, **context}
    subject = " ".join(_render(f"{base}_subject.txt", context, autoescape=False).split())
    text = _render(f"{base}.txt", context, autoescape=False)
    html = _render(f"{base}.html", context, autoescape=True)
    return (settings.EMAIL_SUBJECT_PREFIX + subject)[:255], text, html


def queue_email(
    *,
    to: str,
    template: str,
    context: dict,
    ics: bytes | None = None,
    job: Job | None = None,
) -> OutgoingEmail:
    """Render one message for one recipient and store it; it is sent after commit.

    With `job`, the message waits for that job's task to send it (`deliver_job_emails`).
    """
    if not to or "@" not in to:
        raise ValueError("An email needs one recipient address.")
    subject, text, html = render_email(template=template, context=context)
    email = OutgoingEmail.objects.create(
        to=to,
        recipient_id=get_user_model()
        .objects.filter(email__iexact=to)
        .values_list("pk", flat=True)
        .first(),
        template=template,
        subject=subject,
        body_text=text,
        body_html=html,
        ics=ics,
        job=job,
    )
    if job is None:
        # The task module imports this one; the mailer reaches its task at call time.
        from .tasks import send_emails  # noqa: PLC0415

        send_emails.delay_on_commit(email_ids=[email.pk])
    return email


def _message(email: OutgoingEmail, connection) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to],
        connection=connection,
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    if email.ics:
        ics = bytes(email.ics)
        found = ICS_METHOD.search(ics)
        method = found.group(1).decode() if found else "PUBLISH"
        message.attach("invite.ics", ics, f"text/calendar; method={method}; charset=utf-8")
    return message


def _claim(email: OutgoingEmail) -> bool:
    """Count the attempt, unless another worker has claimed this message since it was read."""
    claimed = OutgoingEmail.objects.filter(
        pk=email.pk, status=OutgoingEmail.Status.QUEUED, attempts=email.attempts
    ).update(attempts=F("attempts") + 1)
    email.attempts += 1
    return claimed == 1


def _record_failure(email: OutgoingEmail, error: Exception) -> bool:
    """Keep the error; give the message up after MAX_ATTEMPTS. True if it will be retried."""
    gives_up = email.attempts >= MAX_ATTEMPTS
    OutgoingEmail.objects.filter(pk=email.pk).update(
        last_error=f"{type(error).__name__}: {error}"[:500],
        status=OutgoingEmail.Status.FAILED if gives_up else OutgoingEmail.Status.QUEUED,
    )
    return not gives_up


def _reopen(connection) -> None:
    # A failed exchange can leave the SMTP session unusable: start a fresh one.
    connection.close()
    # If it cannot reopen, send_messages opens again per message and records each failure.
    with contextlib.suppress(SMTPException, OSError):
        connection.open()


def _send_over(connection, emails: list[OutgoingEmail]) -> Delivery:
    sent, retrying, failed = 0, [], 0
    for email in emails:
        if not _claim(email):
            continue
        try:
            connection.send_messages([_message(email, connection)])
        except (SMTPException, OSError) as error:
            if _record_failure(email, error):
                retrying.append(email.pk)
            else:
                failed += 1
            _reopen(connection)
        else:
            OutgoingEmail.objects.filter(pk=email.pk).update(
                status=OutgoingEmail.Status.SENT, sent_at=timezone.now(), last_error=""
            )
            sent += 1
    return Delivery(sent=sent, retrying=retrying, failed=failed)


def deliver(*, email_ids: list[int], connection=None) -> Delivery:
    """Send the still-queued messages among `email_ids` over one SMTP connection."""
    emails = list(
        OutgoingEmail.objects.filter(pk__in=email_ids, status=OutgoingEmail.Status.QUEUED).order_by(
            "pk"
        )
    )
    if not emails:
        return Delivery(sent=0, retrying=[], failed=0)
    if connection is not None:
        return _send_over(connection, emails)
    try:
        connection = _open_connection()
    except (SMTPException, OSError) as error:
        # The server is unreachable: every message counts an attempt and waits for a retry.
        retrying = [e.pk for e in emails if _claim(e) and _record_failure(e, error)]
        return Delivery(sent=0, retrying=retrying, failed=len(emails) - len(retrying))
    try:
        return _send_over(connection, emails)
    finally:
        connection.close()


def _open_connection():
    connection = get_connection()
    connection.open()
    return connection


def deliver_job_emails(*, job: Job, batch_size: int = BATCH_SIZE) -> Delivery:
    """Send a job's queued messages in batches over one connection, reporting progress.

    Messages that fail are left queued and handed to `send_emails`, which retries them with
    back-off; the job does not wait for them.
    """
    ids = list(
        job.emails.filter(status=OutgoingEmail.Status.QUEUED)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    set_job_progress(job=job, done=0, total=len(ids), message=f"Sending {len(ids)} emails")
    sent, retrying, failed = 0, [], 0
    try:
        connection = _open_connection()
    except (SMTPException, OSError):
        connection = None  # each batch tries again and records the failure on its messages
    try:
        for start in range(0, len(ids), batch_size):
            batch = deliver(email_ids=ids[start : start + batch_size], connection=connection)
            sent, failed = sent + batch.sent, failed + batch.failed
            retrying += batch.retrying
            done = min(start + batch_size, len(ids))
            set_job_progress(job=job, done=done, message=f"Sent {sent} of {len(ids)} emails")
    finally:
        if connection is not None:
            connection.close()
    if retrying:
        from .tasks import send_emails  # noqa: PLC0415

        transaction.on_commit(
            lambda: send_emails.apply_async(
                kwargs={"email_ids": retrying}, countdown=RETRY_AFTER_SECONDS
            )
        )
    return Delivery(sent=sent, retrying=retrying, failed=failed)


def give_up(*, email_ids: list[int]) -> int:
    """Mark messages that are still queued as failed (their task has run out of retries)."""
    return OutgoingEmail.objects.filter(
        pk__in=email_ids, status=OutgoingEmail.Status.QUEUED
    ).update(status=OutgoingEmail.Status.FAILED)
