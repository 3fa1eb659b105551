"""Recruitment: campaigns, interest, applications, selection, references, PVG, appointment.

Every change to an application goes through `transition_application` (or the applicant's own
`submit_application` / `withdraw_application`), which locks the row, checks the status and
version the caller saw, records the move, and tells the applicant after commit.
"""

import datetime
import logging
import secrets
from decimal import Decimal

from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from ..models import (
    COMPETENCIES,
    OPEN_STATUSES,
    Application,
    ApplicationStatus,
    ApplicationTransition,
    Campaign,
    CampaignEvent,
    DataDeletionRequest,
    EqualityResponse,
    ExpressionOfInterest,
    HearingCentre,
    LocalAuthority,
    PvgRecord,
    PvgStatus,
    Referee,
    Region,
    RegionLocalAuthority,
    Role,
    RoleAssignment,
    SelectionRecommendation,
    SelectionScore,
    Term,
    User,
    Volunteer,
    VolunteerStatus,
    allowed_transitions,
)
from ..models.lifecycle import StatusChange
from ..models.recruitment import SECTION_LABELS, hash_token
from .roles import sync_role_groups

logger = logging.getLogger(__name__)

TERM_YEARS = 3
STALE_MESSAGE = (
    "This application changed after you opened the page, so nothing was saved. "
    "Check its current status below and try again."
)


# --- Email ------------------------------------------------------------------------------


def send_templated_email(*, template: str, to: list[str], context: dict) -> None:
    """Send `<template>.txt` (and `.html`) once the current transaction commits."""
    context = {"site_url": settings.SITE_URL, "site_name": settings.SITE_NAME, **context}
    subject = render_to_string(f"volunteers/email/{template}_subject.txt", context).strip()
    body = render_to_string(f"volunteers/email/{template}.txt", context)
    html = render_to_string(f"volunteers/email/{template}.html", context)

    def send():
        message = EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, to)
        message.attach_alternative(html, "text/html")
        message.send()

    transaction.on_commit(send)


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


# --- Campaigns and interest -------------------------------------------------------------


def create_campaign(
    *,
    name: str,
    regions,
    opens_on: datetime.date,
    closes_on: datetime.date,
    target: int,
    description: str = "",
    by: User,
) -> Campaign:
    """Open a recruitment campaign in some regions (none: national)."""
    from ..permissions import is_national_admin, scoped_regions

    regions = list(regions)
    if closes_on < opens_on:
        raise ValidationError({"closes_on": "The closing date must be on or after the opening."})
    if not regions and not is_national_admin(by):
        raise ValidationError({"regions": "Only national administrators run national campaigns."})
    allowed = set(scoped_regions(by, Role.REGIONAL_ADMIN).values_list("pk", flat=True))
    if any(region.pk not in allowed for region in regions):
        raise PermissionDenied("You may only run campaigns in your own regions.")
    with transaction.atomic():
        campaign = Campaign.objects.create(
            name=name,
            description=description,
            opens_on=opens_on,
            closes_on=closes_on,
            target=target,
            created_by=by,
        )
        campaign.regions.set(regions)
        if opens_on <= timezone.localdate():
            from ..tasks import notify_interest_in_open_campaigns

            transaction.on_commit(lambda: notify_interest_in_open_campaigns.delay())
    return campaign


def add_campaign_event(
    *, campaign: Campaign, kind: str, starts_at: datetime.datetime, place: str, by: User
) -> CampaignEvent:
    """Add an information session or interview day to a campaign."""
    if kind not in CampaignEvent.Kind.values:
        raise ValidationError("Unknown kind of event.")
    with transaction.atomic():
        return CampaignEvent.objects.create(
            campaign=campaign, kind=kind, starts_at=starts_at, place=place
        )


def express_interest(*, user: User, local_authority: LocalAuthority) -> ExpressionOfInterest:
    """Record (or update) that someone wants to hear when a campaign opens in their area."""
    with transaction.atomic():
        interest, _ = ExpressionOfInterest.objects.select_for_update().update_or_create(
            user=user, withdrawn_at__isnull=True, defaults={"local_authority": local_authority}
        )
    return interest


