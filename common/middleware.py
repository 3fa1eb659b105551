"""Responses to a signed-in person are never stored by browsers or shared caches."""

from django.conf import settings

# Static files never reach here (WhiteNoise answers first); the calendar feed is fetched by
# calendar apps with no session and sets its own caching (ETag, Last-Modified).
DEFAULT_EXEMPT_PREFIXES = ("/static/", "/calendar/")


class PrivateCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.exempt = getattr(settings, "PRIVATE_CACHE_EXEMPT_PREFIXES", DEFAULT_EXEMPT_PREFIXES)

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not request.path.startswith(self.exempt):
            response["Cache-Control"] = "no-store, private"
            response.headers.pop("Expires", None)
        return response
