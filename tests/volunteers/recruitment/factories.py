"""Factories for recruitment tests: campaigns and applications at any stage."""

import datetime

import factory
from django.utils import timezone

from tests.factories import UserFactory, local_authority
from volunteers.models import (
    COMPETENCIES,
    Application,
    ApplicationStatus,
    ApplicationTransition,
    Campaign,
    CampaignEvent,
    Referee,
    RegionLocalAuthority,
)
from volunteers.models.recruitment import SECTION_LABELS

EDINBURGH = "S12000036"
RENFREWSHIRE = "S12000038"
TODAY = timezone.localdate()


def link_council(region, code):
    """Make a council area part of a region (what recruitment uses to route applications)."""
    RegionLocalAuthority.objects.get_or_create(
        region=region,
        local_authority=local_authority(code),
        defaults={"valid_from": datetime.date(2020, 1, 1)},
    )


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Campaign {n}")
    opens_on = factory.LazyFunction(lambda: TODAY - datetime.timedelta(days=10))
    closes_on = factory.LazyFunction(lambda: TODAY + datetime.timedelta(days=30))
    target = 20

    @factory.post_generation
    def regions(self, create, extracted, **kwargs):
        if create and extracted:
            self.regions.set(extracted)


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CampaignEvent

    campaign = factory.SubFactory(CampaignFactory)
    kind = CampaignEvent.Kind.INFORMATION_SESSION
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))
    place = "Edinburgh Waterloo Place"


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A complete, eligible application (submitted unless status says otherwise)."""

    class Meta:
        model = Application
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    campaign = factory.SubFactory(CampaignFactory)
    status = ApplicationStatus.SUBMITTED
    completed_sections = factory.LazyFunction(lambda: list(SECTION_LABELS))
    is_adult = True
    lives_or_works_in_scotland = True
    has_right_to_work = True
    can_attend_training = True
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    phone = "0131 496 0000"
    postcode = "EH1 1AA"
    sex = "F"
    home_local_authority = factory.LazyFunction(lambda: local_authority(EDINBURGH))
    availability = factory.LazyFunction(lambda: ["mon_am", "wed_pm"])
    statements = factory.LazyFunction(lambda: {k: f"About {k}" for k, _ in COMPETENCIES})
    has_convictions = False
    has_conflicting_occupation = False
    has_family_involvement = False
    privacy_consented_at = factory.LazyFunction(timezone.now)
    submitted_at = factory.LazyAttribute(
        lambda o: None if o.status == ApplicationStatus.DRAFT else timezone.now()
    )

    @factory.post_generation
    def referees(self, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        for position in (1, 2):
            Referee.objects.create(
                application=self,
                position=position,
                name=f"Referee {position}",
                email=f"referee{position}.{self.pk}@example.net",
                relationship="Friend",
                years_known=5,
            )

    @factory.post_generation
    def history(self, create, extracted, **kwargs):
        if create and self.status != ApplicationStatus.DRAFT:
            ApplicationTransition.objects.create(
                application=self, from_status="draft", to_status="submitted", by=self.user
            )