def regions_of_council(local_authority: LocalAuthority) -> list[Region]:
    """Regions currently serving a council area."""
    links = RegionLocalAuthority.objects.current().filter(local_authority=local_authority)
    return [link.region for link in links.select_related("region")]


def notify_interest(*, campaign: Campaign) -> int:
    """Email everyone whose area the campaign covers, once; returns how many were told."""
    with transaction.atomic():
        locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if locked.interest_notified_at is not None:
            return 0
        interests = ExpressionOfInterest.objects.filter(withdrawn_at__isnull=True).select_related(
            "user"
        )
        region_ids = list(locked.regions.values_list("pk", flat=True))
        if region_ids:
            councils = RegionLocalAuthority.objects.current().filter(region_id__in=region_ids)
            interests = interests.filter(
                local_authority_id__in=councils.values("local_authority_id")
            )
        sent = 0
        for interest in interests:
            send_templated_email(
                template="campaign_open",
                to=[interest.user.email],
                context={
                    "campaign": locked,
                    "apply_url": _absolute(reverse("apply:campaigns")),
                },
            )
            sent += 1
        locked.interest_notified_at = timezone.now()
        locked.save(update_fields=["interest_notified_at"])
    logger.info("Campaign %s opened: told %d people who expressed interest", locked.pk, sent)
    return sent


# --- The applicant's side ---------------------------------------------------------------


def start_application(*, user: User, campaign: Campaign) -> Application:
    """Begin (or return the existing) draft application to an open campaign."""
    existing = Application.objects.filter(user=user, campaign=campaign).first()
    if existing:
        return existing
    if not campaign.is_open:
        raise ValidationError("This campaign is not open for applications.")
    with transaction.atomic():
        return Application.objects.create(
            user=user, campaign=campaign, first_name=user.first_name, last_name=user.last_name
        )


def _lock_own_draft(application: Application, by: User) -> Application:
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if locked.user_id != by.pk:
        raise PermissionDenied
    if locked.status != ApplicationStatus.DRAFT:
        raise ValidationError(
            "Your application has already been submitted, so it can no longer be changed."
        )
    return locked


SECTION_FIELDS = {
    "eligibility": [
        "is_adult",
        "lives_or_works_in_scotland",
        "has_right_to_work",
        "can_attend_training",
    ],
    "personal": ["first_name", "last_name", "phone", "postcode", "sex"],
    "areas": ["home_local_authority", "work_local_authority"],
    "availability": ["availability"],
    "statements": ["statements"],
    "declarations": [
        "has_convictions",
        "convictions_details",
        "has_conflicting_occupation",
        "occupation_details",
        "has_family_involvement",
        "family_involvement_details",
    ],
}


def _handling_region(campaign: Campaign, home, work) -> Region | None:
    """The region that handles the application: home council first, then work council."""
    campaign_regions = set(campaign.regions.values_list("pk", flat=True))
    for council in (home, work):
        if council is None:
            continue
        for region in regions_of_council(council):
            if not campaign_regions or region.pk in campaign_regions:
                return region
    return None


def save_application_section(
    *, application: Application, section: str, data: dict, by: User
) -> Application:
    """Save one section of a draft application and mark it complete."""
    if section not in SECTION_FIELDS:
        raise ValidationError("Unknown section.")
    with transaction.atomic():
        locked = _lock_own_draft(application, by)
        for field in SECTION_FIELDS[section]:
            setattr(locked, field, data.get(field))
        if section == "areas":
            region = _handling_region(
                locked.campaign, data.get("home_local_authority"), data.get("work_local_authority")
            )
            if region is None:
                names = ", ".join(r.name for r in locked.campaign.regions.all())
                raise ValidationError(
                    {
                        "home_local_authority": (
                            f"This campaign is recruiting in {names} only, and neither council "
                            "area you gave is served there. You can still register your "
                            "interest and we will email you when we recruit in your area."
                        )
                    }
                )
            locked.region = region
        if section == "statements":
            locked.statements = {
                key: data.get(key, "").strip() for key, _label in COMPETENCIES if data.get(key)
            }
        _mark_complete(locked, section)
        locked.version += 1
        locked.save()
    return locked


