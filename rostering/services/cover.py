"""Withdrawals and cover: rank substitutes, offer a few at a time, first to accept wins."""

import calendar
import datetime
import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from common.mail import queue_email
from volunteers.models import OrganisationSetting, Role, User, Volunteer

from ..emails import email_sittings
from ..instances import build_instance
from ..models import Assignment, CoverOffer, CoverRequest, Session
from ..solver import InstanceError, suggest_cover
from ..solver_ids import parse_session_id, parse_volunteer_id, session_id, volunteer_id

OFFERS_AT_ONCE = 3
CANDIDATES = 12
OFFER_WAIT = datetime.timedelta(hours=6)
COVER_WINDOW = datetime.timedelta(hours=48)
ACTIVE = [Assignment.Status.DRAFT, Assignment.Status.PUBLISHED]


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def withdraw_from_sitting(*, assignment: Assignment, reason: str, by: User) -> CoverRequest:
    """A member withdraws from a published sitting with a reason; cover starts at once."""
    assignment = (
        Assignment.objects.select_for_update()
        .select_related("session__centre", "volunteer__user")
        .get(pk=assignment.pk)
    )
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Tell us why you cannot sit."})
    if assignment.status != Assignment.Status.PUBLISHED:
        raise ValidationError("You are not on this panel any more.")
    if assignment.session.date < timezone.localdate():
        raise ValidationError("This sitting has already taken place.")
    assignment.status = Assignment.Status.WITHDRAWN
    assignment.withdrawal_reason = reason[:300]
    assignment.sequence += 1
    assignment.save(update_fields=["status", "withdrawal_reason", "sequence", "updated_at"])
    email_sittings(
        volunteer=assignment.volunteer,
        assignments=[assignment],
        template="sitting_withdrawn",
    )
    return request_cover(session=assignment.session, withdrawn=assignment)


def _session_start(session: Session) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(session.date, session.start_time))


def cover_instance(session: Session) -> dict:
    """The instance for the session's month, in its region (or nationally)."""
    first = session.date.replace(day=1)
    last = session.date.replace(day=calendar.monthrange(session.date.year, session.date.month)[1])
    national = OrganisationSetting.load().model == "national"
    instance, _ = build_instance(start=first, end=last, region=None if national else session.region)
    return instance


def rank_candidates(session: Session, *, needs_chair: bool) -> list[dict]:
    """suggest_cover's ranking for the session as the rota stands now."""
    instance = cover_instance(session)
    ids = {s["id"] for s in instance["sessions"]}
    if session_id(session.pk) not in ids:
        return []
    rota = [
        {"session": session_id(s), "volunteer": volunteer_id(v), "chair": c}
        for s, v, c in Assignment.objects.filter(
            session_id__in=[parse_session_id(i) for i in ids], status__in=ACTIVE
        ).values_list("session_id", "volunteer_id", "is_chair")
    ]
    try:
        ranked = suggest_cover(instance, session_id(session.pk), CANDIDATES, assignments=rota)
    except InstanceError:
        return []
    if needs_chair:
        ranked = [c for c in ranked if c["chair_ok"]]
    # Whoever withdrew from this session is not asked to cover it.
    withdrawn = {
        volunteer_id(v)
        for v in session.assignments.filter(status=Assignment.Status.WITHDRAWN).values_list(
            "volunteer_id", flat=True
        )
    }
    ranked = [c for c in ranked if c["volunteer"] not in withdrawn]
    return [
        {
            "volunteer": parse_volunteer_id(c["volunteer"]),
            "reasons": c["reasons"],
            "chair": c["chair_ok"],
        }
        for c in ranked
    ]


def request_cover(*, session: Session, withdrawn: Assignment | None) -> CoverRequest:
    """Open a cover request and send the first offers (inside the caller's transaction)."""
    needs_chair = bool(withdrawn and withdrawn.is_chair)
    deadline = min(
        timezone.now() + COVER_WINDOW, _session_start(session) - datetime.timedelta(hours=12)
    )
    request = CoverRequest.objects.create(
        session=session,
        withdrawn=withdrawn,
        needs_chair=needs_chair,
        deadline=max(deadline, timezone.now()),
        candidates=rank_candidates(session, needs_chair=needs_chair),
    )
    if not send_next_offers(request=request):
        escalate_cover(request=request)
    return request


def send_next_offers(*, request: CoverRequest) -> int:
    """Offer the sitting to the next few candidates not yet asked; returns how many."""
    asked = set(request.offers.values_list("volunteer_id", flat=True))
    busy = set(
        Assignment.objects.filter(
            date=request.session.date, half=request.session.half, status__in=ACTIVE
        ).values_list("volunteer_id", flat=True)
    )
    fresh = [c for c in request.candidates if c["volunteer"] not in asked | busy]
    sent = 0
    volunteers = Volunteer.objects.select_related("user").in_bulk(
        [c["volunteer"] for c in fresh[:OFFERS_AT_ONCE]]
    )
    for candidate in fresh[:OFFERS_AT_ONCE]:
        volunteer = volunteers.get(candidate["volunteer"])
        if volunteer is None:
            continue
        token = secrets.token_urlsafe(32)
        CoverOffer.objects.create(
            request=request, volunteer=volunteer, token_hash=hash_token(token)
        )
        queue_email(
            to=volunteer.user.email,
            template="rostering/cover_offer",
            context={
                "volunteer": volunteer,
                "session": request.session,
                "token": token,
                "chair": request.needs_chair,
            },
        )
        sent += 1
    return sent


