"""The applicant's side: drafting an application section by section, submitting,
withdrawing, and accepting an offer."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ...models import (
    COMPETENCIES,
    Application,
    ApplicationStatus,
    Campaign,
    EqualityResponse,
    Referee,
    Region,
    User,
    allowed_transitions,
)
from ...selectors.recruitment import missing_sections, regions_of_council
from .appointment import create_volunteer
from .emails import tell_applicant
from .transitions import record_transition

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
EQUALITY_FIELDS = ("age_band", "ethnic_group", "disability", "sexual_orientation")


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


def _set_region(application: Application, data: dict) -> None:
    region = _handling_region(
        application.campaign, data.get("home_local_authority"), data.get("work_local_authority")
    )
    if region is None:
        names = ", ".join(r.name for r in application.campaign.regions.all())
        raise ValidationError(
            {
                "home_local_authority": (
                    f"This campaign is recruiting in {names} only, and neither council "
                    "area you gave is served there. You can still register your "
                    "interest and we will email you when we recruit in your area."
                )
            }
        )
    application.region = region


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
            _set_region(locked, data)
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


def give_privacy_consent(*, application: Application, by: User) -> Application:
    """Record that the applicant has read and agreed to the privacy notice."""
    with transaction.atomic():
        locked = _lock_own_draft(application, by)
        locked.privacy_consented_at = timezone.now()
        _mark_complete(locked, "consent")
        locked.version += 1
        locked.save()
    return locked


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
        record_transition(
            locked, ApplicationStatus.SUBMITTED, by=by, reason="Submitted by the applicant"
        )
        locked.submitted_at = timezone.now()
        locked.save()
    tell_applicant(locked)
    return locked


def withdraw_application(*, application: Application, by: User, reason: str = "") -> Application:
    """The applicant withdraws their own application (from any open stage)."""
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        if locked.user_id != by.pk:
            raise PermissionDenied
        if ApplicationStatus.WITHDRAWN not in allowed_transitions(locked.status):
            raise ValidationError("This application is closed and can no longer be withdrawn.")
        record_transition(
            locked, ApplicationStatus.WITHDRAWN, by=by, reason=reason or "By the applicant"
        )
        locked.save()
    tell_applicant(locked)
    return locked


def accept_offer(*, application: Application, by: User) -> Application:
    """The applicant accepts an offered place: they become a trainee panel member."""
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        if locked.user_id != by.pk:
            raise PermissionDenied
        if locked.status != ApplicationStatus.OFFER:
            raise ValidationError("There is no open offer to accept on this application.")
        record_transition(
            locked, ApplicationStatus.ACCEPTED, by=by, reason="Accepted by the applicant"
        )
        locked.save()
        create_volunteer(locked, by=by)
    tell_applicant(locked)
    return locked