def _mark_complete(application: Application, section: str) -> None:
    if section not in application.completed_sections:
        application.completed_sections = [*application.completed_sections, section]


def save_referees(*, application: Application, referees: list[dict], by: User) -> Application:
    """Save the two referees (not partners or relatives) of a draft application."""
    if len(referees) != 2:
        raise ValidationError("Give two referees.")
    emails = {r["email"].lower() for r in referees}
    if len(emails) != 2:
        raise ValidationError("Your two referees must be different people.")
    if by.email.lower() in emails:
        raise ValidationError("A referee cannot be yourself.")
    with transaction.atomic():
        locked = _lock_own_draft(application, by)
        for position, data in enumerate(referees, start=1):
            Referee.objects.update_or_create(
                application=locked,
                position=position,
                defaults={
                    "name": data["name"],
                    "email": data["email"],
                    "relationship": data["relationship"],
                    "years_known": data["years_known"],
                },
            )
        _mark_complete(locked, "referees")
        locked.version += 1
        locked.save()
    return locked


def save_equality_answers(*, application: Application, answers: dict | None, by: User):
    """Store equality answers apart, linked to no one; `None` skips the section."""
    with transaction.atomic():
        locked = _lock_own_draft(application, by)
        if "equality" in locked.completed_sections:
            # Answers cannot be linked back, so they cannot be changed: never count twice.
            return locked
        if answers:
            EqualityResponse.objects.create(
                campaign=locked.campaign,
                region=locked.region,
                **{k: answers.get(k, "") for k in EQUALITY_FIELDS},
            )
        _mark_complete(locked, "equality")
        locked.version += 1
        locked.save()
    return locked


EQUALITY_FIELDS = ("age_band", "ethnic_group", "disability", "sexual_orientation")


def give_privacy_consent(*, application: Application, by: User) -> Application:
    """Record that the applicant has read and agreed to the privacy notice."""
    with transaction.atomic():
        locked = _lock_own_draft(application, by)
        locked.privacy_consented_at = timezone.now()
        _mark_complete(locked, "consent")
        locked.version += 1
        locked.save()
    return locked


def missing_sections(application: Application) -> list[str]:
    """Sections still to complete before the application can be submitted."""
    return [
        label for key, label in SECTION_LABELS.items() if key not in application.completed_sections
    ]


def submit_application(*, application: Application, by: User) -> Application:
    """Submit a complete, eligible draft; a second click is refused with a clear message."""
    with transaction.atomic():
        locked = _lock_own_draft(application, by)
        missing = missing_sections(locked)
        if missing:
            raise ValidationError("Complete these sections first: " + ", ".join(missing) + ".")
        if not locked.is_eligible:
            raise ValidationError(
                "Your answers to 'Check you can apply' show you cannot be appointed yet, so "
                "the application cannot be submitted. See that section for what you can do."
            )
        if not locked.campaign.is_open:
            raise ValidationError("This campaign has closed, so applications are not accepted.")
        now = timezone.now()
        _record(locked, ApplicationStatus.SUBMITTED, by=by, reason="Submitted by the applicant")
        locked.submitted_at = now
        locked.save()
    _tell_applicant(locked)
    return locked


def withdraw_application(*, application: Application, by: User, reason: str = "") -> Application:
    """The applicant withdraws their own application (from any open stage)."""
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        if locked.user_id != by.pk:
            raise PermissionDenied
        if ApplicationStatus.WITHDRAWN not in allowed_transitions(locked.status):
            raise ValidationError("This application is closed and can no longer be withdrawn.")
        _record(locked, ApplicationStatus.WITHDRAWN, by=by, reason=reason or "By the applicant")
        locked.save()
    _tell_applicant(locked)
    return locked


