"""The first journey anyone takes: sign up, verify the email, sign in, set up MFA."""

import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.core import mail

from tests.e2e.conftest import assert_accessible, totp_code

pytestmark = pytest.mark.django_db(transaction=True)

EMAIL = "new.applicant@example.org"
PASSWORD = "a long enough passphrase"


def _sign_in(page, email=EMAIL, password=PASSWORD):
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign In").click()


def _sign_out(page):
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/")


def test_sign_up_verify_sign_in_and_set_up_mfa(page):
    page.goto("/")
    assert_accessible(page)
    page.get_by_role("link", name="Create an account to apply").click()
    assert_accessible(page)

    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()

    # Verify the email with the code we were sent.
    page.wait_for_url("**/accounts/confirm-email/**")
    assert_accessible(page)
    assert [m.to for m in mail.outbox] == [[EMAIL]]
    code = re.search(r"Please enter it.*?\n\s*\n(\S+)", mail.outbox[0].body, re.S).group(1)
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url("**/dashboard/")
    assert page.get_by_role("heading", name="Your dashboard").is_visible()
    assert page.get_by_text("Applicant", exact=True).is_visible()
    assert_accessible(page)

    # Sign out and back in with the password.
    _sign_out(page)
    _sign_in(page)
    page.wait_for_url("**/dashboard/")

    # Set up an authenticator app.
    page.get_by_role("link", name="Two-factor authentication").click()
    assert_accessible(page)
    page.goto("/accounts/2fa/totp/activate/")
    if "/reauthenticate/" in page.url:
        # allauth asks for the password again before a security change.
        assert_accessible(page)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Confirm").click()
        page.wait_for_url("**/2fa/totp/activate/")
    assert_accessible(page)
    secret = page.locator("#authenticator_secret").input_value()
    page.get_by_label("Authenticator code").fill(totp_code(secret))
    page.get_by_role("button", name="Activate").click()
    # The click starts a navigation: wait until it has left the set-up page, not just for load.
    page.wait_for_url(lambda url: "/totp/activate/" not in url)
    assert Authenticator.objects.filter(user__email=EMAIL, type="totp").exists()

    # From now on, signing in asks for a code: a recovery code works once.
    _sign_out(page)
    _sign_in(page)
    page.wait_for_url("**/accounts/2fa/authenticate/")
    assert_accessible(page)
    recovery = Authenticator.objects.get(user__email=EMAIL, type="recovery_codes")
    page.get_by_label("Code").fill(RecoveryCodes(recovery).get_unused_codes()[0])
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/dashboard/")


def test_a_wrong_verification_code_is_refused_with_a_clear_message(page):
    page.goto("/accounts/signup/")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    page.wait_for_url("**/accounts/confirm-email/**")
    page.get_by_label("Code").fill("WRONG1")
    page.get_by_role("button", name="Confirm").click()
    assert page.get_by_text("There is a problem").is_visible()
    assert_accessible(page)
