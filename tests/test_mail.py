"""E-mail (issue 11, item 4): reminders and notices go through the outbox and
`manage.py send_mail`, each message once; each person chooses which mails they get.

The cast (tests/conftest.py): alice leads the team, bob and dave (ontwikkelteam) prepare
`meeting` (meeting 3), carol is a teamlid. The team leader is not expected at meeting 3.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter

import icalendar
import pytest
from django.core import mail, signing
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meetings import calendar
from meetings.models import Attendance, MailKind, MailOptOut, Meeting, OutboxMessage, Report
from meetings.notifications import (
    LEASE,
    queue,
    send_pending,
    unsubscribe_token,
)
from meetings.services import reports as report_services
from meetings.services.reminders import queue_reminders
from plg.models import Role
from tests.factories import AttendanceFactory, MembershipFactory, ReportFactory, ThemeFactory
from tests.mail_backends import FailOnThird

SITE = "http://localhost:8000"


@pytest.fixture(autouse=True)
def _locmem(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = SITE
    FailOnThird.reset()


def _in_days(meeting: Meeting, days: int) -> Meeting:
    """Put `meeting` `days` from today and every other meeting far away (the tests run on
    any date, also in the middle of the fixture's school year)."""
    today = timezone.localdate()
    Meeting.objects.exclude(pk=meeting.pk).update(date=today + datetime.timedelta(days=400))
    meeting.date = today + datetime.timedelta(days=days)
    meeting.start_time = datetime.time(14, 30)
    meeting.room = "B2.14"
    meeting.save()
    return meeting


@pytest.fixture
def soon(meeting, alice, carol) -> Meeting:
    """Meeting 3 in five days, on the theme "Grenzen stellen"."""
    meeting.theme = ThemeFactory(team=meeting.school_year.team, title="Grenzen stellen")
    return _in_days(meeting, 5)


def sent() -> list[tuple[str, str]]:
    return [(m.to[0], m.subject) for m in mail.outbox]


def to(person) -> list:
    return [m for m in mail.outbox if m.to == [person.email]]


def html(message) -> str:
    [(content, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return content


# --- once, and once only ----------------------------------------------------------------------


def test_the_command_run_twice_sends_each_message_once(soon, alice, bob, carol, dave):
    call_command("send_mail", stdout=None)
    first = sent()
    call_command("send_mail")

    assert sent() == first
    # everyone expected gets the week reminder, the two preparers also theirs
    assert Counter(to for to, _subject in first) == {
        bob.email: 2,
        dave.email: 2,
        carol.email: 1,
    }
    assert not to(alice)  # the team leader is not expected at meeting 3
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {"sent"}


def test_a_crash_halfway_then_a_rerun_sends_each_message_exactly_once(settings, soon):
    settings.EMAIL_BACKEND = "tests.mail_backends.FailOnThird"

    with pytest.raises(CommandError, match="2 sent"):
        call_command("send_mail")
    assert len(mail.outbox) == 2
    failed = OutboxMessage.objects.get(attempts=1, status="pending")
    assert "Connection unexpectedly closed" in failed.last_error

    call_command("send_mail")
    call_command("send_mail")

    assert len(mail.outbox) == OutboxMessage.objects.count() == 5
    assert len(set(sent())) == 5  # no message twice
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {"sent"}


def test_a_run_that_died_holding_messages_leaves_them_to_the_next_run_after_the_lease(soon):
    """A killed process cannot release what it took: another run leaves those messages
    alone while the lease lasts (it may still be sending them), and sends them after."""
    queue_reminders()
    now = timezone.now()
    OutboxMessage.objects.update(claimed_until=now + LEASE)

    assert send_pending(now=now).sent == 0
    assert send_pending(now=now + LEASE + datetime.timedelta(seconds=1)).sent == 5
    assert len(mail.outbox) == 5


def test_a_late_run_still_sends_the_reminders_once(meeting, alice, carol):
    """No cron run on the day a week before: the run three days before sends them."""
    _in_days(meeting, 3)

    call_command("send_mail")
    call_command("send_mail")

    assert len(to(carol)) == 1
    assert len([m for m in mail.outbox if "Over twee weken" in m.subject]) == 2


def test_no_reminder_before_the_window_nor_after_the_meeting(meeting, carol, bob):
    _in_days(meeting, 8)
    call_command("send_mail")
    assert [m.subject.split(":")[0] for m in mail.outbox] == ["Over twee weken"] * 2
    assert not to(carol)

    mail.outbox.clear()
    _in_days(meeting, 15)
    call_command("send_mail")
    assert mail.outbox == []

    _in_days(meeting, -1)
    call_command("send_mail")
    assert mail.outbox == []


def test_a_moved_meeting_gets_a_new_reminder_for_its_new_date(soon, carol):
    call_command("send_mail")
    _in_days(soon, 6)
    call_command("send_mail")
    call_command("send_mail")

    subjects = [m.subject for m in to(carol)]
    assert len(subjects) == 2
    assert subjects[0] != subjects[1]


def test_an_agreed_absence_gets_no_reminder(soon, alice, carol, bob):
    AttendanceFactory(meeting=soon, user=carol, status=Attendance.Status.EXCUSED, recorded_by=alice)

    call_command("send_mail")

    assert not to(carol)
    assert to(bob)


# --- what the messages say --------------------------------------------------------------------


def test_the_week_reminder_is_in_dutch_with_the_theme_the_case_link_and_the_ics(soon, carol):
    call_command("send_mail")

    [message] = to(carol)
    case_url = f"{SITE}/t/dier-en-groen/casussen/nieuw/?bijeenkomst={soon.pk}"
    assert message.subject.startswith("Volgende week: themabijeenkomst 3 op ")
    for part in (message.body, html(message)):
        assert "Beste Carol," in part
        assert "Thema: Grenzen stellen" in part
        assert "Lokaal: B2.14" in part
        assert "Heb je een casus uit je eigen werk" in part
        assert "De agenda-uitnodiging zit als bijlage" in part
        assert "Zet deze e-mail met één klik uit" in part
    assert case_url in message.body
    assert f'href="{case_url.replace("&", "&amp;")}"' in html(message)
    assert "14:30 tot 17:00" in message.body
    [(filename, content, mimetype)] = message.attachments
    assert filename == "bijeenkomst-3.ics"
    assert mimetype.startswith("text/calendar")
    # The same event as in Carol's calendar feed (meetings/calendar.py), so importing the
    # attachment and subscribing to the feed give one meeting, not two.
    [event] = icalendar.Calendar.from_ical(content).walk("VEVENT")
    feed_event = calendar.meeting_event(soon, carol)
    assert str(event["uid"]) == f"meeting-{soon.pk}@plg-cyclus" == str(feed_event["uid"])
    assert event["sequence"] == feed_event["sequence"]
    starts = datetime.datetime.combine(
        soon.date, datetime.time(14, 30), tzinfo=timezone.get_current_timezone()
    )
    assert event.decoded("dtstart") == starts
    assert str(event["summary"]) == str(feed_event["summary"])
    assert "Grenzen stellen" in str(event["summary"])
    assert str(event["location"]) == "B2.14"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_the_preparers_reminder_links_to_preparing_and_names_the_other_preparer(soon, bob, dave):
    call_command("send_mail")

    [message] = [m for m in to(bob) if m.subject.startswith("Over twee weken")]
    prepare_url = f"{SITE}/t/dier-en-groen/bijeenkomsten/{soon.pk}/voorbereiden/"
    assert "jij bereidt hem voor" in message.body
    assert "Je bereidt hem voor met Dave" in message.body
    assert prepare_url in message.body
    assert f'href="{prepare_url}"' in html(message)
    assert message.attachments[0][0] == "bijeenkomst-3.ics"
    [event] = icalendar.Calendar.from_ical(message.attachments[0][1]).walk("VEVENT")
    assert "(jij bereidt voor)" in str(event["summary"])


def test_publishing_queues_the_notice_and_sends_nothing_in_the_request(
    client, meeting, alice, bob, carol, dave
):
    report = ReportFactory(meeting=meeting)
    client.force_login(dave)

    response = client.post(
        reverse("report_publish", kwargs={"team_slug": "dier-en-groen", "pk": meeting.pk})
    )

    assert response.status_code == 302
    assert mail.outbox == []  # nothing sent inside the web request
    queued = OutboxMessage.objects.filter(kind=MailKind.REPORT_PUBLISHED)
    assert {m.person for m in queued} == {alice, bob, carol}  # not the publisher
    assert {m.status for m in queued} == {"pending"}

    call_command("send_mail", "--no-reminders")
    call_command("send_mail", "--no-reminders")

    assert len(mail.outbox) == 3
    [message] = to(carol)
    report_url = f"{SITE}/t/dier-en-groen/bijeenkomsten/{meeting.pk}/verslag/"
    assert message.subject == "Het verslag van themabijeenkomst 3 is gepubliceerd"
    assert "is gepubliceerd" in message.body and "Verslag lezen" in html(message)
    assert report_url in message.body and f'href="{report_url}"' in html(message)
    assert message.attachments == []
    report.refresh_from_db()
    assert report.status == Report.Status.PUBLISHED


def test_the_notice_is_queued_with_the_publication_or_not_at_all(meeting, dave, monkeypatch):
    """Queued in the publication's transaction: when publishing fails, no notice waits."""
    report = ReportFactory(meeting=meeting)

    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(report_services, "queue_many", broken)
    with pytest.raises(RuntimeError):
        report_services.publish_report(report=report, by=dave)

    report.refresh_from_db()
    assert report.status == Report.Status.DRAFT
    assert not OutboxMessage.objects.exists()


def test_publishing_again_queues_nothing_new(meeting, dave, alice):
    report = ReportFactory(meeting=meeting)
    report_services.publish_report(report=report, by=dave)
    report_services.queue_report_notice(report=report, by=dave)

    assert OutboxMessage.objects.filter(person=alice).count() == 1


def test_the_queue_api_leaves_out_what_is_queued_already(carol):
    args = (carol, MailKind.ABSENCE_DECISION, "absence-1-approved", "Afmelding", "absence_decision")
    context = {
        "leader": "Alice",
        "meeting": "themabijeenkomst 3",
        "date": "1 maart",
        "approved": False,
    }

    assert queue(*args, context=context) is True
    assert queue(*args, context=context) is False
    send_pending()

    [message] = mail.outbox
    assert "heeft je afmelding voor de themabijeenkomst 3 op 1 maart afgewezen" in message.body


# --- opting out -------------------------------------------------------------------------------


def test_a_kind_turned_off_on_the_preferences_page_is_not_sent(client, soon, carol, bob):
    client.force_login(carol)
    wanted = [k for k in MailKind.values if k != MailKind.MEETING_REMINDER]

    response = client.post(reverse("mail_preferences"), {"kinds": wanted})
    call_command("send_mail")

    assert response.status_code == 302
    assert not to(carol)
    assert to(bob)
    page = client.get(reverse("mail_preferences")).content.decode()
    assert 'value="meeting_reminder" id="kind-meeting_reminder">' in page
    assert 'value="report_published" id="kind-report_published" checked>' in page


def test_a_message_queued_before_the_opt_out_is_skipped(soon, carol):
    queue_reminders()
    MailOptOut.objects.create(user=carol, kind=MailKind.MEETING_REMINDER)

    result = send_pending()

    assert result.skipped == 1
    assert not to(carol)
    assert OutboxMessage.objects.get(person=carol).status == "skipped"


def test_the_unsubscribe_link_in_the_mail_turns_that_kind_off_without_login(soon, carol):
    call_command("send_mail")
    [message] = to(carol)
    link = re.search(r"Zet deze e-mail met één klik uit: (\S+)", message.body).group(1)
    assert link in html(message)
    path = link.removeprefix(SITE)
    anonymous = Client(enforce_csrf_checks=True)  # a mail program's one-click POST

    page = anonymous.get(path)
    assert page.status_code == 200
    assert "Afmelden" in page.content.decode()
    assert not MailOptOut.objects.exists()  # a GET never writes

    done = anonymous.post(path)
    assert done.status_code == 200
    assert "Je bent afgemeld" in done.content.decode()
    assert list(MailOptOut.objects.values_list("user", "kind")) == [
        (carol.pk, MailKind.MEETING_REMINDER)
    ]
    assert anonymous.post(path).status_code == 200  # twice is fine

    _in_days(soon, 4)  # a new occasion: carol no longer gets it
    call_command("send_mail")
    assert len(to(carol)) == 1


@pytest.mark.parametrize(
    "token",
    [
        "rommel",
        "tampered",
        "other-salt",
        "unknown-kind",
    ],
)
def test_a_bad_or_tampered_unsubscribe_token_gets_a_dutch_error_page(client, carol, token):
    good = unsubscribe_token(carol.pk, MailKind.MEETING_REMINDER)
    tokens = {
        "rommel": "rommel",
        "tampered": unsubscribe_token(carol.pk + 1, MailKind.MEETING_REMINDER).split(":")[0]
        + ":"
        + good.split(":", 1)[1],
        "other-salt": signing.dumps([carol.pk, MailKind.MEETING_REMINDER]),
        "unknown-kind": unsubscribe_token(carol.pk, "everything"),
    }

    for method in (client.get, client.post):
        response = method(reverse("mail_unsubscribe", args=[tokens[token]]))
        assert response.status_code == 400
        assert "Deze afmeldlink werkt niet" in response.content.decode()
    assert not MailOptOut.objects.exists()


# --- the preferences page ---------------------------------------------------------------------


def test_the_preferences_page_sends_anonymous_people_to_the_login(client, db):
    for method in (client.get, client.post):
        response = method(reverse("mail_preferences"))
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_the_preferences_page_is_in_the_user_menu_and_all_kinds_start_on(client, team, carol):
    client.force_login(carol)

    page = client.get(reverse("team_dashboard", args=[team.slug])).content.decode()
    prefs = client.get(reverse("mail_preferences")).content.decode()

    assert f'href="{reverse("mail_preferences")}">E-mailberichten</a>' in page
    assert "<h1>E-mailberichten</h1>" in prefs
    assert prefs.count(" checked>") == len(MailKind.values)


def test_a_person_changes_only_their_own_preferences(client, carol, bob):
    client.force_login(carol)

    client.post(reverse("mail_preferences"), {"kinds": [], "user": bob.pk})

    assert MailOptOut.objects.filter(user=carol).count() == len(MailKind.values)
    assert not MailOptOut.objects.filter(user=bob).exists()


# --- queries ----------------------------------------------------------------------------------


def _run_counting() -> tuple[int, int, int]:
    with CaptureQueriesContext(connection) as queueing:
        queue_reminders()
    with CaptureQueriesContext(connection) as sending:
        result = send_pending()
    return len(queueing), len(sending), result.sent


def test_the_command_asks_the_database_a_fixed_number_of_times_whatever_the_team_size(soon, team):
    """Finding and queueing the reminders: constant. Sending: constant, plus the one
    UPDATE per message that marks it sent (committed on its own, so a crash never resends)."""
    small = _run_counting()
    OutboxMessage.objects.all().delete()
    for _ in range(12):
        MembershipFactory(team=team, role=Role.TEACHER)

    large = _run_counting()

    assert large[2] == small[2] + 12
    assert large[0] == small[0]
    assert large[1] - large[2] == small[1] - small[2]
