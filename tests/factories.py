"""factory_boy factories shared by every app's tests."""

import datetime
from decimal import Decimal

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import encrypt

from common.models import Job
from volunteers.models import (
    CentreRegionLink,
    HearingCentre,
    LocalAuthority,
    Region,
    Role,
    RoleAssignment,
    Rota,
    RotaCentreLink,
    User,
    Volunteer,
)

TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.django.Password("correct horse battery")

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


def with_totp(user: User) -> User:
    """Give a user an authenticator app, as every staff member must have."""
    Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": encrypt(TOTP_SECRET)}
    )
    return user


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"R-{n}")
    name = factory.Sequence(lambda n: f"Region {n}")


def local_authority(code="S12000036") -> LocalAuthority:
    return LocalAuthority.objects.get(code=code)


class CentreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HearingCentre
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Centre {n}")
    address = "1 High Street"
    postcode = "EH1 1AA"
    latitude = Decimal("55.95000")
    longitude = Decimal("-3.19000")
    local_authority = factory.LazyFunction(local_authority)

    @factory.post_generation
    def region(self, create, extracted, **kwargs):
        if create and extracted is not None:
            CentreRegionLink.objects.create(
                centre=self, region=extracted, valid_from=datetime.date(2020, 1, 1)
            )


class RotaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rota
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Rota {n}")
    region = factory.SubFactory(RegionFactory)

    @factory.post_generation
    def centres(self, create, extracted, **kwargs):
        for centre in extracted or []:
            RotaCentreLink.objects.create(
                rota=self, centre=centre, valid_from=datetime.date(2020, 1, 1)
            )


class VolunteerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Volunteer

    user = factory.SubFactory(UserFactory)
    sex = "F"
    status = "serving"
    home_local_authority = factory.LazyFunction(local_authority)
    home_region = factory.SubFactory(RegionFactory)
    home_latitude = Decimal("55.94000")
    home_longitude = Decimal("-3.20000")
    max_travel_km = 30


def grant(user: User, role: str, region: Region | None = None) -> RoleAssignment:
    return RoleAssignment.objects.create(user=user, role=role, region=region)


class JobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Job

    owner = factory.SubFactory(UserFactory)
    kind = "test"
    title = "A test job"


__all__ = ["Role"]
