from allauth.mfa.models import Authenticator
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect

# Pages only staff reach; a staff role holder without an authenticator is sent to set one up.
STAFF_PATH_PREFIXES = ("/staff/", "/cms-admin/", "/django-admin/")


class StaffMFAMiddleware:
    """Every staff role must have MFA switched on before it can reach staff pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            getattr(settings, "STAFF_MFA_REQUIRED", True)
            and request.path.startswith(STAFF_PATH_PREFIXES)
            and request.user.is_authenticated
            and (request.user.is_staff_role_holder or request.user.is_staff)
            and not Authenticator.objects.filter(
                user=request.user, type=Authenticator.Type.TOTP
            ).exists()
        ):
            messages.warning(
                request,
                "Staff pages need two-factor authentication. Set up an authenticator app "
                "to continue.",
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """A strict nonce policy everywhere except the admins, which cannot yet run under one."""

    def process_response(self, request, response):
        if request.path.startswith(settings.CSP_RELAXED_PATH_PREFIXES):
            response._csp_exempt = True
        return super().process_response(request, response)


class SignedInMarkerMiddleware:
    """Mark every response with whether someone is signed in, so the members' service worker
    deletes the pages it keeps offline as soon as nobody is (after signing out, or when the
    session has ended)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        response["X-Signed-In"] = "1" if user is not None and user.is_authenticated else "0"
        return response
