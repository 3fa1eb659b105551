"""Reminders before a sitting, the weekly digest, and the member's one-click answer.

Each reminder carries two links ("I'll be there", "I can't come"), each a 256-bit token kept
only as its SHA-256 and good for one use, scoped to one sitting. "I can't come" is a
withdrawal: it goes through `withdraw_from_sitting`, which starts cover.

Both beat tasks are idempotent: a sitting's `reminded_at` (a member's `digest_week`) is
claimed with a conditional UPDATE before the email is written, in the same transaction, so a
second run or a second worker finds nothing left to send.
"""

import datetime
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from common.mail import queue_email
from volunteers.models import User, Volunteer

from ..emails import sittings_ics
from ..models import Assignment, ConfirmationLink, ReminderPreference, Session
from .cover import hash_token, withdraw_from_sitting

DECLINE_REASON = "Cannot come (answered the reminder email)."


def _sittings():
    return Assignment.objects.filter(
        status=Assignment.Status.PUBLISHED, session__status=Session.Status.SCHEDULED
    ).select_related("session__centre", "volunteer__user")


def _answer_links(assignment: Assignment) -> dict[str, str]:
    """Two fresh single-use links for one sitting: {"confirm": url, "decline": url}."""
    links = {}
    for answer in ConfirmationLink.Answer:
        token = secrets.token_urlsafe(32)
        ConfirmationLink.objects.create(
            assignment=assignment, answer=answer, token_hash=hash_token(token)
        )
        links[answer.value] = f"{settings.SITE_URL}/sitting/{assignment.pk}/{token}/"
    return links


def due_reminders(*, today: datetime.date):
    """Published sittings within SITTING_REMINDER_DAYS not yet reminded, for members who
    asked for an email before each sitting (the default)."""
    last = today + datetime.timedelta(days=settings.SITTING_REMINDER_DAYS)
    return (
        _sittings()
        .filter(
            date__range=(today, last),
            reminded_at__isnull=True,
            confirmation=Assignment.Confirmation.PENDING,
        )
        .exclude(volunteer__reminder_preference__reminders=False)
        .exclude(volunteer__reminder_preference__delivery=ReminderPreference.Delivery.WEEKLY)
    )


def send_sitting_reminders(*, today: datetime.date) -> int:
    """Beat task body: one reminder per due sitting, with its .ics and answer links."""
    sent = 0
    for pk in due_reminders(today=today).values_list("pk", flat=True):
        with transaction.atomic():
            claimed = Assignment.objects.filter(
                pk=pk, reminded_at__isnull=True, status=Assignment.Status.PUBLISHED
            ).update(reminded_at=timezone.now())
            if not claimed:
                continue  # another run got there first
            assignment = _sittings().get(pk=pk)
            queue_email(
                to=assignment.volunteer.user.email,
                template="rostering/sitting_reminder",
                context={
                    "volunteer": assignment.volunteer,
                    "assignment": assignment,
                    "links": _answer_links(assignment),
                },
                ics=sittings_ics([assignment]),
            )
            sent += 1
    return sent


