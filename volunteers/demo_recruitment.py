"""Demo recruitment: an open campaign with applications in every state, built through the
same services the pages use (so each has its history, references, PVG and volunteer record).

Idempotent: keyed by the campaign's name and the demo applicants' emails.
"""

import datetime

from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from .demo import _verified_user
from .models import (
    COMPETENCIES,
    Application,
    ApplicationStatus,
    Campaign,
    CampaignEvent,
    EqualityResponse,
    LocalAuthority,
    Referee,
    Region,
    RegionLocalAuthority,
    User,
    allowed_transitions,
)
from .services import recruitment as services

CAMPAIGN = "Spring 2027 recruitment"
FIRST = ["Ailsa", "Brodie", "Catriona", "Dougie", "Eilidh", "Fergus", "Greer", "Hamish",
         "Innes", "Jamie", "Kirsty", "Lachlan", "Mairi"]  # fmt: skip


def load_recruitment() -> int:
    """Create the demo campaign and one application per status; returns how many were added."""
    regions = list(Region.objects.filter(code__in=["R-EAST", "R-WEST"]))
    admin = User.objects.filter(email="national@demo.example").first()
    if not regions or admin is None:
        return 0
    today = timezone.localdate()
    campaign, created = Campaign.objects.get_or_create(
        name=CAMPAIGN,
        defaults={
            "description": "We are looking for people from every walk of life.",
            "opens_on": today - datetime.timedelta(days=20),
            "closes_on": today + datetime.timedelta(days=40),
            "target": 60,
            "created_by": admin,
            "interest_notified_at": timezone.now(),
        },
    )
    if created:
        campaign.regions.set(regions)
        for days, kind, place in (
            (10, CampaignEvent.Kind.INFORMATION_SESSION, "Edinburgh Waterloo Place"),
            (12, CampaignEvent.Kind.INFORMATION_SESSION, "Paisley"),
            (30, CampaignEvent.Kind.INFORMATION_SESSION, "Online"),
            (50, CampaignEvent.Kind.INTERVIEW, "Edinburgh Waterloo Place"),
        ):
            CampaignEvent.objects.create(
                campaign=campaign,
                kind=kind,
                starts_at=timezone.now() + datetime.timedelta(days=days),
                place=place,
            )
    region = next(r for r in regions if r.code == "R-EAST")
    council = (
        RegionLocalAuthority.objects.current().filter(region=region).first().local_authority
        if RegionLocalAuthority.objects.current().filter(region=region).exists()
        else LocalAuthority.objects.first()
    )
    added = 0
    # Emails to made-up demo people go nowhere, not even to the console.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        for index, status in enumerate(ApplicationStatus.values):
            email = f"applicant.{status.replace('_', '-')}@recruitment.demo.example"
            if Application.objects.filter(user__email=email, campaign=campaign).exists():
                continue
            with transaction.atomic():
                _application(campaign, region, council, status, email, FIRST[index], admin)
            added += 1
    return added


def _application(campaign, region, council, status, email, first, admin):
    user = _verified_user(email, first, "Demo")
    application = Application.objects.create(
        user=user,
        campaign=campaign,
        region=region,
        first_name=first,
        last_name="Demo",
        phone="0131 496 0000",
        postcode="EH1 1AA",
        sex="F" if len(first) % 2 else "M",
        home_local_authority=council,
        is_adult=True,
        lives_or_works_in_scotland=True,
        has_right_to_work=True,
        can_attend_training=True,
        availability=["mon_am", "wed_pm", "fri_am"],
        statements={key: f"An example of {label.lower()}." for key, label in COMPETENCIES},
        has_convictions=False,
        has_conflicting_occupation=False,
        has_family_involvement=False,
        privacy_consented_at=timezone.now(),
        completed_sections=[
            "eligibility",
            "personal",
            "areas",
            "availability",
            "statements",
            "declarations",
            "referees",
            "consent",
        ],  # fmt: skip
    )
    for position in (1, 2):
        Referee.objects.create(
            application=application,
            position=position,
            name=f"Referee {position} for {first}",
            email=f"referee{position}.{first.lower()}@recruitment.demo.example",
            relationship="Friend",
            years_known=4 + position,
        )
    if status == ApplicationStatus.DRAFT:
        return application
    application.completed_sections = [*application.completed_sections, "equality"]
    application.save()
    EqualityResponse.objects.create(campaign=campaign, region=region, age_band="30-44")
    application = services.submit_application(application=application, by=user)
    if status == ApplicationStatus.WITHDRAWN:
        return services.withdraw_application(application=application, by=user, reason="Moved")
    if status == ApplicationStatus.REJECTED:
        return services.transition_application(
            application=application, to_status=status, by=admin, reason="Not shortlisted"
        )
    while application.status != status:
        following = allowed_transitions(application.status)[0]
        if following == ApplicationStatus.INTERVIEW:
            services.record_scores(
                application=application,
                by=admin,
                stage="interview",
                scores={key: 3 for key, _ in COMPETENCIES},
                recommendation="appoint",
                comments="Clear, fair and thoughtful.",
            )
        if following == ApplicationStatus.PVG:
            application.referees.update(
                received_at=timezone.now(), suitability="Fair and kind.", recommends=True
            )
        if following == ApplicationStatus.OFFER:
            services.update_pvg(
                application=application,
                by=admin,
                status="cleared",
                membership_number="1234567890123456",
                applied_on=timezone.localdate() - datetime.timedelta(days=20),
                result_on=timezone.localdate() - datetime.timedelta(days=2),
            )
        application = services.transition_application(
            application=application, to_status=following, by=admin
        )
    return application
