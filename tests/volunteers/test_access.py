"""Sign-in, MFA enforcement for staff, and the admins' login pages routed through allauth."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory, grant
from volunteers.models import Role, User

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("volunteers:organisation"))
    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/staff/organisation/"


@pytest.mark.parametrize(
    "role", sorted(r.value for r in Role if r not in ("applicant", "panel_member"))
)
def test_staff_without_an_authenticator_are_sent_to_set_one_up(client, east, role):
    user = UserFactory()
    grant(user, role, east if role in ("ppa", "trainer", "regional_admin") else None)
    client.force_login(user)
    response = client.get(reverse("volunteers:organisation"))
    assert response.status_code == 302
    assert response.url == reverse("privacy:mfa_enrol")


def test_staff_with_an_authenticator_reach_staff_pages(client_for, admin_east):
    response = client_for(admin_east).get(reverse("volunteers:organisation"))
    assert response.status_code == 200


def test_panel_members_need_no_authenticator_for_their_own_pages(client_for, member):
    response = client_for(member).get(reverse("dashboard"))
    assert response.status_code == 200
    assert b"Panel member" in response.content


def test_members_cannot_reach_staff_pages(client_for, member):
    assert client_for(member).get(reverse("volunteers:organisation")).status_code == 403


def test_wagtail_login_goes_through_allauth(client):
    response = client.get("/cms-admin/login/?next=/cms-admin/")
    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/cms-admin/"


def test_wagtail_admin_redirects_to_allauth(client):
    response = client.get("/cms-admin/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_django_admin_login_goes_through_allauth(client):
    response = client.get("/django-admin/login/?next=/django-admin/")
    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/django-admin/"


def test_wagtail_admin_needs_mfa_for_staff(client, editor):
    editor.authenticator_set.all().delete()
    client.force_login(editor)
    response = client.get("/cms-admin/")
    assert response.status_code == 302
    assert response.url == reverse("privacy:mfa_enrol")


def test_password_sign_in_of_a_staff_member_asks_for_the_authenticator_code(client, admin_east):
    response = client.post(
        reverse("account_login"),
        {"login": admin_east.email, "password": "correct horse battery"},
    )
    assert response.status_code == 302
    assert response.url == reverse("mfa_authenticate")
    # Not signed in until the code is given.
    assert client.get(reverse("dashboard")).status_code == 302


def test_sign_up_makes_an_applicant_and_sends_a_verification_code(client, mailoutbox):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "new.person@example.org",
            "password1": "a-long-enough-password",
            "password2": "a-long-enough-password",
        },
    )
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["new.person@example.org"]

    user = User.objects.get(email="new.person@example.org")
    assert user.role_names() == {Role.APPLICANT}


def test_unverified_users_cannot_sign_in(client):
    UserFactory(email="unverified@example.org", verified=False)
    response = client.post(
        reverse("account_login"),
        {"login": "unverified@example.org", "password": "correct horse battery"},
    )
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")


def test_public_pages_render(client):
    for url in ["/", reverse("privacy"), reverse("accessibility"), reverse("account_login")]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert b'href="#main-content"' in response.content


def test_public_pages_carry_a_strict_content_security_policy(client):
    policy = client.get(reverse("privacy"))["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in policy
    assert "unsafe-inline" not in policy


def test_public_pages_reject_posts(client):
    assert client.post(reverse("privacy")).status_code == 405
    assert client.post(reverse("accessibility")).status_code == 405


def test_dashboard_rejects_posts(client_for, member):
    assert client_for(member).post(reverse("dashboard")).status_code == 405


def test_unknown_pages_get_the_designed_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content


def test_password_reset_sends_a_code_to_known_addresses_only(client, member, mailoutbox):
    response = client.post(reverse("account_reset_password"), {"email": member.email})
    assert response.status_code == 302
    assert [m.to for m in mailoutbox] == [[member.email]]
    # An unknown address gets the same answer, so the form does not reveal who has an account.
    response = client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    assert response.status_code == 302
