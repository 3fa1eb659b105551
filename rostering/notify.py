"""Emails about sittings and cover: after commit, from templates, text and HTML, never a
case detail; every email about a sitting carries the sitting as an .ics attachment."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string

from .calendar import build_calendar

SUBJECT_PREFIX = "[Children's Panel] "


def _send(*, to: str, subject: str, template: str, context: dict, ics: bytes | None = None):
    context = {**context, "site_url": settings.SITE_URL}
    message = EmailMultiAlternatives(
        subject=SUBJECT_PREFIX + subject,
        body=render_to_string(f"rostering/email/{template}.txt", context),
        to=[to],
    )
    message.attach_alternative(
        render_to_string(f"rostering/email/{template}.html", context), "text/html"
    )
    if ics is not None:
        message.attach("sitting.ics", ics, "text/calendar; charset=utf-8")
    message.send()


def send_after_commit(**kwargs) -> None:
    """Queue an email to go once the surrounding transaction has committed."""
    transaction.on_commit(lambda: _send(**kwargs))


def sittings_ics(assignments, *, cancel: bool = False) -> bytes:
    """The same events the feed carries, as one attachment."""
    first = assignments[0]
    return build_calendar(
        assignments,
        uid=f"email-{first.uid}",
        name="Children's Panel sittings",
        method="CANCEL" if cancel else "PUBLISH",
    )


def email_sittings(*, volunteer, assignments, subject: str, template: str, context=None):
    """Email one member about some of their sittings, with the .ics attached."""
    assignments = list(assignments)
    if not assignments:
        return
    cancel = all(a.status in ("withdrawn", "cancelled") for a in assignments)
    send_after_commit(
        to=volunteer.user.email,
        subject=subject,
        template=template,
        context={"volunteer": volunteer, "assignments": assignments, **(context or {})},
        ics=sittings_ics(assignments, cancel=cancel),
    )
