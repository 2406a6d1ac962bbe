"""Calendar subscriptions: making a person's feed link, replacing it, and answering a feed
client cheaply.

A feed client (Outlook, Google, Apple) polls every few minutes to hours, for every person.
Each answer costs two queries: the token, and one aggregate over the person's meetings that
changes whenever anything in the feed changes (a meeting added, moved, renamed, cancelled,
a preparer changed, a membership ended). That aggregate is the ETag (a 304 when the client
has it) and the key of the built feed in Django's cache, so the feed is built again only
after a change, and every process sees the same version: nothing is kept per process.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Max, Sum, Value
from django.utils import timezone, translation

from meetings import calendar
from meetings.access import calendar_meetings
from meetings.models import CalendarFeed, Meeting
from meetings.models.calendar import new_feed_token
from plg.models import User
from plg.prepared import Prepared

#: Raise when the feed's layout changes, so cached feeds of the old layout are not served.
FEED_FORMAT = 1
CACHE_SECONDS = 24 * 60 * 60


@transaction.atomic
def regenerate_feed(*, user: User) -> CalendarFeed:
    """Make the person's feed link, or replace it: the old address answers 404 from now on."""
    feed, created = CalendarFeed.objects.select_for_update().get_or_create(user=user)
    if not created:
        feed.token = new_feed_token()
        feed.created_at = timezone.now()
        feed.save(update_fields=["token", "created_at"])
    return feed


def feed_meetings(user: User):
    """The person's meetings with what building their events reads, in date order."""
    return (
        calendar_meetings(user)
        .select_related(*calendar.CALENDAR_RELATED)
        .prefetch_related(*calendar.CALENDAR_PREFETCH)
        .order_by("date", "start_time", "pk")
    )


@dataclass(frozen=True)
class FeedVersion:
    etag: str
    last_modified: datetime.datetime


#: The aggregate as one row (grouped by a constant: no GROUP BY), compiled once
#: (plg/prepared.py): every feed client's poll runs it.
_FEED_STATE = Prepared(
    lambda user: (
        calendar_meetings(user)
        .order_by()
        .annotate(whole=Value(1))
        .values("whole")
        .annotate(
            count=Count("pk"), ids=Sum("pk"), sequences=Sum("sequence"), changed=Max("changed_at")
        )
        .values_list("count", "ids", "sequences", "changed")
    ),
    user=int,
)


def feed_version(feed: CalendarFeed, *, base_url: str) -> FeedVersion:
    """One aggregate query: a fingerprint of everything the feed shows. Last-Modified is the
    latest change of a meeting, of the person's memberships, or of the link itself."""
    [(count, ids, sequences, latest)] = _FEED_STATE(user=feed.user_id)
    moments = [latest, getattr(feed, "memberships_changed", None), feed.created_at]
    changed = max(m for m in moments if m is not None)
    fingerprint = "|".join(
        str(part)
        for part in (
            FEED_FORMAT,
            feed.token_hash,
            base_url,
            translation.get_language(),
            count,
            ids,
            sequences,
            changed.isoformat(),
        )
    )
    return FeedVersion(
        etag=hashlib.sha256(fingerprint.encode()).hexdigest()[:32], last_modified=changed
    )


def feed_body(feed: CalendarFeed, version: FeedVersion, *, base_url: str) -> bytes:
    """The feed for this version: from the cache, or built (two queries) and cached."""
    key = f"calendar-feed:{feed.token_hash}:{version.etag}"
    body = cache.get(key)
    if body is None:
        body = calendar.feed_for(feed.user, feed_meetings(feed.user), base_url=base_url).to_ical()
        cache.set(key, body, CACHE_SECONDS)
    return body


def meeting_ics(meeting: Meeting, user: User, *, base_url: str) -> bytes:
    """One meeting's .ics for a member (the preparers are read once here)."""
    return calendar.meeting_ics(meeting, user, base_url=base_url)
