"""The benchmark's steps that run inside Django (production settings, the scratch database).

    python -m benchmarks.web.prepare rota OUT.json      a national rota run through the Job
    python -m benchmarks.web.prepare plan OUT.json      sign-ins, pages and query counts

Sign-ins are real database sessions made the way allauth makes them after a password and a
TOTP code (the user id, backend and hash Django's `login()` stores, and allauth's record of
the methods used), so the web processes run with STAFF_MFA_REQUIRED on, as in production.
"""

import json
import os
import statistics
import sys
import time
from urllib.parse import urlsplit

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from common.models import Job  # noqa: E402
from rostering.models import Assignment, RotaPeriod, RotaRun, Session  # noqa: E402
from volunteers.models import User, Volunteer  # noqa: E402

BACKEND = "allauth.account.auth_backends.AuthenticationBackend"
ROLES = {
    "member": "member@demo.example",
    "rota manager": "rota@demo.example",
    "trainer": "trainer@demo.example",
    "national administrator": "national@demo.example",
    "PPA": "ppa@demo.example",
}


def signed_in_session(user: User) -> str:
    """A session as allauth leaves it after password + TOTP; returns the cookie value."""
    now = time.time()
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = BACKEND
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store["account_authentication_methods"] = [
        {"method": "password", "at": now, "email": user.email},
        {"method": "mfa", "at": now, "type": "totp"},
    ]
    store.create()
    return store.session_key


def rota(out: str) -> None:
    """Run a national rota over the demo period through the Job and the Celery worker."""
    from rostering import services, tasks

    east_period = RotaPeriod.objects.filter(region__code="R-EAST").order_by("start").first()
    national = User.objects.get(email="national@demo.example")
    period = RotaPeriod.objects.create(
        region=None,
        start=east_period.start,
        end=east_period.end,
        availability_deadline=east_period.availability_deadline,
        opened_at=east_period.opened_at,
        created_by=national,
    )
    limit = int(os.environ.get("BENCH_ROTA_SECONDS", "60"))
    run = services.start_rota_run(period=period, by=national, time_limit=limit)
    started = time.perf_counter()
    tasks.run_rota.delay(run_id=run.pk)
    deadline = started + limit + 420
    job = run.job
    while time.perf_counter() < deadline:
        job = Job.objects.get(pk=run.job_id)
        if job.is_finished:
            break
        time.sleep(1)
    elapsed = time.perf_counter() - started
    run.refresh_from_db()
    sessions = Session.objects.filter(date__range=(period.start, period.end)).count()
    result = {
        "run": run.pk,
        "status": run.status,
        "job_status": job.status,
        "seconds": round(elapsed, 1),
        "time_limit": limit,
        "sessions": sessions,
        "members": len(run.instance.get("volunteers", [])),
        "seats_filled": Assignment.objects.filter(run=run).count(),
        "message": run.message,
    }
    with open(out, "w") as f:
        json.dump(result, f, indent=1)
    print(json.dumps(result))


def _pages(run: RotaRun | None) -> list[dict]:
    member = User.objects.get(email="member@demo.example")
    trainee = Volunteer.objects.filter(home_region__code="R-EAST").order_by("pk").first()
    from cms.models import GuidancePage

    guidance = GuidancePage.objects.live().public().order_by("path").first()
    pages = [
        ("Home page", "anonymous", "/"),
        ("Guidance page", "anonymous", urlsplit(guidance.url).path if guidance else "/"),
        ("Site search", "anonymous", "/search/?q=hearing"),
        ("Member dashboard", "member", reverse("dashboard")),
        ("My sittings", "member", reverse("rostering:my_sittings")),
        ("My availability", "member", reverse("rostering:availability")),
        ("My training", "member", reverse("training:my_training")),
        ("Rostering home", "rota manager", reverse("rostering:home")),
        ("Session list", "rota manager", reverse("rostering:sessions")),
        ("Training records (region)", "trainer", reverse("training:dashboard")),
        ("Training sessions", "trainer", reverse("training:sessions")),
        ("Person's training record", "trainer", reverse("training:person", args=[trainee.pk])),
        ("Monitoring", "PPA", reverse("training:monitoring")),
        ("Training records (national)", "national administrator", reverse("training:dashboard")),
        ("People", "national administrator", reverse("volunteers:people")),
        ("Rostering reports", "national administrator", reverse("rostering:reports")),
    ]
    if run is not None:
        review = reverse("rostering:run", args=[run.pk])
        pages += [
            ("Rota review (national run)", "national administrator", review),
            (
                "Rota review, progress poll",
                "national administrator",
                review,
                {"HX-Request": "true"},
            ),
        ]
    out = []
    for name, role, url, *headers in pages:
        out.append(
            {"name": name, "role": role, "url": url, "headers": headers[0] if headers else {}}
        )
    del member
    return out


