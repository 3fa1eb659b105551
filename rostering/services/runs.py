"""Rota periods and runs: build the instance, run the engine, keep a draft, publish it."""

import datetime
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from common.jobs import start_job
from common.mail import queue_email
from common.models import Job
from volunteers.models import Region, User, Volunteer, VolunteerStatus

from ..emails import email_sittings
from ..instances import build_instance
from ..models import Assignment, AvailabilityOffer, RotaPeriod, RotaRun, Session
from ..review import store_review
from ..selectors import single_sex_without_reason
from ..solver import InstanceError, solve_scored
from ..solver_ids import parse_session_id, parse_volunteer_id

MAX_PERIOD_DAYS = 92


@transaction.atomic
def create_rota_period(
    *,
    region: Region | None,
    start: datetime.date,
    end: datetime.date,
    availability_deadline: datetime.date,
    by: User,
) -> RotaPeriod:
    """A period to collect availability for and roster; region None means national."""
    if end < start:
        raise ValidationError({"end": "The period must end after it starts."})
    if (end - start).days >= MAX_PERIOD_DAYS:
        raise ValidationError({"end": "A rota period may be at most three months long."})
    if availability_deadline > start:
        raise ValidationError(
            {"availability_deadline": "The deadline must be on or before the first day."}
        )
    return RotaPeriod.objects.create(
        region=region,
        start=start,
        end=end,
        availability_deadline=availability_deadline,
        created_by=by,
    )


def _period_members(period: RotaPeriod):
    qs = Volunteer.objects.filter(status=VolunteerStatus.SERVING).select_related("user")
    if period.region_id:
        qs = qs.filter(home_region_id=period.region_id)
    return qs


@transaction.atomic
def open_rota_period(*, period: RotaPeriod, by: User) -> Job:
    """Open a period for availability; returns the Job whose task emails its members.

    The caller queues `rostering.tasks.email_period_opened` after commit.
    """
    period = RotaPeriod.objects.select_for_update().get(pk=period.pk)
    if period.opened_at:
        raise ValidationError("This period is already open for availability.")
    period.opened_at = timezone.now()
    period.save(update_fields=["opened_at"])
    return start_job(
        owner=by,
        kind="availability_open",
        title=f"Asking for availability: {period}",
        total=_period_members(period).count(),
    )


def email_availability_open(*, period: RotaPeriod, job: Job) -> int:
    """Queue the "tell us when you can sit" email to each member (once per job)."""
    with transaction.atomic():
        locked = Job.objects.select_for_update().get(pk=job.pk)
        if locked.emails.exists():
            return locked.emails.count()  # redelivered: the messages are already written
        count = 0
        for volunteer in _period_members(period).iterator():
            queue_email(
                to=volunteer.user.email,
                template="rostering/availability_open",
                context={"volunteer": volunteer, "period": period},
                job=locked,
            )
            count += 1
    return count


def send_availability_reminders(*, today: datetime.date) -> int:
    """Remind members who have offered nothing, three days before a period's deadline."""

    count = 0
    periods = RotaPeriod.objects.filter(
        opened_at__isnull=False,
        reminded_at__isnull=True,
        availability_deadline__lte=today + datetime.timedelta(days=3),
        availability_deadline__gte=today,
    )
    for period in periods:
        with transaction.atomic():
            offered = AvailabilityOffer.objects.filter(
                date__range=(period.start, period.end)
            ).values("volunteer_id")
            for volunteer in _period_members(period).exclude(pk__in=offered).iterator():
                queue_email(
                    to=volunteer.user.email,
                    template="rostering/availability_reminder",
                    context={"volunteer": volunteer, "period": period},
                )
                count += 1
            RotaPeriod.objects.filter(pk=period.pk).update(reminded_at=timezone.now())
    return count


