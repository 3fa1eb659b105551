"""Demo data: the real councils, nine regions cut across them, ~34 rotas, ~59 centres and
volunteers with varied roles, sexes, home and work council areas and travel limits.

Idempotent: everything is keyed by natural keys, so running it twice changes nothing.
"""

import datetime
import functools
import json
import random
from decimal import Decimal
from pathlib import Path

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import encrypt
from django.contrib.auth.hashers import make_password
from django.db import transaction

from .models import (
    CentreRegionLink,
    HearingCentre,
    LocalAuthority,
    Region,
    RegionLocalAuthority,
    Role,
    RoleAssignment,
    Rota,
    RotaCentreLink,
    Sex,
    User,
    Volunteer,
    VolunteerStatus,
)

GEOGRAPHY = Path(__file__).parent / "data" / "scotland.json"
SINCE = datetime.date(2023, 4, 1)
DEMO_PASSWORD = "panel-demo-2026"  # noqa: S105  (printed by load_demo_data on purpose)
# A fixed TOTP secret for demo staff; in development the bypass code also works.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105

DEMO_USERS = [
    # email, first, last, role, region code (for regional roles)
    ("applicant@demo.example", "Alex", "Applicant", Role.APPLICANT, None),
    ("member@demo.example", "Morag", "Member", Role.PANEL_MEMBER, None),
    ("ppa@demo.example", "Priya", "Adviser", Role.PPA, "R-EAST"),
    ("trainer@demo.example", "Tom", "Trainer", Role.TRAINER, "R-EAST"),
    ("rota@demo.example", "Rhona", "Rota", Role.REGIONAL_ADMIN, "R-EAST"),
    ("national@demo.example", "Niall", "National", Role.NATIONAL_ADMIN, None),
    ("editor@demo.example", "Eilidh", "Editor", Role.CONTENT_EDITOR, None),
]

FIRST_F = [
    "Ailsa",
    "Catriona",
    "Eilidh",
    "Fiona",
    "Isla",
    "Kirsty",
    "Mhairi",
    "Morven",
    "Rhona",
    "Shona",
    "Siobhan",
    "Heather",
    "Lorna",
    "Jean",
    "Amira",
    "Zofia",
    "Grace",
    "Ruth",
]
FIRST_M = [
    "Angus",
    "Callum",
    "Douglas",
    "Euan",
    "Fraser",
    "Hamish",
    "Iain",
    "Lachlan",
    "Murdo",
    "Ross",
    "Ruaridh",
    "Stuart",
    "Tariq",
    "Piotr",
    "David",
    "James",
    "Kenneth",
    "Craig",
]
LAST = [
    "Campbell",
    "MacDonald",
    "Stewart",
    "Robertson",
    "Thomson",
    "Anderson",
    "Scott",
    "Murray",
    "MacLeod",
    "Reid",
    "Paterson",
    "Ross",
    "Fraser",
    "Hamilton",
    "Graham",
    "Kerr",
    "Wilson",
    "Munro",
    "Khan",
    "Nowak",
    "Sinclair",
    "Baird",
    "Duncan",
    "Lindsay",
]

SIZES = {"small": 150, "national": 2400}


def geography() -> dict:
    return json.loads(GEOGRAPHY.read_text())


@transaction.atomic
def load_organisation() -> dict:
    """Regions, their council links, centres and rotas; returns counts."""
    geo = geography()
    councils = {la.code: la for la in LocalAuthority.objects.all()}
    regions = {}
    for r in geo["regions"]:
        regions[r["code"]], _ = Region.objects.get_or_create(
            code=r["code"], defaults={"name": r["name"]}
        )
    by_region: dict[str, list[HearingCentre]] = {}
    for c in geo["centres"]:
        centre, _ = HearingCentre.objects.get_or_create(
            name=c["name"],
            defaults={
                "address": c["address"],
                "postcode": c["postcode"],
                "latitude": Decimal(str(c["lat"])),
                "longitude": Decimal(str(c["lon"])),
                "local_authority": councils[c["local_authority"]],
                "hosts_virtual_hearings": c["name"].startswith(("Glasgow Bell", "Edinburgh Wat")),
                "accessibility_notes": "Step-free access; hearing loop in all rooms.",
            },
        )
        region = regions[c["region"]]
        if not CentreRegionLink.objects.filter(centre=centre).exists():
            CentreRegionLink.objects.create(centre=centre, region=region, valid_from=SINCE)
        if not RegionLocalAuthority.objects.filter(
            region=region, local_authority=centre.local_authority
        ).exists():
            RegionLocalAuthority.objects.create(
                region=region, local_authority=centre.local_authority, valid_from=SINCE
            )
        by_region.setdefault(c["region"], []).append(centre)
    rota_count = 0
    for code, centres in by_region.items():
        # Rotas of up to two neighbouring centres (the list is grouped by place already).
        for i in range(0, len(centres), 2):
            group = centres[i : i + 2]
            name = " and ".join(c.name for c in group)
            rota, created = Rota.objects.get_or_create(region=regions[code], name=name)
            if created:
                RotaCentreLink.objects.bulk_create(
                    RotaCentreLink(rota=rota, centre=c, valid_from=SINCE) for c in group
                )
            rota_count += 1
    return {"regions": len(regions), "centres": len(geo["centres"]), "rotas": rota_count}


