"""Demo training data: some members chair-qualified, some due, some lapsed; idempotent."""

import pytest
from django.utils import timezone

from training.demo import load_training
from training.models import CompetencyGrant
from training.selectors import eligibility_for, training_due
from volunteers import demo
from volunteers.models import Region, Volunteer

pytestmark = pytest.mark.django_db


def test_demo_histories_cover_qualified_due_and_lapsed_members():
    demo.load_organisation()
    demo.load_demo_users()
    demo.load_volunteers("small")
    first = load_training()
    assert first["grants"] > 300
    assert first["sessions"] == 3
    today = timezone.localdate()
    serving = list(Volunteer.objects.filter(status="serving"))
    verdicts = eligibility_for(serving, on=today).values()
    chairs = sum(1 for sit, chair in verdicts if chair)
    sitters = sum(1 for sit, chair in verdicts if sit and not chair)
    barred = sum(1 for sit, chair in verdicts if not sit)
    assert chairs > 10
    assert sitters > 10
    assert barred > 3
    states = {item.state for item in training_due(Region.objects.all(), on=today)}
    assert states == {"due", "overdue"}
    demo_member = Volunteer.objects.get(user__email="member@demo.example")
    sit, chair = eligibility_for([demo_member], on=today)[demo_member.pk]
    assert sit.ok
    assert not chair.ok
    # Running it again adds nothing.
    count = CompetencyGrant.objects.count()
    assert load_training() == {"grants": 0, "sessions": 0, "observations": 0}
    assert CompetencyGrant.objects.count() == count
