"""The personal calendar feed, reached without signing in by a secret token in the URL."""

import hashlib
import logging

from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.http import http_date, parse_http_date_safe
from django.views.decorators.http import require_GET

from .. import selectors
from ..calendar import build_calendar
from ..models import CalendarFeed
from ..services.cover import hash_token

logger = logging.getLogger(__name__)


@require_GET
def calendar_feed(request, token):
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(token_hash=hash_token(token), revoked_at__isnull=True)
        .first()
    )
    if feed is None or not feed.user.is_active:
        raise Http404("No such calendar")
    CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=timezone.now())
    logger.info("Calendar feed %s read", feed.pk)
    sittings = selectors.feed_assignments(feed.user)
    training = selectors.feed_training(feed.user)
    body = build_calendar(
        sittings,
        training=training,
        uid=f"feed-{feed.user.pk}@childrens-panel",
        name="Children's Panel sittings",
        feed=True,
    )
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    modified = max(
        [a.updated_at for a in sittings] + [e.created_at for e in training],
        default=feed.created_at,
    )
    last_modified = int(modified.timestamp())
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    match = request.headers.get("If-None-Match")
    if (match and etag in [m.strip() for m in match.split(",")]) or (
        match is None and since is not None and since >= last_modified
    ):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="sittings.ics"'
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response
