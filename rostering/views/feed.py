"""The personal calendar feed, reached without signing in by a secret token in the URL.

Calendar clients poll every feed every hour or so, and nearly every poll finds nothing new, so
the 304 answer is decided from a cheap validator (two aggregate queries) before the calendar
is built, and the body is gzipped for clients that accept it.
"""

import datetime
import hashlib
import logging

from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.http import http_date, parse_http_date_safe
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_GET

from .. import selectors
from ..calendar import build_calendar
from ..models import CalendarFeed
from ..services.cover import hash_token

logger = logging.getLogger(__name__)

# How stale `last_used_at` may be: it answers "is this feed still in use?", not "when exactly".
LAST_USED_RESOLUTION = datetime.timedelta(hours=1)


def _opaque(tag: str) -> str:
    tag = tag.strip()
    return tag[2:] if tag.startswith("W/") else tag


def etag_matches(header: str, etag: str) -> bool:
    """If-None-Match by RFC 9110's weak comparison: `W/"x"` matches `"x"`; `*` matches any."""
    if header.strip() == "*":
        return True
    return _opaque(etag) in {_opaque(tag) for tag in header.split(",") if tag.strip()}


@require_GET
@gzip_page
def calendar_feed(request, token):
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(token_hash=hash_token(token), revoked_at__isnull=True)
        .first()
    )
    if feed is None or not feed.user.is_active:
        raise Http404("No such calendar")
    now = timezone.now()
    if feed.last_used_at is None or now - feed.last_used_at >= LAST_USED_RESOLUTION:
        CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=now)
        logger.info("Calendar feed %s read", feed.pk)
    source, modified = selectors.feed_validator(feed.user)
    # Weak: the same events may be serialised (or compressed) to different bytes.
    etag = 'W/"' + hashlib.sha256(f"{feed.pk}|{source}".encode()).hexdigest()[:32] + '"'
    last_modified = int((modified or feed.created_at).timestamp())
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    match = request.headers.get("If-None-Match")
    if (match is not None and etag_matches(match, etag)) or (
        match is None and since is not None and since >= last_modified
    ):
        response = HttpResponseNotModified()
    else:
        body = build_calendar(
            selectors.feed_assignments(feed.user),
            training=selectors.feed_training(feed.user),
            uid=f"feed-{feed.user.pk}@childrens-panel",
            name="Children's Panel sittings",
            feed=True,
        )
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="sittings.ics"'
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response