@transaction.atomic
def start_rota_run(*, period: RotaPeriod, by: User, time_limit: int = 30) -> RotaRun:
    """Create a queued run with its Job; the caller queues the task after commit."""
    if not 5 <= time_limit <= 600:
        raise ValidationError({"time_limit": "Choose between 5 and 600 seconds."})
    job = start_job(owner=by, kind="rota_run", title=f"Rota run: {period}", total=100)
    return RotaRun.objects.create(period=period, job=job, time_limit=time_limit, created_by=by)


def run_rota(
    *, run: RotaRun, progress=None, workers: int | None = None, hold: bool = False
) -> RotaRun:
    """Build the instance, solve it and save the draft rota (called by the Celery task).

    With `hold`, the draft choices made by hand are kept as `fixed` ("Fill the rest")."""
    say = progress or (lambda _m, _f: None)
    RotaRun.objects.filter(pk=run.pk).update(status=RotaRun.Status.RUNNING)
    period = run.period
    say("Reading sessions, members and availability", 0.01)
    instance, left_out = build_instance(start=period.start, end=period.end, region=period.region)
    held = 0
    if hold:
        from .holds import hold_manual_choices  # noqa: PLC0415 -- holds reads the runs service

        held = hold_manual_choices(instance, left_out)
    # Saved now, and only now, so that a run that fails still shows what it was given.
    RotaRun.objects.filter(pk=run.pk).update(instance=instance, left_out=left_out)
    try:
        solution, metrics = solve_scored(
            instance,
            time_limit=run.time_limit,
            seed=0,
            workers=workers,
            progress=lambda message, fraction: say(message, 0.02 + 0.9 * fraction),
            # build_instance has checked the published sittings and left out broken panels.
            fixed_checked=True,
        )
    except InstanceError as error:
        RotaRun.objects.filter(pk=run.pk).update(
            status=RotaRun.Status.FAILED, message=f"The engine could not read the rota: {error}"
        )
        run.refresh_from_db()
        return run
    say("Saving the draft rota", 0.95)
    save_draft(run=run, instance=instance, solution=solution, metrics=metrics)
    if held:
        message = f"{run.message[:-1]}, around {held} choice{'s' if held > 1 else ''} held."
        RotaRun.objects.filter(pk=run.pk).update(message=message)
    run.refresh_from_db()
    return run


@transaction.atomic
def save_draft(*, run: RotaRun, instance: dict, solution: dict, metrics: dict) -> None:
    """Replace the period's draft assignments with the engine's, keeping published ones.

    `instance` is the one already saved on the run; `metrics` is the solution's score.
    """
    run = RotaRun.objects.select_for_update().get(pk=run.pk)
    session_ids = [parse_session_id(s["id"]) for s in instance["sessions"]]
    fixed = {
        (parse_session_id(s["id"]), parse_volunteer_id(f["volunteer"]))
        for s in instance["sessions"]
        for f in s.get("fixed", [])
    }
    drafts = Assignment.objects.filter(session_id__in=session_ids, status=Assignment.Status.DRAFT)
    # Drafts held as `fixed` (choices made by hand) stay, and now belong to this run.
    kept = [a.pk for a in drafts if (a.session_id, a.volunteer_id) in fixed]
    drafts.exclude(pk__in=kept).delete()
    Assignment.objects.filter(pk__in=kept).update(run=run)
    RotaRun.objects.filter(period=run.period, status=RotaRun.Status.DRAFT).exclude(
        pk=run.pk
    ).update(status=RotaRun.Status.SUPERSEDED)
    sessions = Session.objects.in_bulk(session_ids)
    new = []
    for a in solution["assignments"]:
        if (parse_session_id(a["session"]), parse_volunteer_id(a["volunteer"])) in fixed:
            continue
        session = sessions[parse_session_id(a["session"])]
        new.append(
            Assignment(
                session=session,
                volunteer_id=parse_volunteer_id(a["volunteer"]),
                date=session.date,
                half=session.half,
                is_chair=a["chair"],
                status=Assignment.Status.DRAFT,
                run=run,
            )
        )
    Assignment.objects.bulk_create(new, batch_size=500)
    run.solution = solution
    run.metrics = metrics
    run.status = RotaRun.Status.DRAFT
    run.message = f"{len(new)} seats filled in the draft."
    run.save(update_fields=["solution", "metrics", "status", "message"])
    store_review(run=run)


