"""Recruitment fixtures: an open campaign in East and West, councils routed to each."""

import pytest

from tests.factories import local_authority
from tests.volunteers.recruitment.factories import (
    EDINBURGH,
    RENFREWSHIRE,
    ApplicationFactory,
    CampaignFactory,
    link_council,
)
from volunteers.models import ApplicationStatus


@pytest.fixture
def campaign(east, west):
    link_council(east, EDINBURGH)
    link_council(west, RENFREWSHIRE)
    return CampaignFactory(name="Spring 2027", regions=[east, west])


@pytest.fixture
def east_application(campaign, east):
    return ApplicationFactory(campaign=campaign, region=east)


@pytest.fixture
def west_application(campaign, west):
    return ApplicationFactory(
        campaign=campaign, region=west, home_local_authority=local_authority(RENFREWSHIRE)
    )


@pytest.fixture
def draft(campaign, applicant):
    """The applicant's own draft, nothing filled in yet."""
    return ApplicationFactory(
        campaign=campaign,
        user=applicant,
        status=ApplicationStatus.DRAFT,
        completed_sections=[],
        referees=False,
        is_adult=None,
        lives_or_works_in_scotland=None,
        has_right_to_work=None,
        can_attend_training=None,
        home_local_authority=None,
        privacy_consented_at=None,
    )


@pytest.fixture(autouse=True)
def run_on_commit_at_once(monkeypatch):
    """Tests run inside a transaction that never commits: run after-commit work at once."""
    monkeypatch.setattr(
        "django.db.transaction.on_commit", lambda func, using=None, robust=False: func()
    )