def accept_offer(*, application: Application, by: User) -> Application:
    """The applicant accepts an offered place: they become a trainee panel member."""
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        if locked.user_id != by.pk:
            raise PermissionDenied
        if locked.status != ApplicationStatus.OFFER:
            raise ValidationError("There is no open offer to accept on this application.")
        _record(locked, ApplicationStatus.ACCEPTED, by=by, reason="Accepted by the applicant")
        locked.save()
        _create_volunteer(locked, by=by)
    _tell_applicant(locked)
    return locked


def _record(application: Application, to_status: str, *, by: User | None, reason: str) -> None:
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


def _tell_applicant(application: Application) -> None:
    if application.user is None:
        return
    send_templated_email(
        template="application_status",
        to=[application.user.email],
        context={
            "application": application,
            "status": application.status,
            "url": _absolute(reverse("apply:application", args=[application.pk])),
        },
    )


# --- Selection --------------------------------------------------------------------------


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
    from ..permissions import get_application_for_user

    get_application_for_user(by, application.pk)  # 404 outside the selector's regions
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
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
        _record(locked, to_status, by=by, reason=reason)
        locked.save()
        if to_status == ApplicationStatus.REFERENCES:
            _request_references(locked)
        if to_status == ApplicationStatus.ACCEPTED:
            _create_volunteer(locked, by=by)
        if to_status == ApplicationStatus.APPOINTED:
            _appoint(locked, by=by)
    if notify:
        _tell_applicant(locked)
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


def _approximate_home(application: Application) -> tuple[Decimal, Decimal]:
    # We hold no street address: place them at a centre in their council (or region) until
    # they give a postcode sector on their profile.
    centre = (
        HearingCentre.objects.filter(local_authority=application.home_local_authority).first()
        or HearingCentre.objects.filter(
            region_links__region=application.region, region_links__valid_to__isnull=True
        ).first()
    )
    if centre is None:
        return Decimal("56.49000"), Decimal("-4.20000")  # the middle of Scotland
    return centre.latitude, centre.longitude


def _create_volunteer(application: Application, *, by: User) -> Volunteer:
    """Accepting an offer makes the applicant a trainee panel member."""
    user = application.user
    if user is None:
        raise ValidationError("This application has no account to appoint.")
    existing = Volunteer.objects.filter(user=user).first()
    if existing:
        return existing
    latitude, longitude = _approximate_home(application)
    volunteer = Volunteer.objects.create(
        user=user,
        application=application,
        status=VolunteerStatus.TRAINEE,
        sex=application.sex,
        home_local_authority=application.home_local_authority,
        work_local_authority=application.work_local_authority,
        home_region=application.region,
        home_postcode=application.postcode.split(" ")[0][:10],
        home_latitude=latitude,
        home_longitude=longitude,
    )
    RoleAssignment.objects.get_or_create(
        user=user,
        role=Role.PANEL_MEMBER,
        region=None,
        revoked_at=None,
        defaults={"granted_by": by},
    )
    sync_role_groups(user=user)
    if not user.first_name and application.first_name:
        user.first_name, user.last_name = application.first_name, application.last_name
        user.save(update_fields=["first_name", "last_name"])
    return volunteer


def term_end(starts_on: datetime.date, years: int = TERM_YEARS) -> datetime.date:
    """The last day of a term of `years` years starting on `starts_on`."""
    try:
        anniversary = starts_on.replace(year=starts_on.year + years)
    except ValueError:  # 29 February
        anniversary = starts_on.replace(year=starts_on.year + years, day=28)
    return anniversary - datetime.timedelta(days=1)


def _appoint(application: Application, *, by: User) -> Volunteer:
    """Appointment: serving from today for a three-year term."""
    volunteer = _create_volunteer(application, by=by)
    today = timezone.localdate()
    ends = term_end(today)
    StatusChange.objects.create(
        volunteer=volunteer,
        from_status=volunteer.status,
        to_status=VolunteerStatus.SERVING,
        on=today,
        reason="Appointed",
        by=by,
    )
    volunteer.status = VolunteerStatus.SERVING
    volunteer.appointed_on = today
    volunteer.term_ends_on = ends
    volunteer.save(update_fields=["status", "appointed_on", "term_ends_on"])
    Term.objects.create(volunteer=volunteer, starts_on=today, ends_on=ends)
    return volunteer


