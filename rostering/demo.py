"""Demo rostering data: the Reporter's sessions for the next two months at every centre, in
proportion to the demo's size, availability offered by serving members, and an open rota
period for the East region. Idempotent and quick: keyed by session reference and by
(member, half-day), written in bulk.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from training.models import Competency, CompetencyGrant, Framework
from volunteers.models import (
    CentreRegionLink,
    Region,
    RegionLocalAuthority,
    User,
    Volunteer,
    VolunteerStatus,
)

from .models import AvailabilityOffer, Half, Hearing, RotaPeriod, Session
from .models.sessions import DEFAULT_START

# About 730 sessions a month for 2,400 members nationally; scaled down for smaller sets.
SESSIONS_PER_MEMBER_MONTH = 730 / 2400
WEEKS = 8
OFFERS_PER_MONTH = (3, 6)


def _weekdays(start: datetime.date, weeks: int) -> list[datetime.date]:
    days = (start + datetime.timedelta(days=i) for i in range(weeks * 7))
    return [d for d in days if d.weekday() < 5]


def next_monday(today: datetime.date | None = None) -> datetime.date:
    today = today or timezone.localdate()
    return today + datetime.timedelta(days=7 - today.weekday())


@transaction.atomic
def load_sessions(*, members: int, start: datetime.date | None = None, weeks: int = WEEKS) -> int:
    """Sessions over `weeks` weeks from `start` (next Monday), ~0.3 a month per member."""
    start = start or next_monday()
    rng = random.Random(f"sessions-{start}")
    links = list(CentreRegionLink.objects.current().select_related("centre", "region"))
    if not links:
        return 0
    councils_by_region: dict[int, list] = {}
    for link in RegionLocalAuthority.objects.current().select_related("local_authority"):
        councils_by_region.setdefault(link.region_id, []).append(link.local_authority)
    days = _weekdays(start, weeks)
    wanted = round(members * SESSIONS_PER_MEMBER_MONTH * weeks / 4.35)
    slots = [(link, day, half) for link in links for day in days for half in Half.values]
    chosen = rng.sample(slots, min(wanted, len(slots)))
    existing = set(
        Session.objects.filter(reference__startswith="DEMO-").values_list("reference", flat=True)
    )
    sessions, hearings = [], []
    for link, day, half in sorted(chosen, key=lambda s: (s[1], s[2], s[0].centre_id)):
        reference = f"DEMO-{link.centre_id:03d}-{day:%Y%m%d}-{half}"
        if reference in existing:
            continue
        session = Session(
            reference=reference,
            centre=link.centre,
            region=link.region,
            date=day,
            half=half,
            start_time=DEFAULT_START[half],
            mode=Session.Mode.VIRTUAL if rng.random() < 0.1 else Session.Mode.IN_PERSON,
            pre_hearing_panel=rng.random() < 0.05,
        )
        sessions.append(session)
        councils = councils_by_region.get(link.region_id) or [link.centre.local_authority]
        for position in range(1, rng.choice([2, 2, 3, 3, 3]) + 1):
            la = link.centre.local_authority if rng.random() < 0.7 else rng.choice(councils)
            hearings.append((session, position, f"K{rng.randrange(10**6):06d}", la))
    Session.objects.bulk_create(sessions, batch_size=500)
    Hearing.objects.bulk_create(
        [
            Hearing(session=s, position=p, case_reference=c, local_authority=la)
            for s, p, c, la in hearings
        ],
        batch_size=1000,
    )
    return len(sessions)


@transaction.atomic
def load_availability(*, start: datetime.date | None = None, weeks: int = WEEKS) -> int:
    """Each serving member offers a handful of half-days a month (deterministic), mostly
    half-days when their region has sessions, as members answering a rota request would."""
    start = start or next_monday()
    end = start + datetime.timedelta(weeks=weeks)
    days = _weekdays(start, weeks)
    anywhere = [(d, h) for d in days for h in Half.values]
    busy: dict[int, set] = {}
    for region_id, day, half in Session.objects.filter(date__range=(start, end)).values_list(
        "region_id", "date", "half"
    ):
        busy.setdefault(region_id, set()).add((day, half))
    offers = []
    members = Volunteer.objects.filter(status=VolunteerStatus.SERVING).values_list(
        "pk", "home_region_id", "user__email"
    )
    for pk, region_id, email in members:
        # Seeded by email, not by key, so every database gets the same offers.
        rng = random.Random(f"offers-{email}-{start}")
        count = rng.randint(*OFFERS_PER_MONTH) * weeks // 4
        likely = sorted(busy.get(region_id, ()))
        chosen = set(rng.sample(likely, min(len(likely), (count * 2) // 3)))
        while len(chosen) < count:
            chosen.add(rng.choice(anywhere))
        offers.extend(
            AvailabilityOffer(volunteer_id=pk, date=day, half=half) for day, half in chosen
        )
    AvailabilityOffer.objects.bulk_create(offers, batch_size=2000, ignore_conflicts=True)
    return len(offers)


def load_period(*, start: datetime.date | None = None) -> RotaPeriod | None:
    """An open rota period for the East region covering the next four weeks."""
    start = start or next_monday()
    east = Region.objects.filter(code="R-EAST").first()
    if east is None:
        return None
    period, _ = RotaPeriod.objects.get_or_create(
        region=east,
        start=start,
        defaults={
            "end": start + datetime.timedelta(days=27),
            "availability_deadline": start - datetime.timedelta(days=1),
            "opened_at": timezone.now(),
            "created_by": User.objects.filter(email="rota@demo.example").first(),
        },
    )
    return period


SITTING_KEYS = ("module-1", "module-2", "pvg", "mandatory")
CHAIR_KEY = "module-3"


@transaction.atomic
def qualify_members() -> int:
    """Give serving demo members with no training record the framework's sitting training
    (and, after a year's service, Management of Hearings) so demo rotas can be drawn.

    Stand-in for the training app's own demo records: it touches only members with no
    competency grant at all, so real or later-loaded training records are left alone.
    """

    framework = Framework.objects.filter(status="published").order_by("-version").first()
    competencies = {c.key: c for c in Competency.objects.filter(key__in=[*SITTING_KEYS, CHAIR_KEY])}
    if framework is None or len(competencies) < len(SITTING_KEYS) + 1:
        return 0
    cutoff = timezone.localdate() - datetime.timedelta(days=365)
    grants = []
    members = Volunteer.objects.filter(
        status=VolunteerStatus.SERVING, appointed_on__isnull=False, competency_grants__isnull=True
    )
    for pk, appointed in members.values_list("pk", "appointed_on"):
        keys = [*SITTING_KEYS, CHAIR_KEY] if appointed <= cutoff else list(SITTING_KEYS)
        grants.extend(
            CompetencyGrant(
                volunteer_id=pk,
                competency=competencies[key],
                framework=framework,
                granted_on=appointed,
                source=CompetencyGrant.Source.IMPORT,
                note="Demo data",
            )
            for key in keys
        )
    CompetencyGrant.objects.bulk_create(grants, batch_size=2000)
    return len(grants)


def load_rostering() -> dict:
    """Sessions, availability and a period sized to the members already loaded."""
    members = Volunteer.objects.filter(status=VolunteerStatus.SERVING).count()
    return {
        "qualified": qualify_members(),
        "sessions": load_sessions(members=members),
        "offers": load_availability(),
        "period": load_period(),
    }
