"""Demo training histories: some members chair-qualified, some due, some lapsed.

Idempotent and fast: only volunteers with no training record yet get a history, written
with bulk_create; the demo sessions are keyed by course, region and date.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from volunteers.models import HearingCentre, Region, User, Volunteer, VolunteerStatus

from .models import (
    Competency,
    CompetencyGrant,
    Course,
    Enrolment,
    Framework,
    Observation,
    TrainingSession,
)
from .selectors.eligibility import add_months

EVIDENCE = "Demo training history"


def _grant(volunteer, competency, granted_on, valid_until, framework):
    return CompetencyGrant(
        volunteer=volunteer,
        competency=competency,
        framework=framework,
        granted_on=granted_on,
        valid_until=valid_until,
        source=CompetencyGrant.Source.IMPORT,
        evidence=EVIDENCE,
    )


def _history(volunteer, rng, today, c, framework) -> list[CompetencyGrant]:
    appointed = volunteer.appointed_on
    if volunteer.status == VolunteerStatus.TRAINEE or appointed is None:
        start = today - datetime.timedelta(days=rng.randint(20, 80))
        return (
            [_grant(volunteer, c["module-1"], start, None, framework)] if rng.random() < 0.5 else []
        )
    appointed = min(appointed, today)
    before = appointed - datetime.timedelta(days=rng.randint(30, 120))
    grants = [
        _grant(volunteer, c["module-1"], before, None, framework),
        _grant(volunteer, c["module-2"], before, None, framework),
    ]
    # PVG: nearly everyone current; a few lapsed last month.
    lapsed_pvg = rng.random() < 0.04
    grants.append(
        _grant(
            volunteer,
            c["pvg"],
            before - datetime.timedelta(days=60),
            today - datetime.timedelta(days=rng.randint(5, 40)) if lapsed_pvg else None,
            framework,
        )
    )
    # Mandatory training lasts three years: most in date, some due soon, some lapsed.
    roll = rng.random()
    if roll < 0.12:
        valid_until = today + datetime.timedelta(days=rng.randint(1, 60))  # due
    elif roll < 0.2:
        valid_until = today - datetime.timedelta(days=rng.randint(1, 200))  # lapsed
    else:
        valid_until = today + datetime.timedelta(days=rng.randint(90, 900))
    taken = add_months(valid_until + datetime.timedelta(days=1), -36)
    grants.append(_grant(volunteer, c["mandatory"], min(taken, today), valid_until, framework))
    # Module 3 (qualifies to chair) usually after a year or more of service.
    chair_from = add_months(appointed, rng.randint(12, 20))
    if chair_from <= today and rng.random() < 0.6:
        grants.append(_grant(volunteer, c["module-3"], chair_from, None, framework))
    return grants


@transaction.atomic
def load_training() -> dict:
    """Training histories for demo volunteers, plus a few sessions and observations in East."""
    today = timezone.localdate()
    rng = random.Random(5)
    framework = Framework.objects.filter(status="published").order_by("-version").first()
    c = {comp.key: comp for comp in Competency.objects.all()}
    new = list(
        Volunteer.objects.filter(competency_grants__isnull=True)
        .exclude(user__email="member@demo.example")
        .order_by("pk")
    )
    grants = []
    for volunteer in new:
        # Seeded by the volunteer, so a re-run decides the same (and so adds nothing).
        grants += _history(volunteer, random.Random(volunteer.pk), today, c, framework)
    demo_member = Volunteer.objects.filter(user__email="member@demo.example").first()
    if demo_member and not demo_member.competency_grants.exists():
        # The demo member sits but does not chair yet: the demo trainer can change that.
        demo_member.appointed_on = demo_member.appointed_on or add_months(today, -18)
        demo_member.save(update_fields=["appointed_on"])
        since = add_months(today, -20)
        grants += [
            _grant(demo_member, c["module-1"], since, None, framework),
            _grant(demo_member, c["module-2"], since, None, framework),
            _grant(demo_member, c["pvg"], since, None, framework),
            _grant(demo_member, c["mandatory"], since, add_months(since, 36), framework),
        ]
    CompetencyGrant.objects.bulk_create(grants, batch_size=1000)
    sessions = _demo_sessions(today, demo_member)
    observations = _demo_observations(today, rng)
    return {"grants": len(grants), "sessions": sessions, "observations": observations}


def _demo_sessions(today, demo_member) -> int:
    east = Region.objects.filter(code="R-EAST").first()
    trainer = User.objects.filter(email="trainer@demo.example").first()
    if east is None or trainer is None:
        return 0
    created = 0
    plans = [
        ("award-module-3", today - datetime.timedelta(days=2), 12),
        ("mandatory", today + datetime.timedelta(days=21), 20),
        ("refresher-chairing", today + datetime.timedelta(days=45), 2),
    ]
    for code, day, capacity in plans:
        course = Course.objects.get(code=code)
        session, made = TrainingSession.objects.get_or_create(
            course=course,
            region=east,
            starts_on=day,
            defaults={
                "ends_on": day,
                "venue": "Edinburgh training suite",
                "trainer": trainer,
                "capacity": capacity,
                "created_by": trainer,
            },
        )
        created += made
        if made and code == "award-module-3" and demo_member:
            Enrolment.objects.create(session=session, volunteer=demo_member, enrolled_by=trainer)
    return created


def _demo_observations(today, rng) -> int:
    ppa = User.objects.filter(email="ppa@demo.example").first()
    framework = Framework.objects.filter(status="published").order_by("-version").first()
    if ppa is None or framework is None or Observation.objects.filter(observer=ppa).exists():
        return 0
    centres = list(
        HearingCentre.objects.filter(
            region_links__region__code="R-EAST", region_links__valid_to__isnull=True
        )
    )
    members = list(
        Volunteer.objects.filter(
            home_region__code="R-EAST", status=VolunteerStatus.SERVING
        ).order_by("pk")[:12]
    )
    if not centres:
        return 0
    rows = [
        Observation(
            volunteer=volunteer,
            observer=ppa,
            region=volunteer.home_region,
            framework=framework,
            centre=rng.choice(centres),
            session_date=today - datetime.timedelta(days=rng.randint(10, 400)),
            half=rng.choice(["AM", "PM"]),
            role=rng.choice(["chair", "member"]),
            strengths="Listened carefully and explained the decision plainly.",
            development_points="Check the child has understood before moving on.",
            outcome=Observation.Outcome.MEETS,
            status=Observation.Status.RELEASED if index % 2 else Observation.Status.DRAFT,
        )
        for index, volunteer in enumerate(members)
    ]
    Observation.objects.bulk_create(rows)
    return len(rows)