def set_selection_event(*, application: Application, event: CampaignEvent, by: User) -> Application:
    """Invite the applicant to an information session or interview day."""
    from ..permissions import get_application_for_user

    get_application_for_user(by, application.pk)
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
    send_templated_email(
        template="selection_event",
        to=[locked.user.email] if locked.user else [],
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
    from ..permissions import get_application_for_user

    get_application_for_user(by, application.pk)
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


# --- References -------------------------------------------------------------------------

REFERENCE_VALID_DAYS = 28
REFERENCE_REMINDER_DAYS = 7


def _issue_token(referee: Referee) -> str:
    token = secrets.token_urlsafe(32)  # 256 bits
    referee.token_hash = hash_token(token)
    referee.token_expires_at = timezone.now() + datetime.timedelta(days=REFERENCE_VALID_DAYS)
    return token


def _request_references(application: Application) -> None:
    for referee in application.referees.filter(received_at__isnull=True):
        token = _issue_token(referee)
        referee.requested_at = timezone.now()
        referee.save()
        _email_referee(referee, application, token, template="reference_request")


def _email_referee(referee, application, token, *, template) -> None:
    send_templated_email(
        template=template,
        to=[referee.email],
        context={
            "referee": referee,
            "applicant_name": application.full_name,
            "url": _absolute(reverse("referee:reference", args=[token])),
            "expires": referee.token_expires_at,
        },
    )


def request_references(*, application: Application, by: User) -> int:
    """(Re)send reference requests to referees who have not yet replied."""
    from ..permissions import get_application_for_user

    get_application_for_user(by, application.pk)
    if application.status not in OPEN_STATUSES:
        raise ValidationError("This application is closed.")
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        count = locked.referees.filter(received_at__isnull=True).count()
        _request_references(locked)
    return count


def referee_for_token(token: str) -> Referee | None:
    """The referee a token belongs to, or None for a forged, reused or expired token."""
    if not token or len(token) > 100:
        return None
    referee = (
        Referee.objects.select_related("application").filter(token_hash=hash_token(token)).first()
    )
    if referee is None or referee.token_expires_at is None:
        return None
    if referee.token_expires_at < timezone.now():
        return None
    return referee


def submit_reference(*, token: str, suitability: str, concerns: str, recommends: bool) -> Referee:
    """Record a reference given through a tokenised link; the link then stops working."""
    with transaction.atomic():
        found = referee_for_token(token)
        if found is None:
            raise ValidationError("This reference link is not valid or has expired.")
        referee = Referee.objects.select_for_update().get(pk=found.pk)
        if referee.received_at is not None or referee.token_hash != hash_token(token):
            raise ValidationError("Thank you: this reference has already been received.")
        referee.suitability = suitability
        referee.concerns = concerns
        referee.recommends = recommends
        referee.received_at = timezone.now()
        referee.token_hash = ""  # single use
        referee.save()
    return referee


def remind_overdue_referees(*, now: datetime.datetime | None = None) -> int:
    """Send a fresh link to referees who have not replied within a week of the last email."""
    now = now or timezone.now()
    due = now - datetime.timedelta(days=REFERENCE_REMINDER_DAYS)
    overdue = Referee.objects.filter(
        received_at__isnull=True,
        requested_at__lt=due,
        application__status__in=sorted(OPEN_STATUSES),
    ).filter(Q(reminded_at__isnull=True) | Q(reminded_at__lt=due))
    count = 0
    for referee in overdue.select_related("application"):
        with transaction.atomic():
            token = _issue_token(referee)
            referee.reminded_at = now
            referee.save()
            _email_referee(referee, referee.application, token, template="reference_reminder")
        count += 1
    logger.info("Reminded %d overdue referees", count)
    return count


# --- PVG --------------------------------------------------------------------------------


def update_pvg(
    *,
    application: Application,
    by: User,
    status: str,
    membership_number: str = "",
    applied_on: datetime.date | None = None,
    result_on: datetime.date | None = None,
) -> PvgRecord:
    """Record the PVG status, scheme membership number and dates (never a disclosure)."""
    from ..permissions import get_application_for_user

    get_application_for_user(by, application.pk)
    if status not in PvgStatus.values:
        raise ValidationError({"status": "Choose a PVG status."})
    number = membership_number.replace(" ", "")
    if number and (not number.isdigit() or len(number) != 16):
        raise ValidationError({"membership_number": "A PVG scheme number is 16 digits."})
    if status == PvgStatus.CLEARED and result_on is None:
        raise ValidationError({"result_on": "Give the date the check cleared."})
    with transaction.atomic():
        record, _ = PvgRecord.objects.update_or_create(
            application=application,
            defaults={
                "status": status,
                "membership_number": number,
                "applied_on": applied_on,
                "result_on": result_on,
                "updated_by": by,
            },
        )
    return record


# --- Data protection --------------------------------------------------------------------

ANONYMISED_FIELDS = {
    "first_name": "",
    "last_name": "",
    "phone": "",
    "postcode": "",
    "sex": "",
    "statements": {},
    "availability": [],
    "convictions_details": "",
    "occupation_details": "",
    "family_involvement_details": "",
}


def anonymise_application(*, application: Application) -> bool:
    """Strip an application of everything that identifies its applicant; idempotent."""
    with transaction.atomic(), disable_auditlog():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        if locked.anonymised_at is not None:
            return False
        for field, value in ANONYMISED_FIELDS.items():
            setattr(locked, field, value)
        locked.user = None
        locked.anonymised_at = timezone.now()
        locked.save()
        locked.transitions.update(reason="")
        locked.recommendations.update(comments="")
        referee_ids = list(locked.referees.values_list("pk", flat=True))
        locked.referees.all().delete()
        PvgRecord.objects.filter(application=locked).delete()
        # The audit trail of the old values would undo the anonymisation: drop it too.
        LogEntry.objects.get_for_object(locked).delete()
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Referee),
            object_id__in=referee_ids,
        ).delete()
        # One entry says what happened and when, without any of the old values.
        LogEntry.objects.log_create(
            locked,
            force_log=True,
            action=LogEntry.Action.UPDATE,
            changes={"anonymised": ["", "under the retention policy"]},
        )
    return True


