"""Factories for rostering tests."""

import datetime

import factory

from rostering.models import Assignment, AvailabilityOffer, Hearing, Session
from tests.factories import UserFactory, VolunteerFactory, grant, local_authority
from training.models import Competency, CompetencyGrant, Framework
from volunteers.models import Role


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"SCRA-{n:06d}")
    date = datetime.date(2030, 3, 4)
    half = "AM"
    start_time = datetime.time(9, 30)
    seats = 3

    @factory.post_generation
    def cases(self, create, extracted, **kwargs):
        if not create:
            return
        for i, (case, code) in enumerate(extracted or [(f"K{self.pk:06d}", "S12000036")], 1):
            Hearing.objects.create(
                session=self, position=i, case_reference=case, local_authority=local_authority(code)
            )


def make_session(centre, **kwargs) -> Session:
    """A session at a centre, in the centre's region."""
    region = centre.region_links.first().region
    return SessionFactory(centre=centre, region=region, **kwargs)


def qualify(volunteer, *, chair: bool):
    """Everything the national framework asks of a member who sits (and chairs)."""
    framework = Framework.objects.filter(status="published").order_by("-version").first()
    keys = ["module-1", "module-2", "pvg", "mandatory"] + (["module-3"] if chair else [])
    for key in keys:
        CompetencyGrant.objects.create(
            volunteer=volunteer,
            competency=Competency.objects.get(key=key),
            framework=framework,
            granted_on=volunteer.appointed_on,
            source=CompetencyGrant.Source.SIGN_OFF,
        )
    return volunteer


def make_member(region, *, sex="F", chair=False, first_name=None, email=None, slots=(), **kw):
    """A serving, trained panel member offering the given (date, half) slots."""
    user = UserFactory(
        **({"first_name": first_name} if first_name else {}), **({"email": email} if email else {})
    )
    grant(user, Role.PANEL_MEMBER)
    volunteer = VolunteerFactory(
        user=user,
        home_region=region,
        sex=sex,
        appointed_on=datetime.date(2020, 1, 1) if chair else datetime.date(2029, 6, 1),
        **kw,
    )
    qualify(volunteer, chair=chair)
    for day, half in slots:
        AvailabilityOffer.objects.create(volunteer=volunteer, date=day, half=half)
    return volunteer


def sit(session, volunteer, *, chair=False, status="published") -> Assignment:
    return Assignment.objects.create(
        session=session,
        volunteer=volunteer,
        date=session.date,
        half=session.half,
        is_chair=chair,
        status=status,
    )
