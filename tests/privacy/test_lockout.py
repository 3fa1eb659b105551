"""Too many failed sign-ins lock an account; the owner is told and can unlock it, and national
administrators see and clear lockouts (audited)."""

import re

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.urls import reverse

from privacy.models import AccountLockout
from tests.factories import UserFactory

PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def _rate_limits(settings):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "20/10m/ip,3/15m/key"}


@pytest.fixture
def owner(db):
    return UserFactory(email="owner@example.org")


def _sign_in(client, email, password):
    return client.post(reverse("account_login"), {"login": email, "password": password})


@pytest.fixture
def locked(client, owner, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(5):
            _sign_in(client, owner.email, "wrong guess")
    return AccountLockout.objects.get()


def test_the_owner_is_emailed_once_with_an_unlock_link(client, owner, locked):
    assert (locked.kind, locked.user, locked.email) == ("account", owner, owner.email)
    assert [m.to for m in mail.outbox] == [[owner.email]]
    assert "locked" in mail.outbox[0].subject
    # Even the right password is refused while locked.
    assert _sign_in(client, owner.email, PASSWORD).status_code == 200
    assert "_auth_user_id" not in client.session


def test_the_unlock_link_lets_the_owner_sign_in_again(client, owner, locked):
    token = re.search(r"/account/unlock/(\S+)/", mail.outbox[0].body).group(1)
    url = reverse("privacy:unlock", args=[token])
    assert client.get(url).status_code == 200  # a GET spends nothing
    assert client.post(url).url == reverse("account_login")
    locked.refresh_from_db()
    assert locked.cleared_how == "owner's link"
    assert _sign_in(client, owner.email, PASSWORD).status_code == 302
    assert client.session["_auth_user_id"] == str(owner.pk)
    assert client.post(url).status_code == 404  # once only


def test_a_wrong_unlock_link_is_refused(client, locked):
    assert client.get(reverse("privacy:unlock", args=["nope"])).status_code == 404


def test_an_unknown_email_is_recorded_but_nobody_is_emailed(
    client, db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(5):
            _sign_in(client, "nobody@example.org", "guess")
    lockout = AccountLockout.objects.get()
    assert lockout.user is None
    assert lockout.email == "nobody@example.org"
    assert mail.outbox == []


def test_many_accounts_from_one_address_lock_the_address(settings, client, db):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "4/10m/ip,5/15m/key"}
    for n in range(6):
        _sign_in(client, f"guess{n}@example.org", "guess")
    assert AccountLockout.objects.filter(kind="address", ip="127.0.0.1").count() == 1


def test_national_administrators_see_and_clear_lockouts(client_for, national_admin, locked, owner):
    client = client_for(national_admin)
    page = client.get(reverse("privacy:lockouts"))
    assert page.status_code == 200
    assert owner.email in page.content.decode()
    response = client.post(reverse("privacy:lockout_clear", args=[locked.pk]))
    assert response.status_code == 302
    locked.refresh_from_db()
    assert (locked.cleared_by, locked.cleared_how) == (national_admin, "administrator")
    entry = LogEntry.objects.get_for_object(locked).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.actor == national_admin
    client.get(reverse("privacy:lockouts"))  # the success message shows once
    assert "No lockouts in force" in client.get(reverse("privacy:lockouts")).content.decode()
    client.logout()
    assert _sign_in(client, owner.email, PASSWORD).status_code == 302


def test_others_cannot_see_or_clear_lockouts(client_for, admin_east, locked):
    client = client_for(admin_east)
    assert client.get(reverse("privacy:lockouts")).status_code == 403
    assert client.post(reverse("privacy:lockout_clear", args=[locked.pk])).status_code == 403
    locked.refresh_from_db()
    assert locked.cleared_at is None


def test_wrong_methods(client_for, national_admin, locked):
    client = client_for(national_admin)
    assert client.post(reverse("privacy:lockouts")).status_code == 405
    assert client.get(reverse("privacy:lockout_clear", args=[locked.pk])).status_code == 405
    assert client.put(reverse("privacy:unlock", args=["x"])).status_code == 405


def test_the_list_has_fixed_queries(
    client_for, national_admin, locked, django_assert_max_num_queries
):
    client = client_for(national_admin)
    client.get(reverse("privacy:lockouts"))
    with django_assert_max_num_queries(20) as one:
        client.get(reverse("privacy:lockouts"))
    for n in range(3):
        AccountLockout.objects.create(
            kind="account",
            email=f"x{n}@example.org",
            user=UserFactory(),
            expires_at=locked.expires_at,
        )
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(reverse("privacy:lockouts"))
