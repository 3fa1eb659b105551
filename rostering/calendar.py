"""iCalendar for sittings: the personal feed and the attachment on every sitting email.

Both come from `sitting_event`, so a member's calendar shows the same event whichever way it
arrived. Nothing here mentions a case or a child: only the centre, the time and the role.
"""

import datetime
import zoneinfo
from urllib.parse import urlsplit

from django.conf import settings
from icalendar import Calendar, Event, Timezone, vDuration

from training.calendar import training_event

from .models import Assignment

LONDON = zoneinfo.ZoneInfo("Europe/London")
SESSION_LENGTH = datetime.timedelta(hours=3, minutes=30)
REFRESH = datetime.timedelta(hours=1)
PRODID = "-//Children's Panel//Rota//EN"


def _domain() -> str:
    return urlsplit(settings.SITE_URL).hostname or "childrens-panel.example"


def sitting_uid(assignment: Assignment) -> str:
    """Stable for the life of the assignment: never derived from anything that can change."""
    return f"sitting-{assignment.uid}@{_domain()}"


def sitting_event(assignment: Assignment) -> Event:
    """One sitting as an event: cancelled or withdrawn sittings stay, marked CANCELLED."""
    session = assignment.session
    start = datetime.datetime.combine(session.date, session.start_time, tzinfo=LONDON)
    role = "chairing member" if assignment.is_chair else "panel member"
    cancelled = assignment.status in (Assignment.Status.WITHDRAWN, Assignment.Status.CANCELLED)
    where = "Virtual hearing" if session.mode == session.Mode.VIRTUAL else session.centre.name
    event = Event.new(
        uid=sitting_uid(assignment),
        summary=f"Children's hearing – {session.centre.name} {session.start_time:%H:%M}",
        start=start,
        end=start + SESSION_LENGTH,
        sequence=assignment.sequence,
        status="CANCELLED" if cancelled else "CONFIRMED",
        location=where
        if session.mode == session.Mode.VIRTUAL
        else f"{session.centre.name}, {session.centre.address}, {session.centre.postcode}",
        description=(
            f"{session.get_half_display()} session, sitting as {role}. "
            "The rota on the website is the authoritative record."
        ),
        stamp=assignment.updated_at,
        last_modified=assignment.updated_at,
        url=f"{settings.SITE_URL}/my/sittings/",
    )
    return event


def build_calendar(
    assignments,
    *,
    uid: str,
    name: str,
    method: str | None = None,
    feed: bool = False,
    training=(),
) -> bytes:
    """A calendar of sittings with one compact Europe/London VTIMEZONE."""
    cal = Calendar.new(prodid=PRODID, uid=uid, name=name, method=method)
    if feed:
        # RFC 7986 wants VALUE=DURATION on REFRESH-INTERVAL; the TTL must be a duration too.
        cal.add("REFRESH-INTERVAL", vDuration(REFRESH), parameters={"VALUE": "DURATION"})
        cal.add("X-PUBLISHED-TTL", vDuration(REFRESH))
    cal.add("X-WR-TIMEZONE", "Europe/London")
    dates = []
    for assignment in assignments:
        cal.add_component(sitting_event(assignment))
        dates.append(assignment.session.date)
    for enrolment in training:
        cal.add_component(training_event(enrolment))
        dates.append(enrolment.session.starts_on)
    if dates:
        first = datetime.date(min(dates).year - 1, 1, 1)
        last = datetime.date(max(dates).year + 2, 1, 1)
    else:
        today = datetime.date.today()
        first, last = datetime.date(today.year - 1, 1, 1), datetime.date(today.year + 2, 1, 1)
    cal.add_missing_timezones(first_date=first, last_date=last)
    if not dates:
        # An empty feed still names its zone, so clients that add events later agree on it.
        cal.add_component(Timezone.from_tzid("Europe/London", first_date=first, last_date=last))
    return cal.to_ical()
