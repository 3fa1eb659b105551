"""A staff role takes effect only after MFA is set up through an emailed one-time link, and
only in a session that has passed MFA."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from privacy.mfa_enrolment import SESSION_GRANT_KEY
from privacy.models import MfaEnrolmentLink, hash_token
from tests.conftest import passed_mfa
from tests.factories import UserFactory, grant
from volunteers.models import Role

ACTIVATE = "/accounts/2fa/totp/activate/"


@pytest.fixture
def new_admin(east):
    user = UserFactory(email="new.admin@example.org")
    grant(user, Role.REGIONAL_ADMIN, east)
    return user


@pytest.fixture
def ask_for_link(client, django_capture_on_commit_callbacks):
    """Ask for a link (emails go after commit) and return the token it carries."""

    def ask() -> str:
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("privacy:mfa_enrol"))
        return _link_from_mail()

    return ask


def _link_from_mail() -> str:
    return re.search(r"https?://\S+/mfa-enrol/(\S+)/", mail.outbox[-1].body).group(1)


def test_the_password_alone_cannot_open_the_set_up_page(client, new_admin):
    client.force_login(new_admin)
    response = client.get(ACTIVATE)
    assert response.status_code == 302
    assert response.url == reverse("privacy:mfa_enrol")
    assert client.get(reverse("volunteers:organisation")).url == reverse("privacy:mfa_enrol")


def test_a_member_without_a_staff_role_sets_up_mfa_as_before(client_for, member):
    response = client_for(member).get(ACTIVATE)
    assert response.status_code == 200 or "reauthenticate" in response.url


def test_the_emailed_link_opens_the_set_up_page_once(
    client, new_admin, django_capture_on_commit_callbacks
):
    client.force_login(new_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("privacy:mfa_enrol"))
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [[new_admin.email]]
    token = _link_from_mail()
    stored = MfaEnrolmentLink.objects.get()
    assert stored.token_hash == hash_token(token)
    assert token not in stored.token_hash

    url = reverse("privacy:mfa_enrol_link", args=[token])
    assert client.get(url).status_code == 200  # a GET spends nothing (mail scanners)
    assert client.post(url).url == ACTIVATE
    assert SESSION_GRANT_KEY in client.session
    opened = client.get(ACTIVATE)
    # allauth's own page (or its password re-check first), not our redirect back.
    assert opened.status_code == 200 or "reauthenticate" in opened.url
    # Used: the link no longer works, in this session or any other.
    assert client.post(url).status_code == 404


def test_a_link_does_not_work_for_anyone_else(client, new_admin, admin_east, ask_for_link):
    client.force_login(new_admin)
    token = ask_for_link()
    client.force_login(admin_east)
    passed_mfa(client, admin_east)
    assert client.post(reverse("privacy:mfa_enrol_link", args=[token])).status_code == 404


def test_an_expired_link_does_not_work(client, new_admin, ask_for_link):
    client.force_login(new_admin)
    token = ask_for_link()
    MfaEnrolmentLink.objects.update(expires_at="2000-01-01T00:00Z")
    assert client.post(reverse("privacy:mfa_enrol_link", args=[token])).status_code == 404


def test_a_new_link_replaces_the_old(client, new_admin, ask_for_link):
    client.force_login(new_admin)
    first = ask_for_link()
    ask_for_link()
    assert client.post(reverse("privacy:mfa_enrol_link", args=[first])).status_code == 404


def test_no_link_without_a_verified_email(client, east):
    user = UserFactory(verified=False)
    grant(user, Role.TRAINER, east)
    client.force_login(user)
    client.post(reverse("privacy:mfa_enrol"))
    assert mail.outbox == []
    assert "not verified" in client.get(reverse("privacy:mfa_enrol")).content.decode()


def test_an_authenticator_is_not_enough_without_mfa_in_this_session(client, admin_east):
    client.force_login(admin_east)  # an authenticator, but the session never entered a code
    response = client.get(reverse("volunteers:organisation"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("mfa_reauthenticate"))
    passed_mfa(client, admin_east)
    assert client.get(reverse("volunteers:organisation")).status_code == 200


def test_wrong_methods(client, new_admin):
    client.force_login(new_admin)
    assert client.put(reverse("privacy:mfa_enrol")).status_code == 405
    assert client.put(reverse("privacy:mfa_enrol_link", args=["x"])).status_code == 405


def test_the_pages_need_sign_in(client):
    assert client.get(reverse("privacy:mfa_enrol")).status_code == 302
    assert client.get(reverse("privacy:mfa_enrol_link", args=["x"])).status_code == 302
