"""One meeting as an iCalendar file (.ics), attached to the reminder e-mails.

A small stand-in until meetings/calendar.py (the calendar feed, issue 11 item 1) builds one
meeting's event: then `meeting_ics` should call that, so the attachment and the feed carry
the same event id and a calendar updates one event instead of adding a second.
Times are written in UTC, so no VTIMEZONE is needed.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone, translation

from meetings.models import Meeting

CRLF = "\r\n"


def event_uid(meeting: Meeting) -> str:
    return f"meeting-{meeting.pk}@plg-cyclus"


def _text(value: str) -> str:
    """RFC 5545 TEXT: backslash, semicolon, comma and newlines escaped."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space."""
    out, current = [], ""
    for char in line:
        if len((current + char).encode()) > 75:
            out.append(current)
            current = " " + char
        else:
            current += char
    out.append(current)
    return CRLF.join(out)


def meeting_ics(meeting: Meeting, *, url: str = "", now: datetime.datetime | None = None) -> str:
    """The meeting as a calendar file with one event, in Dutch (title, theme, room)."""
    zone = ZoneInfo(settings.TIME_ZONE)
    starts = datetime.datetime.combine(meeting.date, meeting.start_time, tzinfo=zone)
    ends = starts + datetime.timedelta(minutes=meeting.duration_minutes)
    with translation.override(settings.LANGUAGE_CODE):
        title = f"{meeting.get_kind_display().capitalize()} {meeting.number}"
        if meeting.theme:
            title += f": {meeting.theme.title}"
        team = meeting.school_year.team.name
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//PLG Cyclus//NL",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{event_uid(meeting)}",
        f"DTSTAMP:{_utc(now or timezone.now())}",
        f"DTSTART:{_utc(starts)}",
        f"DTEND:{_utc(ends)}",
        f"SUMMARY:{_text(title)}",
        f"DESCRIPTION:{_text(team + (chr(10) + url if url else ''))}",
    ]
    if meeting.room:
        lines.append(f"LOCATION:{_text(meeting.room)}")
    if url:
        lines.append(f"URL:{url}")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return CRLF.join(_fold(line) for line in lines) + CRLF
