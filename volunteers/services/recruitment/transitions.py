"""Selection: moving an application along the pipeline, inviting to events, scoring.

Every staff change goes through `transition_application`, which locks the row, checks the
status and version the caller saw, records the move, and tells the applicant after commit.
Services refuse with PermissionDenied; the views turn "not yours" into a 404 before this.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from common.mail import queue_email

from ...models import (
    COMPETENCIES,
    OPEN_STATUSES,
    Application,
    ApplicationStatus,
    ApplicationTransition,
    CampaignEvent,
    PvgRecord,
    PvgStatus,
    SelectionRecommendation,
    SelectionScore,
    User,
    allowed_transitions,
)
from ...permissions import check_can_select
from .appointment import appoint, create_volunteer
from .emails import tell_applicant
from .references import send_reference_requests

STALE_MESSAGE = (
    "This application changed after you opened the page, so nothing was saved. "
    "Check its current status below and try again."
)


def record_transition(
    application: Application, to_status: str, *, by: User | None, reason: str
) -> None:
    """Record a move and apply it to the (locked, unsaved) application."""
    ApplicationTransition.objects.create(
        application=application,
        from_status=application.status,
        to_status=to_status,
        by=by,
        reason=reason,
    )
    application.status = to_status
    application.version += 1
    if to_status in (ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN):
        application.closed_at = timezone.now()


def _check_allowed(locked: Application, to_status: str, reason: str, expected_version) -> None:
    if expected_version is not None and locked.version != expected_version:
        raise ValidationError(STALE_MESSAGE)
    if to_status not in allowed_transitions(locked.status):
        raise ValidationError(
            f"An application that is '{locked.get_status_display()}' cannot move to "
            f"'{ApplicationStatus(to_status).label}'."
        )
    if to_status == ApplicationStatus.REJECTED and not reason.strip():
        raise ValidationError({"reason": "Say why the application is unsuccessful."})
    _check_ready(locked, to_status)


def transition_application(
    *,
    application: Application,
    to_status: str,
    by: User,
    reason: str = "",
    expected_version: int | None = None,
    notify: bool = True,
) -> Application:
    """Move an application on (or reject it), if allowed from where it stands now."""
    check_can_select(by, application)
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        _check_allowed(locked, to_status, reason, expected_version)
        record_transition(locked, to_status, by=by, reason=reason)
        locked.save()
        if to_status == ApplicationStatus.REFERENCES:
            send_reference_requests(locked)
        if to_status == ApplicationStatus.ACCEPTED:
            create_volunteer(locked, by=by)
        if to_status == ApplicationStatus.APPOINTED:
            appoint(locked, by=by)
    if notify:
        tell_applicant(locked)
    return locked


def _check_ready(application: Application, to_status: str) -> None:
    """The facts a stage needs before the application may leave it."""
    if to_status == ApplicationStatus.PVG:
        received = application.referees.filter(received_at__isnull=False).count()
        if received < 2:
            raise ValidationError(
                f"Both references are needed before the PVG stage ({received} of 2 received)."
            )
    if to_status == ApplicationStatus.OFFER:
        pvg = PvgRecord.objects.filter(application=application).first()
        if pvg is None or pvg.status != PvgStatus.CLEARED:
            raise ValidationError("The PVG check must be cleared before an offer is made.")


def set_selection_event(*, application: Application, event: CampaignEvent, by: User) -> Application:
    """Invite the applicant to an information session or interview day."""
    check_can_select(by, application)
    if event.campaign_id != application.campaign_id:
        raise ValidationError("That event belongs to another campaign.")
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        if event.kind == CampaignEvent.Kind.INFORMATION_SESSION:
            locked.information_session = event
        else:
            locked.interview = event
        locked.version += 1
        locked.save()
        if locked.user:
            queue_email(
                to=locked.user.email,
                template="volunteers/selection_event",
                context={"application": locked, "event": event},
            )
    return locked


def record_scores(
    *,
    application: Application,
    by: User,
    stage: str,
    scores: dict[str, int],
    recommendation: str,
    comments: str = "",
) -> SelectionRecommendation:
    """Record (or replace) one selector's scores and recommendation at one stage."""
    check_can_select(by, application)
    if application.status not in OPEN_STATUSES:
        raise ValidationError("This application is closed: scores can no longer be changed.")
    bad = [k for k, v in scores.items() if not 1 <= int(v) <= 4]
    if bad or set(scores) != {key for key, _ in COMPETENCIES}:
        raise ValidationError("Score every competency from 1 to 4.")
    with transaction.atomic():
        for competency, score in scores.items():
            SelectionScore.objects.update_or_create(
                application=application,
                selector=by,
                stage=stage,
                competency=competency,
                defaults={"score": int(score)},
            )
        result, _ = SelectionRecommendation.objects.update_or_create(
            application=application,
            selector=by,
            stage=stage,
            defaults={"recommendation": recommendation, "comments": comments},
        )
    return result
