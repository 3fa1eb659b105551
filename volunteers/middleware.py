from csp.middleware import CSPMiddleware
from django.conf import settings

# The staff MFA check lives in privacy.middleware.StaffMFAMiddleware.


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
