"""A member's record of service: the facts their reappointment is decided on (sittings, hours,
training, competencies with expiry, award progress, observations shared with them), read in a
fixed number of queries and written to a spreadsheet they can keep.

Nothing here names a child or carries a case or session reference: sittings are told by date,
centre and role only.
"""

import datetime
from dataclasses import dataclass

from common.spreadsheets import build_workbook
from training.models import Enrolment, Observation
from training.selectors import award_progress, holdings
from training.selectors.monitoring import term_start
from training.selectors.records import AwardProgress, Holding
from volunteers.models import Volunteer
from volunteers.reappointment import ReappointmentFact, facts_for

from .calendar import SESSION_LENGTH
from .models import Assignment

# A sitting counts as a half-day session of the calendar feed's length.
SESSION_HOURS = SESSION_LENGTH.total_seconds() / 3600


@dataclass
class ServiceRecord:
    """Everything on the record-of-service page and in its spreadsheet."""

    volunteer: Volunteer
    on: datetime.date
    term_start: datetime.date | None
    sittings: list[Assignment]
    holdings: list[Holding]
    training: list[Enrolment]
    award: AwardProgress
    observations: list[Observation]
    facts: list[ReappointmentFact]

    @property
    def sat(self) -> int:
        return len(self.sittings)

    @property
    def chaired(self) -> int:
        return sum(1 for a in self.sittings if a.is_chair)

    @property
    def hours(self) -> float:
        return self.sat * SESSION_HOURS

    @property
    def sat_in_term(self) -> int:
        if self.term_start is None:
            return 0
        return sum(1 for a in self.sittings if a.date >= self.term_start)


def service_record(volunteer: Volunteer, *, on: datetime.date) -> ServiceRecord:
    """The member's record of service up to `on`, in a fixed number of queries."""
    sittings = list(
        Assignment.objects.filter(
            volunteer=volunteer, status=Assignment.Status.PUBLISHED, date__lte=on
        )
        # A sitting the rota team marked as missed is not service.
        .exclude(attended=False)
        .select_related("session__centre")
        .order_by("-date", "-half")
    )
    start = term_start(volunteer.appointed_on, on) if volunteer.appointed_on else None
    facts = facts_for([volunteer], term_start=start, term_end=on)[volunteer.pk] if start else []
    observations = list(
        Observation.objects.filter(volunteer=volunteer, status=Observation.Status.RELEASED)
        .select_related("centre")
        .order_by("-session_date")
    )
    # The reappointment count includes observations a PPA has not yet shared; the member's
    # own record counts only what they have been shown.
    shared = sum(1 for o in observations if start and o.session_date >= start)
    facts = [
        ReappointmentFact("Observations", f"{shared} shared with you in this term", shared > 0)
        if fact.label == "Observations"
        else fact
        for fact in facts
    ]
    return ServiceRecord(
        volunteer=volunteer,
        on=on,
        term_start=start,
        sittings=sittings,
        holdings=holdings(volunteer, on=on),
        training=list(
            Enrolment.objects.filter(
                volunteer=volunteer,
                attendance=Enrolment.Attendance.ATTENDED,
                session__starts_on__lte=on,
            )
            .select_related("session__course")
            .order_by("-session__starts_on")
        ),
        award=award_progress(volunteer, on=on),
        observations=observations,
        facts=facts,
    )


HEADERS = ["Section", "Date", "What", "Where", "Role or state", "Figure or valid until"]
WIDTHS = [16, 12, 44, 28, 28, 20]


def _where(assignment: Assignment) -> str:
    session = assignment.session
    return "Virtual hearing" if session.mode == "virtual" else session.centre.name


def record_rows(record: ServiceRecord):
    """One row per fact, under the page's headings, so the sheet can be filtered by section."""
    yield ["Summary", record.on, "Sittings held", "", "", record.sat]
    yield ["Summary", record.on, "Sittings as chairing member", "", "", record.chaired]
    yield ["Summary", record.on, "Hours sitting", "", "", record.hours]
    if record.term_start:
        yield ["Summary", record.term_start, "Sittings in this term", "", "", record.sat_in_term]
    for fact in record.facts:
        met = {True: "Met", False: "Not yet met", None: "For information"}[fact.met]
        yield ["Reappointment", record.on, f"{fact.label}: {fact.value}", "", met, fact.detail]
    for a in record.sittings:
        role = "Chairing member" if a.is_chair else "Panel member"
        what = f"Hearing session, {a.get_half_display().lower()}"
        yield ["Sitting", a.date, what, _where(a), role, SESSION_HOURS]
    for e in record.training:
        session = e.session
        yield ["Training", session.starts_on, session.course.title, session.where, "Attended", ""]
    for h in record.holdings:
        valid = h.grant.valid_until or "Does not expire"
        yield ["Competency", h.grant.granted_on, h.competency.name, "", h.label, valid]
    for module, passed_on in record.award.modules:
        what = f"Award module {module.award_module}: {module.name}"
        yield ["Award", passed_on, what, "", "Passed" if passed_on else "Not yet", ""]
    if record.award.deadline and not record.award.completed_on:
        yield ["Award", record.award.deadline, "Award to be completed by", "", "", ""]
    for o in record.observations:
        what = f"Observation, {o.get_half_display().lower()}"
        state = o.get_role_display() + (f": {o.get_outcome_display()}" if o.outcome else "")
        yield ["Observation", o.session_date, what, o.centre.name, state, ""]


def record_workbook(record: ServiceRecord) -> bytes:
    """The record of service as a one-sheet .xlsx."""
    return build_workbook(
        title="Record of service", headers=HEADERS, rows=record_rows(record), widths=WIDTHS
    )
