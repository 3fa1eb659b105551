"""Training sessions as iCalendar events: in a member's feed and attached to their emails.

All-day events naming only the course, the place and the dates.
"""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from icalendar import Calendar, Event

PRODID = "-//Children's Panel//Training//EN"


def _domain() -> str:
    return urlsplit(settings.SITE_URL).hostname or "childrens-panel.example"


def training_event(enrolment) -> Event:
    """A booked training session as an all-day event; cancelled ones stay, marked so."""
    session = enrolment.session
    cancelled = enrolment.status == "cancelled" or session.status == "cancelled"
    return Event.new(
        uid=f"training-{enrolment.pk}@{_domain()}",
        summary=f"Training: {session.course.title}",
        start=session.starts_on,
        end=session.ends_on + datetime.timedelta(days=1),
        # Enrolments keep no change counter: a cancellation is their one material change.
        sequence=1 if cancelled else 0,
        status="CANCELLED" if cancelled else "CONFIRMED",
        location="Online" if session.is_virtual else session.venue,
        stamp=enrolment.created_at,
    )


def enrolment_ics(enrolment) -> bytes:
    """One enrolment as an attachment: PUBLISH while booked, CANCEL once cancelled."""
    event = training_event(enrolment)
    method = "CANCEL" if event["STATUS"] == "CANCELLED" else "PUBLISH"
    calendar = Calendar.new(prodid=PRODID, method=method)
    calendar.add_component(event)
    return calendar.to_ical()
