"""The members' installable web app: its manifest and service worker, served from the root."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET


@require_GET
@cache_control(max_age=86400, public=True)
def manifest(request):
    icons = [
        {"src": static("icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
        {"src": static("icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
        {
            "src": static("icons/icon-maskable-512.png"),
            "sizes": "512x512",
            "type": "image/png",
            "purpose": "maskable",
        },
    ]
    return JsonResponse(
        {
            "name": settings.SITE_NAME,
            "short_name": "Panel",
            "description": "Your sittings, availability and record of service.",
            "lang": "en-GB",
            "id": "/",
            "start_url": reverse("rostering:my_sittings"),
            "scope": "/",
            "display": "standalone",
            "background_color": "#ffffff",
            "theme_color": "#0065bd",
            "icons": icons,
        },
        content_type="application/manifest+json",
    )


@require_GET
@cache_control(no_cache=True)
def service_worker(request):
    # Served from the root so that it may control every page; browsers check for a new
    # version on each navigation because of no-cache.
    response = render(
        request,
        "rostering/app/sw.js",
        {"sittings_url": reverse("rostering:my_sittings"), "static_url": settings.STATIC_URL},
        content_type="text/javascript; charset=utf-8",
    )
    response["Service-Worker-Allowed"] = "/"
    return response
