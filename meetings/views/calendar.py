"""Calendars: the personal feed (no login, the token is the key), the subscription page, one
meeting's .ics, and the team leader's cancel button (calendars show a cancelled meeting)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from meetings import calendar, services
from meetings.access import calendar_feed_for, meeting_for, own_calendar_feed
from meetings.models import Meeting
from meetings.services import calendar as calendar_services

ICS_TYPE = "text/calendar; charset=utf-8"
#: Feed clients may keep an answer this long before asking again (with If-None-Match).
FEED_MAX_AGE = 15 * 60


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


def _feed_url(request: HttpRequest, token: str) -> str:
    return request.build_absolute_uri(reverse("calendar_feed", kwargs={"token": token}))


@login_not_required
@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The person's iCalendar feed: 304 when the client's copy is current, else the feed
    from the cache (built again only after a change)."""
    feed = calendar_feed_for(token)
    base_url = _base_url(request)
    version = calendar_services.feed_version(feed, base_url=base_url)
    etag = f'"{version.etag}"'
    modified = int(version.last_modified.timestamp())
    response = get_conditional_response(request, etag=etag, last_modified=modified)
    if response is None:
        body = calendar_services.feed_body(feed, version, base_url=base_url)
        response = HttpResponse(body, content_type=ICS_TYPE)
        response["Content-Disposition"] = 'inline; filename="plg-bijeenkomsten.ics"'
    response["ETag"] = etag
    response["Last-Modified"] = http_date(modified)
    response["Cache-Control"] = f"private, max-age={FEED_MAX_AGE}"
    response["X-Robots-Tag"] = "noindex"
    return response


def calendar_subscription(request: HttpRequest) -> HttpResponse:
    """The page with the person's feed address and how to subscribe to it."""
    feed = own_calendar_feed(request)
    feed_url = _feed_url(request, feed.token) if feed else ""
    return render(
        request,
        "meetings/calendar.html",
        {
            "feed": feed,
            "feed_url": feed_url,
            "webcal_url": feed_url.replace("https://", "webcal://", 1).replace(
                "http://", "webcal://", 1
            ),
        },
    )


@require_POST
def calendar_regenerate(request: HttpRequest) -> HttpResponse:
    """Make the feed link, or a new one: the old address stops working."""
    had_feed = own_calendar_feed(request) is not None
    calendar_services.regenerate_feed(user=request.user)
    if had_feed:
        messages.success(
            request,
            _(
                "A new calendar link has been made. The old link no longer works: subscribe "
                "again with the new one."
            ),
        )
    else:
        messages.success(request, _("Your calendar link has been made."))
    return redirect("calendar_subscription")


#: What an .ics file of one meeting shows (a constant: meeting_for compiles its lookup once).
MEETINGS_WITH_PREPARERS = Meeting.objects.prefetch_related("preparers")


def meeting_ics(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    """One meeting as an .ics file, for the members of its team."""
    _membership, meeting = meeting_for(request, team_slug, pk, queryset=MEETINGS_WITH_PREPARERS)
    body = calendar_services.meeting_ics(meeting, request.user, base_url=_base_url(request))
    response = HttpResponse(body, content_type=ICS_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{calendar.ics_filename(meeting)}"'
    return response


@require_POST
def meeting_cancel(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    """The team leader cancels a meeting (or takes the cancellation back); calendars that
    subscribed show it as cancelled."""
    _membership, meeting = meeting_for(request, team_slug, pk, leader=True)
    cancel = request.POST.get("cancelled") != "0"
    if services.set_cancelled(meeting=meeting, cancelled=cancel):
        if cancel:
            text = _("%(meeting)s has been cancelled; calendars show it as cancelled.")
        else:
            text = _("%(meeting)s takes place again.")
        messages.success(request, text % {"meeting": meeting})
    return redirect(
        reverse("planner", kwargs={"team_slug": team_slug, "pk": meeting.school_year_id})
        + f"#meeting-{meeting.pk}"
    )
