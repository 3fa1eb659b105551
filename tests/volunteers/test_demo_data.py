"""load_demo_data gives the organisation the issue describes, and is idempotent."""

import pytest
from allauth.mfa.models import Authenticator
from django.core.management import call_command

from volunteers.models import HearingCentre, Region, RegionLocalAuthority, Rota, User, Volunteer

pytestmark = pytest.mark.django_db


def _counts():
    return {
        model.__name__: model.objects.count()
        for model in (Region, Rota, HearingCentre, RegionLocalAuthority, User, Volunteer)
    }


def test_demo_data_is_the_organisation_and_loads_idempotently(capsys):
    call_command("load_demo_data", "--size", "small")
    first = _counts()
    assert first["Region"] == 9
    assert 30 <= first["Rota"] <= 36
    assert 50 <= first["HearingCentre"] <= 60
    assert first["Volunteer"] >= 150
    # Regions cut across councils: Fife is served by two regions.
    fife_regions = RegionLocalAuthority.objects.filter(local_authority__code="S12000047")
    assert fife_regions.count() == 2
    # Every staff demo sign-in has its authenticator.
    staff = ["ppa", "trainer", "rota", "national", "editor"]
    for name in staff:
        assert Authenticator.objects.filter(user__email=f"{name}@demo.example").exists()
    printed = capsys.readouterr().out
    assert "rota@demo.example" in printed
    call_command("load_demo_data", "--size", "small")
    assert _counts() == first