def _query_count(role_user: User | None, url: str, headers: dict) -> tuple[int, int]:
    client = Client(SERVER_NAME="127.0.0.1")
    if role_user is not None:
        client.force_login(role_user, backend=BACKEND)
    extra = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()}
    client.get(url, **extra)  # first request fills per-process caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    return response.status_code, len(queries.captured_queries)


def _feed_server_times(token: str) -> dict:
    """The feed's own time in-process (no network): 200 and 304, median of 30 each."""
    client = Client(SERVER_NAME="127.0.0.1")
    url = f"/calendar/{token}.ics"
    first = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    etag = first["ETag"]
    full, cheap = [], []
    for _ in range(30):
        t = time.perf_counter()
        assert client.get(url, HTTP_ACCEPT_ENCODING="gzip").status_code == 200
        full.append(time.perf_counter() - t)
        t = time.perf_counter()
        assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
        cheap.append(time.perf_counter() - t)
    with CaptureQueriesContext(connection) as q200:
        client.get(url)
    with CaptureQueriesContext(connection) as q304:
        client.get(url, HTTP_IF_NONE_MATCH=etag)
    return {
        "ms_200": round(1000 * statistics.median(full), 2),
        "ms_304": round(1000 * statistics.median(cheap), 2),
        "queries_200": len(q200.captured_queries),
        "queries_304": len(q304.captured_queries),
        "bytes_200": len(first.content),
        "gzip": first.get("Content-Encoding", ""),
    }


def plan(out: str, run_id: str | None) -> None:
    """Sign-ins per role, the pages to load, their query counts, and feed tokens."""
    from rostering.services.members import create_calendar_feed

    run = RotaRun.objects.filter(pk=run_id).first() if run_id else None
    users = {role: User.objects.get(email=email) for role, email in ROLES.items()}
    cookies = {role: signed_in_session(user) for role, user in users.items()}
    # Calendar clients: forty members with sittings, published so that their feeds carry them.
    sitters = list(
        User.objects.filter(volunteer__assignments__isnull=False).distinct().order_by("pk")[:40]
    ) or [users["member"]]
    Assignment.objects.filter(volunteer__user__in=sitters, status=Assignment.Status.DRAFT).update(
        status=Assignment.Status.PUBLISHED
    )
    tokens = [create_calendar_feed(user=user) for user in sitters]
    pages = _pages(run)
    for page in pages:
        user = users.get(page["role"])
        page["status"], page["queries"] = _query_count(user, page["url"], page["headers"])
    feed_pages = [
        {
            "name": "Calendar feed (200)",
            "role": "calendar client",
            "url": f"/calendar/{tokens[0]}.ics",
        }
    ]
    feed_pages[0]["status"], feed_pages[0]["queries"] = _query_count(None, feed_pages[0]["url"], {})
    result = {
        "cookie_name": settings.SESSION_COOKIE_NAME,
        "cookies": cookies,
        "pages": pages + feed_pages,
        "feed_tokens": tokens,
        "feed": _feed_server_times(tokens[0]),
        "counts": {
            "volunteers": Volunteer.objects.count(),
            "sessions": Session.objects.count(),
            "run_sessions": len(run.review.get("sessions", [])) if run else 0,
        },
    }
    with open(out, "w") as f:
        json.dump(result, f, indent=1)


if __name__ == "__main__":
    step, out, *rest = sys.argv[1:]
    if step == "rota":
        rota(out)
    else:
        plan(out, rest[0] if rest else None)
