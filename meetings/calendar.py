"""iCalendar (RFC 5545) for the meetings: one event per meeting, a person's feed of all their
teams' meetings, and the .ics file of one meeting (for the download and for e-mails).

The event of a meeting keeps its UID for ever (`meeting-<pk>@plg-cyclus`), so a calendar
that polls the feed updates a moved meeting instead of adding a second one; SEQUENCE is the
meeting's own counter, raised by the services whenever date, time, room, theme or
cancellation change. Times are local Amsterdam times with their VTIMEZONE, as Outlook wants.

Everything here is pure: it takes meetings (with theme, team and preparers at hand: see
`CALENDAR_MEETINGS`) and returns icalendar objects or bytes. Which meetings a person sees is
the access layer's rule (meetings.access.calendar_meetings).
"""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Iterable

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, Timezone

from meetings.models import Meeting
from plg.models import User

ZONE_NAME = "Europe/Amsterdam"
ZONE = zoneinfo.ZoneInfo(ZONE_NAME)
PRODID = "-//PLG Cyclus//Themabijeenkomsten//NL"

#: What building an event reads of a meeting: add it to any queryset passed in here.
CALENDAR_RELATED = ("theme", "school_year__team")
CALENDAR_PREFETCH = ("preparers",)

#: Europe/Amsterdam as the EU rules give it since 1996: two lines of rules instead of a list
#: of dates, which is what Outlook and Apple Calendar expect.
VTIMEZONE = f"""BEGIN:VTIMEZONE
TZID:{ZONE_NAME}
X-LIC-LOCATION:{ZONE_NAME}
BEGIN:DAYLIGHT
TZNAME:CEST
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZNAME:CET
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE
"""


def uid_domain() -> str:
    return getattr(settings, "CALENDAR_UID_DOMAIN", "plg-cyclus")


def meeting_uid(meeting: Meeting) -> str:
    return f"meeting-{meeting.pk}@{uid_domain()}"


def prepares(meeting: Meeting, person: User) -> bool:
    """Reads the prefetched preparers."""
    return any(p.pk == person.pk for p in meeting.preparers.all())


def meeting_title(meeting: Meeting) -> str:
    subject = str(meeting.theme) if meeting.theme else str(meeting.get_kind_display()).capitalize()
    return _("PLG meeting %(number)s: %(subject)s") % {
        "number": meeting.number,
        "subject": subject,
    }


def meeting_url(meeting: Meeting, base_url: str = "") -> str:
    path = reverse(
        "meeting_detail", kwargs={"team_slug": meeting.school_year.team.slug, "pk": meeting.pk}
    )
    return base_url.rstrip("/") + path if base_url else path


def _description(meeting: Meeting, person: User, link: str) -> str:
    lines = [meeting_title(meeting), str(meeting.school_year.team)]
    if meeting.theme:
        lines.append(_("Theme: %(theme)s") % {"theme": meeting.theme})
        if meeting.theme.description:
            lines.append(meeting.theme.description)
    names = [str(p) for p in meeting.preparers.all()]
    if names:
        lines.append(_("Prepared by: %(names)s") % {"names": ", ".join(names)})
    if prepares(meeting, person):
        lines.append(_("You prepare this meeting."))
    if meeting.cancelled:
        lines.append(_("This meeting has been cancelled."))
    lines.append(link)
    return "\n".join(lines)


def meeting_event(meeting: Meeting, person: User, *, base_url: str = "") -> Event:
    """The VEVENT of one meeting as `person` sees it (their role in the title)."""
    link = meeting_url(meeting, base_url)
    summary = meeting_title(meeting)
    categories = ["PLG"]
    if prepares(meeting, person):
        summary = _("%(title)s (you prepare)") % {"title": summary}
        categories.append(_("Preparing"))
    if meeting.cancelled:
        summary = _("Cancelled: %(title)s") % {"title": summary}
    start = meeting.starts_at.replace(tzinfo=ZONE)
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", meeting.changed_at.astimezone(datetime.UTC))
    event.add("last-modified", meeting.changed_at.astimezone(datetime.UTC))
    event.add("dtstart", start)
    event.add("dtend", start + datetime.timedelta(minutes=meeting.duration_minutes))
    event.add("summary", summary)
    event.add("description", _description(meeting, person, link))
    if meeting.room:
        event.add("location", meeting.room)
    if base_url:
        event.add("url", link)
    event.add("categories", categories)
    event.add("status", "CANCELLED" if meeting.cancelled else "CONFIRMED")
    event.add("transp", "TRANSPARENT" if meeting.cancelled else "OPAQUE")
    return event


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", ZONE_NAME)
    calendar.add_component(Timezone.from_ical(VTIMEZONE))
    return calendar


def feed_for(person: User, meetings: Iterable[Meeting], *, base_url: str = "") -> Calendar:
    """The person's feed: the given meetings (the access layer chooses them) as events.
    Feed clients refresh about every hour (REFRESH-INTERVAL, X-PUBLISHED-TTL)."""
    calendar = _calendar(_("PLG meetings"))
    calendar.add("refresh-interval", datetime.timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting, person, base_url=base_url))
    return calendar


def meeting_ics(meeting: Meeting, person: User, *, base_url: str = "") -> bytes:
    """One meeting as an .ics file (the download on the meeting page, an e-mail's
    attachment). Same UID and SEQUENCE as in the feed, so importing it twice updates."""
    calendar = _calendar(meeting_title(meeting))
    calendar.add_component(meeting_event(meeting, person, base_url=base_url))
    return calendar.to_ical()


def ics_filename(meeting: Meeting) -> str:
    return f"bijeenkomst-{meeting.number}-{meeting.date:%Y-%m-%d}.ics"