def escalate_cover(*, request: CoverRequest) -> None:
    """Nobody (left) to ask, or the deadline passed: tell the region's administrators."""
    request.status = CoverRequest.Status.ESCALATED
    request.escalated_at = timezone.now()
    request.save(update_fields=["status", "escalated_at"])
    CoverOffer.objects.filter(request=request, status=CoverOffer.Status.OFFERED).update(
        status=CoverOffer.Status.EXPIRED
    )
    admins = User.objects.filter(
        role_assignments__role=Role.REGIONAL_ADMIN,
        role_assignments__region=request.session.region,
        role_assignments__revoked_at__isnull=True,
    ).distinct()
    for admin in admins:
        queue_email(
            to=admin.email,
            template="rostering/cover_escalated",
            context={"session": request.session, "request": request},
        )


def get_offer(token: str) -> CoverOffer | None:
    return (
        CoverOffer.objects.select_related("request__session__centre", "volunteer__user")
        .filter(token_hash=hash_token(token))
        .first()
    )


@transaction.atomic
def accept_cover_offer(*, offer: CoverOffer, by: User) -> Assignment:
    """The first member to accept gets the sitting; everyone else is told it is filled."""
    request = CoverRequest.objects.select_for_update().get(pk=offer.request_id)
    offer = CoverOffer.objects.select_for_update().get(pk=offer.pk)
    if offer.volunteer.user_id != by.pk:
        raise ValidationError("This offer was made to someone else.")
    if request.status != CoverRequest.Status.OPEN:
        if offer.status == CoverOffer.Status.OFFERED:
            offer.status = CoverOffer.Status.FILLED
            offer.save(update_fields=["status"])
        raise ValidationError("Thank you, but this sitting has already been covered.")
    if offer.status != CoverOffer.Status.OFFERED:
        raise ValidationError("This offer is no longer open.")
    session = Session.objects.select_for_update().get(pk=request.session_id)
    chair = request.needs_chair
    try:
        with transaction.atomic():
            assignment = Assignment.objects.create(
                session=session,
                volunteer=offer.volunteer,
                date=session.date,
                half=session.half,
                is_chair=chair,
                status=Assignment.Status.PUBLISHED,
                created_by=by,
            )
    except IntegrityError:
        raise ValidationError("You already have a sitting at that time.") from None
    now = timezone.now()
    offer.status = CoverOffer.Status.ACCEPTED
    offer.responded_at = now
    offer.save(update_fields=["status", "responded_at"])
    request.status = CoverRequest.Status.FILLED
    request.filled_by = assignment
    request.filled_at = now
    request.save(update_fields=["status", "filled_by", "filled_at"])
    email_sittings(
        volunteer=offer.volunteer,
        assignments=[assignment],
        template="sitting_added",
        context={"covering": True},
    )
    for other in request.offers.filter(status=CoverOffer.Status.OFFERED).select_related(
        "volunteer__user"
    ):
        other.status = CoverOffer.Status.FILLED
        other.save(update_fields=["status"])
        queue_email(
            to=other.volunteer.user.email,
            template="rostering/cover_filled",
            context={"volunteer": other.volunteer, "session": session},
        )
    return assignment


@transaction.atomic
def decline_cover_offer(*, offer: CoverOffer, by: User) -> None:
    """The member cannot cover; when everyone asked has said no, ask the next few."""
    request = CoverRequest.objects.select_for_update().get(pk=offer.request_id)
    offer = CoverOffer.objects.select_for_update().get(pk=offer.pk)
    if offer.volunteer.user_id != by.pk or offer.status != CoverOffer.Status.OFFERED:
        raise ValidationError("This offer is no longer open.")
    offer.status = CoverOffer.Status.DECLINED
    offer.responded_at = timezone.now()
    offer.save(update_fields=["status", "responded_at"])
    if (
        request.status == CoverRequest.Status.OPEN
        and not request.offers.filter(status=CoverOffer.Status.OFFERED).exists()
    ) and not send_next_offers(request=request):
        escalate_cover(request=request)


def chase_cover_requests(*, now: datetime.datetime | None = None) -> dict:
    """Beat task body: escalate requests past their deadline, widen stale ones."""
    now = now or timezone.now()
    escalated = widened = 0
    for pk in CoverRequest.objects.filter(status=CoverRequest.Status.OPEN).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            request = CoverRequest.objects.select_for_update().get(pk=pk)
            if request.status != CoverRequest.Status.OPEN:
                continue
            if request.deadline <= now:
                escalate_cover(request=request)
                escalated += 1
                continue
            waiting = request.offers.filter(
                status=CoverOffer.Status.OFFERED, sent_at__gt=now - OFFER_WAIT
            ).exists()
            if not waiting:
                request.offers.filter(status=CoverOffer.Status.OFFERED).update(
                    status=CoverOffer.Status.EXPIRED
                )
                if send_next_offers(request=request):
                    widened += 1
                else:
                    escalate_cover(request=request)
                    escalated += 1
    return {"escalated": escalated, "widened": widened}