def digest_week(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The coming week (Monday to Sunday) a digest sent on `today` lists."""
    monday = today + datetime.timedelta(days=7 - today.weekday())
    return monday, monday + datetime.timedelta(days=6)


def send_weekly_digests(*, today: datetime.date) -> int:
    """Beat task body: one email per member who chose the weekly digest, listing the coming
    week's sittings with each one's answer links."""
    monday, sunday = digest_week(today)
    members = (
        ReminderPreference.objects.filter(
            reminders=True, delivery=ReminderPreference.Delivery.WEEKLY
        )
        .filter(Q(digest_week__isnull=True) | Q(digest_week__lt=monday))
        .filter(
            volunteer__assignments__status=Assignment.Status.PUBLISHED,
            volunteer__assignments__date__range=(monday, sunday),
        )
        .values_list("pk", "volunteer_id")
        .distinct()
    )
    sent = 0
    for pref_pk, volunteer_pk in members:
        with transaction.atomic():
            claimed = (
                ReminderPreference.objects.filter(pk=pref_pk)
                .filter(Q(digest_week__isnull=True) | Q(digest_week__lt=monday))
                .update(digest_week=monday)
            )
            if not claimed:
                continue
            sittings = list(
                _sittings().filter(volunteer_id=volunteer_pk, date__range=(monday, sunday))
            )
            if not sittings:
                continue
            Assignment.objects.filter(pk__in=[a.pk for a in sittings]).update(
                reminded_at=timezone.now()
            )
            volunteer = Volunteer.objects.select_related("user").get(pk=volunteer_pk)
            queue_email(
                to=volunteer.user.email,
                template="rostering/sitting_digest",
                context={
                    "volunteer": volunteer,
                    "monday": monday,
                    "sittings": [(a, _answer_links(a)) for a in sittings],
                },
                ics=sittings_ics(sittings),
            )
            sent += 1
    return sent


def get_confirmation_link(*, assignment_pk: int, token: str) -> ConfirmationLink | None:
    """The link behind a token, only if it belongs to that sitting."""
    return (
        ConfirmationLink.objects.select_related("assignment__session__centre", "assignment")
        .filter(assignment_id=assignment_pk, token_hash=hash_token(token))
        .first()
    )


def answer_problem(link: ConfirmationLink | None, *, user) -> str | None:
    """Why this link cannot be answered now (None when it can)."""
    if link is None:
        return "This link is not valid. Use the link in your most recent email, or sign in."
    volunteer_user_id = (
        Volunteer.objects.filter(pk=link.assignment.volunteer_id)
        .values_list("user_id", flat=True)
        .first()
    )
    if user.is_authenticated and user.pk != volunteer_user_id:
        return "This link was sent to another member. Nothing has been changed."
    if link.used_at is not None:
        return "This link has already been used. Nothing more has been changed."
    if link.assignment.status != Assignment.Status.PUBLISHED:
        return "You are not on this panel any more, so there is nothing to answer."
    if link.assignment.date < timezone.localdate():
        return "This sitting has already taken place."
    return None


@transaction.atomic
def answer_sitting(*, link: ConfirmationLink, reason: str = "", user=None) -> Assignment:
    """Record the member's answer: confirm the sitting, or withdraw and start cover."""
    link = ConfirmationLink.objects.select_for_update().get(pk=link.pk)
    assignment = (
        Assignment.objects.select_for_update()
        .select_related("volunteer__user")
        .get(pk=link.assignment_id)
    )
    link.assignment = assignment
    problem = answer_problem(link, user=user or assignment.volunteer.user)
    if problem:
        raise ValidationError(problem)
    now = timezone.now()
    link.used_at = now
    link.save(update_fields=["used_at"])
    member: User = assignment.volunteer.user
    if link.answer == ConfirmationLink.Answer.DECLINE:
        withdraw_from_sitting(
            assignment=assignment, reason=reason.strip() or DECLINE_REASON, by=member
        )
        assignment.refresh_from_db()
        confirmation = Assignment.Confirmation.DECLINED
    else:
        confirmation = Assignment.Confirmation.CONFIRMED
    Assignment.objects.filter(pk=assignment.pk).update(confirmation=confirmation, confirmed_at=now)
    assignment.confirmation, assignment.confirmed_at = confirmation, now
    return assignment


@transaction.atomic
def set_reminder_preference(
    *, volunteer: Volunteer, reminders: bool, delivery: str, by: User
) -> ReminderPreference:
    """Whether the member gets reminders, and as one email per sitting or a weekly digest."""
    if delivery not in ReminderPreference.Delivery.values:
        raise ValidationError({"delivery": "Choose how you want to hear about sittings."})
    pref, _ = ReminderPreference.objects.update_or_create(
        volunteer=volunteer, defaults={"reminders": reminders, "delivery": delivery}
    )
    return pref
