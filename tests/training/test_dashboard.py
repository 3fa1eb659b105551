"""The dashboard's due list is computed in the database and agrees with the rules in Python."""

import datetime

import pytest
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from tests.factories import VolunteerFactory
from tests.training.factories import grant, make_sitting_member
from training.demo import load_training
from training.models import (
    AwardExtension,
    Competency,
    CompetencyGrant,
    Framework,
    Purpose,
    Requirement,
)
from training.selectors import DueItem, training_due
from training.selectors.dashboard import AddMonths
from training.selectors.eligibility import add_months, competency_label
from volunteers import demo
from volunteers.models import Region, Volunteer, VolunteerStatus

pytestmark = pytest.mark.django_db


def reference_due(regions, *, on, within=60):
    """The dashboard's rules as they were first written, item by item in Python."""
    framework = (
        Framework.objects.filter(status=Framework.Status.PUBLISHED).order_by("-version").first()
    )
    requirements = list(framework.requirements.select_related("competency")) if framework else []
    volunteers = list(
        Volunteer.objects.filter(
            home_region__in=regions, status__in=[VolunteerStatus.SERVING, VolunteerStatus.ON_LEAVE]
        ).select_related("user", "home_region")
    )
    ids = [v.pk for v in volunteers]
    required = {}
    for r in requirements:
        if r.competency_id:
            required.setdefault(r.competency_id, (r.competency, r.purpose))
    pvg = Competency.objects.filter(key="pvg").first()
    if pvg and any(r.kind == Requirement.Kind.PVG for r in requirements):
        required.setdefault(pvg.pk, (pvg, Purpose.SIT))
    latest = {}
    for g in CompetencyGrant.objects.filter(
        volunteer_id__in=ids, competency_id__in=list(required), granted_on__lte=on
    ).order_by("granted_on", "pk"):
        latest[(g.volunteer_id, g.competency_id)] = g
    approved = {}
    for volunteer_id, extend_to in AwardExtension.objects.filter(
        volunteer_id__in=ids, status=AwardExtension.Status.APPROVED
    ).values_list("volunteer_id", "extend_to"):
        approved[volunteer_id] = max(extend_to, approved.get(volunteer_id, extend_to))
    module_ids = {c.pk for c in Competency.objects.filter(award_module__isnull=False)}
    held = {}
    for volunteer_id, competency_id in CompetencyGrant.objects.filter(
        volunteer_id__in=ids, competency_id__in=module_ids, granted_on__lte=on
    ).values_list("volunteer_id", "competency_id"):
        held.setdefault(volunteer_id, set()).add(competency_id)
    soon = on + datetime.timedelta(days=within)
    months = framework.award_deadline_months if framework else 24
    items = []
    for v in volunteers:
        for competency_id, (competency, purpose) in required.items():
            g = latest.get((v.pk, competency_id))
            label = competency_label(competency)
            if g is None:
                if purpose == Purpose.SIT and not competency.award_module:
                    items.append(DueItem(v, label, "overdue", None))
            elif g.valid_until and g.valid_until < on:
                items.append(DueItem(v, label, "overdue", g.valid_until))
            elif g.valid_until and g.valid_until <= soon:
                items.append(DueItem(v, label, "due", g.valid_until))
        if v.appointed_on and len(held.get(v.pk, ())) < len(module_ids):
            deadline = add_months(v.appointed_on, months)
            deadline = max(deadline, approved.get(v.pk, deadline))
            if deadline < on:
                items.append(DueItem(v, "Award completion", "overdue", deadline))
            elif deadline <= soon:
                items.append(DueItem(v, "Award completion", "due", deadline))
    return sorted(
        items, key=lambda i: (i.state != "overdue", i.date or datetime.date.min, str(i.volunteer))
    )


def _key(items):
    return [(i.volunteer.pk, i.what, i.state, i.date) for i in items]


def test_the_database_agrees_with_the_python_rules_on_the_demo_data():
    demo.load_organisation()
    demo.load_demo_users()
    demo.load_volunteers("small")
    load_training()
    today = timezone.localdate()
    regions = Region.objects.all()
    expected = reference_due(regions, on=today)
    items = training_due(regions, on=today)
    assert len(expected) > 20
    assert items.count() == len(expected)
    assert _key(items) == _key(expected)
    assert _key(items[10:20]) == _key(expected[10:20])
    assert items.total("overdue") == sum(1 for i in expected if i.state == "overdue")


def test_an_approved_extension_moves_the_award_deadline(member):
    volunteer = make_sitting_member(member.volunteer, appointed_on=datetime.date(2020, 1, 31))
    today = timezone.localdate()
    (award,) = [
        i for i in training_due(Region.objects.all(), on=today) if i.what == "Award completion"
    ]
    assert (award.state, award.date) == ("overdue", datetime.date(2022, 1, 31))
    AwardExtension.objects.create(
        volunteer=volunteer,
        extend_to=today + datetime.timedelta(days=10),
        reason="Illness",
        requested_by=member,
        status=AwardExtension.Status.APPROVED,
    )
    items = list(training_due(Region.objects.all(), on=today))
    assert [(i.what, i.state, i.date) for i in items if i.what == "Award completion"] == [
        ("Award completion", "due", today + datetime.timedelta(days=10))
    ]
    assert _key(items) == _key(reference_due(Region.objects.all(), on=today))


@pytest.mark.parametrize(
    ("day", "months"),
    [("2024-01-31", 1), ("2024-02-29", 12), ("2023-12-31", 2), ("2024-03-15", 24)],
)
def test_add_months_in_sql_matches_python(member, day, months):
    day = datetime.date.fromisoformat(day)
    Volunteer.objects.filter(pk=member.volunteer.pk).update(appointed_on=day)
    got = (
        Volunteer.objects.filter(pk=member.volunteer.pk)
        .annotate(later=AddMonths(F("appointed_on"), months))
        .values_list("later", flat=True)
        .get()
    )
    assert got == add_months(day, months)


def test_the_national_dashboard_query_count_does_not_grow_with_members(
    client_for, national_admin, east, west, django_assert_max_num_queries
):
    make_sitting_member(member_in(east))
    client = client_for(national_admin)
    with django_assert_max_num_queries(40) as first:
        assert client.get(reverse("training:dashboard")).status_code == 200
    for region in (east, west, east, west, east):
        volunteer = make_sitting_member(member_in(region))
        volunteer.competency_grants.update(valid_until=timezone.localdate())
        grant(volunteer, "module-3")
    with django_assert_max_num_queries(len(first.captured_queries)):
        response = client.get(reverse("training:dashboard"))
    assert response.status_code == 200
    assert len(response.context["page"].object_list) >= 5


def member_in(region):

    return VolunteerFactory(home_region=region)