@functools.cache
def _demo_password_hash() -> str:
    # Hashing once: thousands of full-strength hashes would take minutes.
    return make_password(DEMO_PASSWORD)


def _verified_user(email, first, last) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create(
            email=email, password=_demo_password_hash(), first_name=first, last_name=last
        )
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


@transaction.atomic
def load_demo_users() -> list[tuple[str, str]]:
    """One sign-in per role, staff with an authenticator already set up."""
    regions = {r.code: r for r in Region.objects.all()}
    signins = []
    for email, first, last, role, region_code in DEMO_USERS:
        user = _verified_user(email, first, last)
        region = regions.get(region_code) if region_code else None
        RoleAssignment.objects.get_or_create(user=user, role=role, region=region, revoked_at=None)
        if role in {
            Role.PPA,
            Role.TRAINER,
            Role.REGIONAL_ADMIN,
            Role.NATIONAL_ADMIN,
            Role.CONTENT_EDITOR,
        }:
            Authenticator.objects.get_or_create(
                user=user,
                type=Authenticator.Type.TOTP,
                defaults={"data": {"secret": encrypt(DEMO_TOTP_SECRET)}},
            )
        signins.append((Role(role).label, email))
    member = User.objects.get(email="member@demo.example")
    _ensure_volunteer(member, regions["R-EAST"], random.Random(1), status=VolunteerStatus.SERVING)
    return signins


def _ensure_volunteer(user, region, rng, *, status=None, sex=None) -> Volunteer:
    existing = Volunteer.objects.filter(user=user).first()
    if existing:
        return existing
    centres = list(
        HearingCentre.objects.filter(
            region_links__region=region, region_links__valid_to__isnull=True
        )
    )
    centre = rng.choice(centres)
    home = centre.local_authority
    return Volunteer.objects.create(
        user=user,
        status=status or VolunteerStatus.SERVING,
        sex=sex or Sex.FEMALE,
        home_local_authority=home,
        work_local_authority=home if rng.random() < 0.6 else None,
        home_region=region,
        home_postcode=centre.postcode.split()[0],
        home_latitude=centre.latitude + Decimal(str(round(rng.uniform(-0.12, 0.12), 5))),
        home_longitude=centre.longitude + Decimal(str(round(rng.uniform(-0.2, 0.2), 5))),
        max_travel_km=rng.choice([15, 20, 25, 30, 40, 50, 60]),
        appointed_on=datetime.date(rng.randint(2015, 2026), rng.randint(1, 12), 1),
    )


def load_volunteers(size: str, progress=None) -> int:
    """Volunteers spread over regions by population; deterministic, so re-runs add nothing."""
    total = SIZES[size]
    rng = random.Random(2026)
    geo = geography()
    population = {la["code"]: la["population"] for la in geo["local_authorities"]}
    regions = list(Region.objects.filter(is_active=True))
    region_weight = {
        r.pk: sum(
            population[c.local_authority.code]
            for c in HearingCentre.objects.filter(
                region_links__region=r, region_links__valid_to__isnull=True
            ).select_related("local_authority")
        )
        for r in regions
    }
    existing = set(
        User.objects.filter(email__endswith="@volunteers.demo.example").values_list(
            "email", flat=True
        )
    )
    created = 0
    for i in range(total):
        email = f"member{i + 1:04d}@volunteers.demo.example"
        region = rng.choices(regions, weights=[region_weight[r.pk] for r in regions])[0]
        sex = Sex.FEMALE if rng.random() < 0.66 else Sex.MALE
        first = rng.choice(FIRST_F if sex == Sex.FEMALE else FIRST_M)
        last = rng.choice(LAST)
        status = rng.choices(
            [VolunteerStatus.SERVING, VolunteerStatus.TRAINEE, VolunteerStatus.ON_LEAVE],
            weights=[85, 10, 5],
        )[0]
        roll = rng.random()
        if email in existing:
            continue
        with transaction.atomic():
            user = _verified_user(email, first, last)
            RoleAssignment.objects.create(user=user, role=Role.PANEL_MEMBER)
            if roll < 0.04:
                RoleAssignment.objects.create(user=user, role=Role.PPA, region=region)
            _ensure_volunteer(user, region, rng, status=status, sex=sex)
        created += 1
        if progress and created % 200 == 0:
            progress(created, total)
    return created
