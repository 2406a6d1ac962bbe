"""The reminders `manage.py send_mail` queues before each meeting.

- a week before: everyone expected (minus agreed absences), with the theme and a call to
  bring in a case;
- two weeks before: the meeting's preparers.

Reminders are found by a date window (from 7, resp. 14, days before the meeting until it
starts), not on one exact day, so a cron run that comes late still sends them, once: the
outbox key is the meeting and its date, so a moved meeting gets a new reminder and the same
date never a second one.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from meetings import attendance as attendance_rule
from meetings import calendar
from meetings.models import MailKind, Meeting
from meetings.notifications import Mail, absolute_url, queue_many
from meetings.services import attendance

WEEK_BEFORE = 7
TWO_WEEKS_BEFORE = 14


def _starts_at(meeting: Meeting) -> datetime.datetime:
    zone = ZoneInfo(settings.TIME_ZONE)
    return datetime.datetime.combine(meeting.date, meeting.start_time, tzinfo=zone)


def meeting_context(meeting: Meeting) -> dict:
    """What every mail about a meeting says of it, in Dutch, as JSON strings."""
    team = meeting.school_year.team
    detail = reverse("meeting_detail", args=[team.slug, meeting.pk])
    return {
        "meeting": f"{meeting.get_kind_display()} {meeting.number}",
        "theme": meeting.theme.title if meeting.theme else "",
        "date": date_format(meeting.date, "l j F Y"),
        "time": meeting.start_time.strftime("%H:%M"),
        "end_time": meeting.end_time.strftime("%H:%M"),
        "room": meeting.room,
        "team": team.name,
        "meeting_url": absolute_url(detail),
    }


def _attachment(meeting: Meeting, person) -> dict:
    """The meeting as an .ics for this person: the same event as in their calendar feed
    (meetings/calendar.py: same UID and SEQUENCE, "you prepare" on a preparer's)."""
    content = calendar.meeting_ics(meeting, person, base_url=settings.SITE_URL)
    return {
        "filename": f"bijeenkomst-{meeting.number}.ics",
        "content": content.decode(),
        "mimetype": "text/calendar; charset=utf-8; method=PUBLISH",
    }


def reminders_due(now: datetime.datetime) -> list[Mail]:
    """Every reminder whose window is open now: to everyone expected but those excused
    (an agreed afmelding), and to the preparers. A fixed number of queries per team with a
    meeting in the next two weeks, however large the team."""
    today = timezone.localdate(now)
    meetings = (
        Meeting.objects.filter(
            date__gte=today, date__lte=today + datetime.timedelta(days=TWO_WEEKS_BEFORE)
        )
        .select_related("theme", "school_year__team")
        .prefetch_related("preparers")
        .order_by("date", "start_time", "pk")
    )
    meetings = [m for m in meetings if _starts_at(m) > now]
    by_team: dict[int, list[Meeting]] = {}
    for meeting in meetings:
        by_team.setdefault(meeting.school_year.team_id, []).append(meeting)
    expected = {}
    for team_meetings in by_team.values():
        expected.update(attendance.for_meetings(team_meetings))
    mails: list[Mail] = []
    with translation.override(settings.LANGUAGE_CODE):
        for meeting in meetings:
            days = (meeting.date - today).days
            context = meeting_context(meeting)
            team = meeting.school_year.team
            key = f"meeting-{meeting.pk}-{meeting.date.isoformat()}"
            if days <= WEEK_BEFORE:
                case_url = absolute_url(
                    reverse("case_new", args=[team.slug]) + f"?bijeenkomst={meeting.pk}"
                )
                subject = _("Next week: %(meeting)s on %(date)s") % context
                mails += [
                    Mail(
                        person,
                        MailKind.MEETING_REMINDER,
                        key,
                        subject,
                        "meeting_reminder",
                        {**context, "case_url": case_url},
                        [_attachment(meeting, person)],
                    )
                    for person, row in expected[meeting.pk].people
                    if row is None or row.status != attendance_rule.EXCUSED
                ]
            preparers = list(meeting.preparers.all())
            prepare_url = absolute_url(reverse("meeting_prepare", args=[team.slug, meeting.pk]))
            subject = _("In two weeks: you prepare %(meeting)s on %(date)s") % context
            for person in preparers:
                others = ", ".join(p.get_full_name() or p.email for p in preparers if p != person)
                mails.append(
                    Mail(
                        person,
                        MailKind.PREPARER_REMINDER,
                        key,
                        subject,
                        "preparer_reminder",
                        {**context, "prepare_url": prepare_url, "co_preparers": others},
                        [_attachment(meeting, person)],
                    )
                )
    return mails


def queue_reminders(now: datetime.datetime | None = None) -> int:
    """Queue the reminders that are due; returns how many are new."""
    return queue_many(reminders_due(now or timezone.now()))
