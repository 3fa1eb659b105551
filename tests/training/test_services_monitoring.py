"""Observations and practice reviews, the monitoring cycle and the reappointment facts."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.training.factories import (
    ObservationFactory,
    PracticeReviewFactory,
    grant,
    make_sitting_member,
)
from training import services
from training.models import CompetencyStandard, Observation
from training.selectors import monitoring_due
from volunteers import reappointment

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def test_an_observation_is_a_draft_until_released_with_an_outcome(
    member, ppa_east, east_centre, django_capture_on_commit_callbacks
):
    listening = CompetencyStandard.objects.get(
        framework__version=1, competency__key="communication"
    )
    observation = services.record_observation(
        volunteer=member.volunteer,
        centre=east_centre,
        session_date=TODAY - datetime.timedelta(days=2),
        half="PM",
        role="member",
        session_reference="SCRA-123",
        strengths="Listened well.",
        ratings={listening.pk: ("strong", "Checked the child understood.")},
        by=ppa_east,
    )
    assert observation.status == "draft"
    assert observation.ratings.get().rating == "strong"
    with pytest.raises(ValidationError):
        services.release_observation(observation=observation, by=ppa_east)
    services.update_observation(observation=observation, by=ppa_east, outcome="meets")
    with django_capture_on_commit_callbacks(execute=True):
        services.release_observation(observation=observation, by=ppa_east)
    assert [m.to for m in mail.outbox] == [[member.email]]
    assert "SCRA-123" not in mail.outbox[0].body
    with pytest.raises(ValidationError):
        services.update_observation(observation=observation, by=ppa_east, strengths="Changed")


def test_ratings_only_against_observable_standards_of_the_version(member, ppa_east, east_centre):
    module = CompetencyStandard.objects.get(framework__version=1, competency__key="module-1")
    with pytest.raises(ValidationError):
        services.record_observation(
            volunteer=member.volunteer,
            centre=east_centre,
            session_date=TODAY,
            half="AM",
            role="member",
            ratings={module.pk: ("meets", "")},
            by=ppa_east,
        )


def test_a_practice_review_records_actions_and_follow_up(member, ppa_east):
    review = services.record_practice_review(
        volunteer=member.volunteer,
        held_on=TODAY,
        summary="Talked about chairing.",
        actions=[("Observe an experienced chair", TODAY + datetime.timedelta(days=60)), ("", None)],
        by=ppa_east,
    )
    action = review.actions.get()
    services.follow_up_action(action=action, by=ppa_east, note="Done at Leith.", completed_on=TODAY)
    action.refresh_from_db()
    assert (action.completed_on, action.follow_up_note) == (TODAY, "Done at Leith.")


def test_the_cycle_asks_for_a_first_year_observation_then_one_per_term(member, east, ppa_east):
    volunteer = member.volunteer
    volunteer.appointed_on = TODAY - datetime.timedelta(days=100)
    volunteer.save()
    assert [i.what for i in monitoring_due([east], on=TODAY)] == ["Observation in first year"]
    ObservationFactory(volunteer=volunteer, observer=ppa_east, region=east, session_date=TODAY)
    assert monitoring_due([east], on=TODAY) == []
    volunteer.appointed_on = TODAY - datetime.timedelta(days=800)
    volunteer.save()
    what = [i.what for i in monitoring_due([east], on=TODAY)]
    assert what == ["Practice review"]
    PracticeReviewFactory(
        volunteer=volunteer,
        reviewer=ppa_east,
        region=east,
        held_on=TODAY,
        next_review_due=TODAY + datetime.timedelta(days=365),
    )
    assert monitoring_due([east], on=TODAY) == []


def test_reappointment_facts_include_training(member, ppa_east, east):

    volunteer = make_sitting_member(member.volunteer, appointed_on=datetime.date(2023, 1, 1))
    grant(volunteer, "module-3", granted_on=datetime.date(2024, 1, 1))
    ObservationFactory(
        volunteer=volunteer, observer=ppa_east, region=east, session_date=datetime.date(2024, 5, 1)
    )
    facts = reappointment.facts_for(
        [volunteer], term_start=datetime.date(2023, 1, 1), term_end=datetime.date(2025, 12, 31)
    )[volunteer.pk]
    mine = {f.label: (f.value, f.met) for f in facts}
    assert mine["Award"] == ("3 of 3 modules passed", True)
    assert mine["Observations"] == ("1 in this term", True)
    assert mine["Training up to date"] == ("Yes, on 31 December 2025", True)
    assert Observation.objects.count() == 1
