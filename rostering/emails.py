"""Rostering's messages about sittings and cover, written through `common.mail`.

Every email about a sitting carries the sitting as an .ics attachment; none carries a case
detail (the templates name only the centre, the time and the role).
"""

from common.mail import queue_email

from .calendar import build_calendar


def sittings_ics(assignments, *, cancel: bool = False) -> bytes:
    """The same events the feed carries, as one attachment."""
    first = assignments[0]
    return build_calendar(
        assignments,
        uid=f"email-{first.uid}",
        name="Children's Panel sittings",
        method="CANCEL" if cancel else "PUBLISH",
    )


def email_sittings(*, volunteer, assignments, template: str, context=None, job=None):
    """Queue an email to one member about some of their sittings, with the .ics attached."""
    assignments = list(assignments)
    if not assignments:
        return None
    cancel = all(a.status in ("withdrawn", "cancelled") for a in assignments)
    return queue_email(
        to=volunteer.user.email,
        template=f"rostering/{template}",
        context={"volunteer": volunteer, "assignments": assignments, **(context or {})},
        ics=sittings_ics(assignments, cancel=cancel),
        job=job,
    )