@transaction.atomic
def publish_run(*, run: RotaRun, by: User, complete_only: bool = False) -> Job:
    """Publish a draft rota; returns the Job whose task emails members their sittings.

    With `complete_only`, sittings on panels that are not complete stay as unpublished drafts.

    The caller queues `rostering.tasks.email_published_rota` after commit: a national rota
    is some 1,300 emails, which must not be written, let alone sent, inside the request.
    """
    run = RotaRun.objects.select_for_update().get(pk=run.pk)
    if run.status != RotaRun.Status.DRAFT:
        raise ValidationError("Only a draft rota can be published.")

    missing = single_sex_without_reason(run)
    if missing:
        raise ValidationError(
            f"{len(missing)} panel(s) are all one sex: record why before publishing."
        )
    drafts = list(
        Assignment.objects.select_for_update(of=("self",)).filter(
            run=run, status=Assignment.Status.DRAFT
        )
    )
    held_back = 0
    if complete_only:
        complete = _complete_sessions({a.session_id for a in drafts})
        held_back = len({a.session_id for a in drafts if a.session_id not in complete})
        drafts = [a for a in drafts if a.session_id in complete]
    for a in drafts:
        a.status = Assignment.Status.PUBLISHED
    try:
        Assignment.objects.bulk_update(drafts, ["status"])
    except IntegrityError:
        raise ValidationError("Another change got there first; reload the rota.") from None
    Assignment.objects.filter(pk__in=[a.pk for a in drafts]).update(updated_at=timezone.now())
    run.status = RotaRun.Status.PUBLISHED
    run.published_at = timezone.now()
    run.published_by = by
    members = len({a.volunteer_id for a in drafts})
    panels = len({a.session_id for a in drafts})
    run.message = (
        f"Published {len(drafts)} sitting{'s' if len(drafts) != 1 else ''} on {panels} "
        f"panel{'s' if panels != 1 else ''} to {members} member{'s' if members != 1 else ''}."
    )
    if held_back:
        run.message += (
            f" {held_back} incomplete panel{'s' if held_back != 1 else ''} left unpublished."
        )
    run.save(update_fields=["status", "published_at", "published_by", "message"])
    return start_job(
        owner=by, kind="rota_publish", title=f"Emailing the rota: {run.period}", total=members
    )


def _complete_sessions(session_ids: set[int]) -> set[int]:
    """Of these sessions, those whose active panel is full with one chairing member."""
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    for pk, chair, seats in Assignment.objects.filter(
        session_id__in=session_ids,
        status__in=[Assignment.Status.DRAFT, Assignment.Status.PUBLISHED],
    ).values_list("session_id", "is_chair", "session__seats"):
        counts[pk][0] += 1
        counts[pk][1] += chair
        counts[pk][2] = seats
    return {pk for pk, (n, chairs, seats) in counts.items() if n == seats and chairs == 1}


def email_published_rota(*, run: RotaRun, job: Job) -> int:
    """Queue one email per member with their published sittings (once per job); returns
    how many are queued for the job."""
    with transaction.atomic():
        locked = Job.objects.select_for_update().get(pk=job.pk)
        if locked.emails.exists():
            return locked.emails.count()  # redelivered: the messages are already written
        sittings = (
            Assignment.objects.filter(run=run, status=Assignment.Status.PUBLISHED)
            .select_related("session__centre", "volunteer__user")
            .order_by("volunteer_id", "date", "half")
        )
        by_member = defaultdict(list)
        for a in sittings:
            by_member[a.volunteer].append(a)
        for volunteer, assignments in by_member.items():
            email_sittings(
                volunteer=volunteer,
                assignments=assignments,
                template="rota_published",
                context={"period": run.period},
                job=locked,
            )
    return len(by_member)
