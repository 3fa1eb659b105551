"""The fixed cast of test users, one or two per role, in two regions (east and west).

alice-style naming would hide the roles, so the fixtures are named by what they are:
`admin_east` administers East only; `admin_west` administers West only; `national_admin`
sees everything; `member` and `applicant` have no staff role.
"""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.cache import cache
from django.db import connection, router
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.loader import MigrationLoader

from tests.factories import (
    CentreFactory,
    RegionFactory,
    UserFactory,
    VolunteerFactory,
    grant,
    local_authority,
    with_totp,
)
from volunteers.models import Role


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: rate-limit counters and allauth's record of used
    TOTP codes (keyed by user id, which a flushed database hands out again) must not leak."""

    cache.clear()


@pytest.fixture
def east(db):
    return RegionFactory(code="R-EAST", name="East")


@pytest.fixture
def west(db):
    return RegionFactory(code="R-WEST", name="West")


@pytest.fixture
def east_centre(east):
    return CentreFactory(name="Edinburgh Waterloo Place", region=east)


@pytest.fixture
def west_centre(west):
    return CentreFactory(
        name="Paisley",
        postcode="PA1 1BX",
        region=west,
        local_authority=local_authority("S12000038"),
    )


def pytest_collection_modifyitems(items):
    """Transactional tests flush the database when they finish, which would also wipe the
    reference data that migrations load (the 32 councils, Wagtail's page tree). Restore it by
    making every transactional test use serialized rollback.

    Real-worker tests without their services are skipped here, before any database set-up:
    skipped from inside the fixture, they would flush the database without restoring it."""
    missing = _services_missing()
    for item in items:
        if missing and "worker_queue" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.skip(reason=missing))
        marker = item.get_closest_marker("django_db")
        if (
            marker
            and marker.kwargs.get("transaction")
            and "serialized_rollback" not in marker.kwargs
        ):
            item.add_marker(
                pytest.mark.django_db(**marker.kwargs, serialized_rollback=True), append=False
            )


def _serialize_migration_data(connection) -> str:
    """Django's serialize_db_to_string, but with content types and permissions first.

    Django writes apps in INSTALLED_APPS order, so our pages would be restored before the
    content types they point at; a signal handler that looks a content type up in between
    creates it, and restoring the real row then breaks its unique constraint (PostgreSQL).
    """

    migrated = MigrationLoader(connection).migrated_apps
    first = ["contenttypes", "auth"]
    configs = sorted(
        apps.get_app_configs(),
        key=lambda c: first.index(c.label) if c.label in first else len(first),
    )

    def objects():
        for config in configs:
            if config.models_module is None or config.label not in migrated:
                continue
            for model in config.get_models():
                if model._meta.can_migrate(connection) and router.allow_migrate_model(
                    connection.alias, model
                ):
                    queryset = model._base_manager.using(connection.alias)
                    yield from queryset.order_by(model._meta.pk.name).iterator()

    return serializers.serialize("json", objects())


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Restore the migrations' data (councils, framework, page tree) after every
    transactional test, from wherever the connection is looked up.

    Django restores it only from the connection object that created the test database, but
    browser tests (Playwright's event loop) and worker threads can look the connection up
    afresh and get a new object: a class attribute is seen by all of them.
    """

    with django_db_blocker.unblock():
        contents = _serialize_migration_data(connection)
    connection._test_serialized_contents = contents
    BaseDatabaseWrapper._test_serialized_contents = contents
    yield
    del BaseDatabaseWrapper._test_serialized_contents


def _staff(email, role, region=None):
    user = with_totp(UserFactory(email=email))
    grant(user, role, region)
    return user


@pytest.fixture
def applicant(db):
    user = UserFactory(email="applicant@example.org")
    grant(user, Role.APPLICANT)
    return user


@pytest.fixture
def member(east):
    user = UserFactory(email="member@example.org", first_name="Morag", last_name="Member")
    grant(user, Role.PANEL_MEMBER)
    VolunteerFactory(user=user, home_region=east)
    return user


@pytest.fixture
def west_member(west):
    user = UserFactory(email="west.member@example.org", first_name="Wendy", last_name="West")
    grant(user, Role.PANEL_MEMBER)
    VolunteerFactory(user=user, home_region=west)
    return user


@pytest.fixture
def ppa_east(east):
    return _staff("ppa.east@example.org", Role.PPA, east)


@pytest.fixture
def trainer_east(east):
    return _staff("trainer.east@example.org", Role.TRAINER, east)


@pytest.fixture
def admin_east(east):
    return _staff("admin.east@example.org", Role.REGIONAL_ADMIN, east)


@pytest.fixture
def admin_west(west):
    return _staff("admin.west@example.org", Role.REGIONAL_ADMIN, west)


@pytest.fixture
def national_admin(db):
    return _staff("national@example.org", Role.NATIONAL_ADMIN)


@pytest.fixture
def editor(db):
    return _staff("editor@example.org", Role.CONTENT_EDITOR)


def passed_mfa(client, user):
    """Record in the client's session, as allauth does at sign-in, that it entered a code
    from the user's authenticator (staff pages need that, not merely an authenticator)."""

    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": 0, "email": user.email},
        {"method": "mfa", "at": 0, "type": "totp"},
    ]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()


@pytest.fixture
def client_for(client):
    """Sign a user in on the test client; with an authenticator, the session has passed MFA."""

    def sign_in(user):
        client.force_login(user)
        if user.authenticator_set.filter(type="totp").exists():
            passed_mfa(client, user)
        return client

    return sign_in


ROOT = Path(__file__).resolve().parents[1]


def _service_problems() -> list[str]:
    """What stops a real worker from running here: it needs PostgreSQL and a Redis broker."""
    problems = []
    if "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
        problems.append("the database is not PostgreSQL")
    if not settings.CELERY_BROKER_URL.startswith("redis://"):
        problems.append("TEST_CELERY_BROKER_URL is not a Redis URL")
    return problems


def _services_missing() -> str | None:
    """Why the real-worker tests are skipped (None when they can run, or must: then the
    fixture fails them instead)."""
    problems = _service_problems()
    if not problems or os.environ.get("REQUIRE_SERVICES") == "1":
        return None
    return "Real-worker test skipped: " + "; ".join(problems)


def _services_or_fail():
    problems = _service_problems()
    if problems:
        pytest.fail("Real-worker test cannot run: " + "; ".join(problems))


def _database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def worker_queue():
    """A real Celery worker on a private queue (PostgreSQL + Redis only); yields the queue."""
    _services_or_fail()
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": _database_url(),
    }
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "-Q",
            queue,
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    yield queue
    worker.terminate()
    try:
        output, _ = worker.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        worker.kill()
        output, _ = worker.communicate()
    print(output[-4000:])
