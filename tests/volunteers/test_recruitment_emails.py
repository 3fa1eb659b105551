"""Emails about an application leave only once the change has committed."""

import pytest
from django.core import mail

from tests.volunteers.recruitment.factories import (
    EDINBURGH,
    ApplicationFactory,
    CampaignFactory,
    link_council,
)
from volunteers.services.recruitment import transition_application

pytestmark = pytest.mark.django_db


def test_the_applicant_is_emailed_only_after_the_move_commits(
    east, ppa_east, django_capture_on_commit_callbacks
):
    link_council(east, EDINBURGH)
    application = ApplicationFactory(campaign=CampaignFactory(regions=[east]), region=east)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        transition_application(application=application, to_status="shortlisted", by=ppa_east)
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    assert [m.to for m in mail.outbox] == [[application.user.email]]
    assert mail.outbox[0].alternatives[0][1] == "text/html"
    assert "Children&#x27;s" not in mail.outbox[0].subject
