from csp.middleware import CSPMiddleware
from django.conf import settings

# The staff MFA check lives in privacy.middleware.StaffMFAMiddleware.


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """A strict nonce policy everywhere except the admins, which cannot yet run under one."""

    def process_response(self, request, response):
        if request.path.startswith(settings.CSP_RELAXED_PATH_PREFIXES):
            response._csp_exempt = True
        return super().process_response(request, response)