def anonymise_expired_applications(*, now: datetime.datetime | None = None) -> int:
    """Anonymise unsuccessful, withdrawn and abandoned applications past the retention period."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.RECRUITMENT_RETENTION_DAYS)
    closed = Q(
        status__in=[ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN], closed_at__lt=cutoff
    )
    # A draft never submitted is dropped the same time after its campaign closed.
    abandoned = Q(status=ApplicationStatus.DRAFT, campaign__closes_on__lt=cutoff.date())
    due = Application.objects.filter(closed | abandoned, anonymised_at__isnull=True).values_list(
        "pk", flat=True
    )
    count = sum(anonymise_application(application=Application(pk=pk)) for pk in list(due))
    logger.info("Retention: anonymised %d applications closed before %s", count, cutoff.date())
    return count


def request_data_deletion(*, user: User, reason: str = "") -> DataDeletionRequest:
    """Record a person's request to delete their data; national administrators act on it."""
    with transaction.atomic():
        pending = DataDeletionRequest.objects.filter(user=user, handled_at__isnull=True).first()
        if pending:
            return pending
        return DataDeletionRequest.objects.create(user=user, email=user.email, reason=reason)


def close_deletion_request(
    *, deletion_request: DataDeletionRequest, by: User
) -> DataDeletionRequest:
    """Mark a deletion request dealt with (the audit log records who closed it)."""
    from ..permissions import is_national_admin

    if not is_national_admin(by):
        raise PermissionDenied
    with transaction.atomic():
        locked = DataDeletionRequest.objects.select_for_update().get(pk=deletion_request.pk)
        if locked.handled_at is not None:
            raise ValidationError("This request has already been dealt with.")
        locked.handled_at = timezone.now()
        locked.save(update_fields=["handled_at"])
    return locked
