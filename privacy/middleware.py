"""Staff pages need MFA passed in this session, by an authenticator enrolled through a link."""

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from .mfa_enrolment import has_enrolment_grant

# Pages only staff reach.
STAFF_PATH_PREFIXES = ("/staff/", "/cms-admin/", "/django-admin/")


def passed_mfa_this_session(request) -> bool:
    """allauth records each authentication step in the session; "mfa" means this session
    entered a code from an authenticator (at sign-in or on re-authentication)."""
    return any(
        record.get("method") == "mfa"
        for record in get_authentication_records(request, request.user)
    )


class StaffMFAMiddleware:
    """A staff role takes effect only in a session that passed MFA.

    - Without an authenticator, the holder is sent to ask for an enrolment link by email;
      allauth's TOTP set-up page opens for them only in a session that used such a link, so
      the password alone cannot enrol an authenticator.
    - With one, a session that has not entered a code (signed in before enrolling) is asked
      for one through allauth's re-authentication page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            getattr(settings, "STAFF_MFA_REQUIRED", True)
            and request.user.is_authenticated
            and (request.user.is_staff_role_holder or request.user.is_staff)
        ):
            response = self._check(request)
            if response is not None:
                return response
        return self.get_response(request)

    def _check(self, request):
        if request.path == reverse("mfa_activate_totp"):
            if has_enrolment_grant(request):
                return None
            messages.warning(
                request,
                "Staff set up two-factor authentication through a link we email to you.",
            )
            return redirect("privacy:mfa_enrol")
        if not request.path.startswith(STAFF_PATH_PREFIXES):
            return None
        if not Authenticator.objects.filter(
            user=request.user, type=Authenticator.Type.TOTP
        ).exists():
            messages.warning(
                request,
                "Staff pages need two-factor authentication. We will email you a link to set "
                "up an authenticator app.",
            )
            return redirect("privacy:mfa_enrol")
        if not passed_mfa_this_session(request):
            return redirect(
                reverse("mfa_reauthenticate") + "?" + urlencode({"next": request.get_full_path()})
            )
        return None
