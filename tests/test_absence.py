"""Absence requests (afmeldverzoeken): a member asks with a reason, only the team leader
decides, the reason stays between the two of them, and an approved request is the
person's afmelding at the attendance check."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from meetings.models import AbsenceRequest, Attendance
from meetings.services import attendance
from tests.factories import AbsenceRequestFactory, AttendanceFactory
from tests.helpers import dutch, dutch_html

REASON = "Tandarts met mijn dochter"


@pytest.fixture
def upcoming(meeting):
    """Meeting 3 (prepared by bob and dave), two weeks from today."""
    meeting.date = timezone.localdate() + datetime.timedelta(days=14)
    meeting.save(update_fields=["date"])
    return meeting


@pytest.fixture
def carols_request(upcoming, carol):
    return AbsenceRequestFactory(meeting=upcoming, user=carol, reason=REASON)


def _ask_url(team, meeting):
    return reverse("absence_request", args=[team.slug, meeting.pk])


def _decide_url(team, absence_request):
    return reverse("absence_decide", args=[team.slug, absence_request.pk])


# --- asking -----------------------------------------------------------------------------------


def test_teacher_asks_for_absence_and_the_team_leader_is_told(client, team, alice, carol, upcoming):
    client.force_login(carol)
    page = client.get(reverse("meeting_detail", args=[team.slug, upcoming.pk]))
    assert _ask_url(team, upcoming) in page.content.decode()

    response = client.post(_ask_url(team, upcoming), {"reason": REASON})

    assert response.status_code == 302
    request = AbsenceRequest.objects.get()
    assert (request.user, request.reason, request.status) == (carol, REASON, "open")
    # Until the team leader decides, carol is expected as anyone else.
    assert not attendance.is_excused(upcoming, carol)
    client.force_login(alice)
    dashboard = client.get(reverse("team_dashboard", args=[team.slug])).content.decode()
    assert reverse("absence_requests", args=[team.slug]) in dashboard
    listing = client.get(reverse("absence_requests", args=[team.slug])).content.decode()
    assert REASON in listing


def test_dashboard_offers_absence_for_the_next_meeting(client, team, carol, upcoming, meetings):
    for m in meetings.values():
        if m.pk != upcoming.pk and m.date >= timezone.localdate():
            m.date = upcoming.date + datetime.timedelta(days=30 * m.number)
            m.save(update_fields=["date"])
    client.force_login(carol)

    page = client.get(reverse("team_dashboard", args=[team.slug])).content.decode()

    assert _ask_url(team, upcoming) in page


def test_empty_reason_is_refused_in_dutch(client, team, carol, upcoming):
    client.force_login(carol)

    response = client.post(_ask_url(team, upcoming), {"reason": "   "})

    assert response.status_code == 422
    assert dutch_html("Give a reason, so the team leader can decide.") in response.content.decode()
    assert not AbsenceRequest.objects.exists()


def test_too_long_reason_keeps_the_typed_text(client, team, carol, upcoming):
    client.force_login(carol)
    typed = "Ik ben op studiereis " + "x" * 200

    response = client.post(_ask_url(team, upcoming), {"reason": typed})

    assert response.status_code == 422
    assert typed in response.content.decode()
    assert not AbsenceRequest.objects.exists()


def test_absence_for_a_past_meeting_is_refused(client, team, carol, meetings):
    past = meetings[1]
    past.date = timezone.localdate() - datetime.timedelta(days=1)
    past.save(update_fields=["date"])
    client.force_login(carol)

    page = client.get(_ask_url(team, past))
    response = client.post(_ask_url(team, past), {"reason": REASON})

    message = dutch_html("This meeting has already taken place; absence is asked beforehand.")
    assert message in page.content.decode()
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not AbsenceRequest.objects.exists()


def test_second_request_while_one_is_open_is_refused(client, team, carol, carols_request):
    client.force_login(carol)

    response = client.post(_ask_url(team, carols_request.meeting), {"reason": "Nog een"})

    assert response.status_code == 422
    assert AbsenceRequest.objects.count() == 1


def test_team_leader_does_not_ask_but_decides(client, team, alice, upcoming):
    client.force_login(alice)

    assert client.get(_ask_url(team, upcoming)).status_code == 403


# --- deciding ---------------------------------------------------------------------------------


def test_approved_request_is_the_afmelding_at_the_attendance_check(
    client, team, alice, bob, carol, carols_request
):
    client.force_login(alice)

    response = client.post(_decide_url(team, carols_request), {"decision": "approve"})

    assert response.status_code == 302
    carols_request.refresh_from_db()
    assert (carols_request.status, carols_request.decided_by) == ("approved", alice)
    row = Attendance.objects.get(meeting=carols_request.meeting, user=carol)
    assert (row.status, row.reason) == ("excused", REASON)
    # The run view's check starts from it: carol is marked excused, not ticked present.
    check = {r["user"]: r for r in attendance.attendance_check(carols_request.meeting)}
    assert check[carol]["absence"] == row
    assert check[carol]["present"] is False
    assert check[bob]["present"] is True
    client.force_login(bob)
    run = client.get(reverse("meeting_run", args=[team.slug, carols_request.meeting.pk]))
    assert dutch("excused") in run.content.decode()


def test_declined_request_leaves_the_person_expected(client, team, alice, carol, carols_request):
    client.force_login(alice)

    client.post(_decide_url(team, carols_request), {"decision": "decline"})

    carols_request.refresh_from_db()
    assert carols_request.status == "declined"
    assert not Attendance.objects.filter(user=carol).exists()
    check = {r["user"]: r for r in attendance.attendance_check(carols_request.meeting)}
    assert check[carol]["present"] is True
    client.force_login(carol)
    page = client.get(reverse("meeting_detail", args=[team.slug, carols_request.meeting.pk]))
    assert dutch_html("You are expected at this meeting.") in page.content.decode()


def test_a_decided_request_is_not_decided_again(client, team, alice, carol, carols_request):
    client.force_login(alice)
    client.post(_decide_url(team, carols_request), {"decision": "decline"})

    client.post(_decide_url(team, carols_request), {"decision": "approve"})

    carols_request.refresh_from_db()
    assert carols_request.status == "declined"
    assert not Attendance.objects.filter(user=carol).exists()


@pytest.mark.parametrize("role", ["bob", "carol"])
def test_only_the_team_leader_decides(client, request, team, carols_request, role):
    client.force_login(request.getfixturevalue(role))

    response = client.post(_decide_url(team, carols_request), {"decision": "approve"})

    assert response.status_code == 403
    carols_request.refresh_from_db()
    assert carols_request.status == "open"


def test_another_teams_leader_gets_404_on_decide(client, team, charlie, carols_request):
    client.force_login(charlie)

    response = client.post(_decide_url(team, carols_request), {"decision": "approve"})

    assert response.status_code == 404
    assert AbsenceRequest.objects.get().status == "open"


def test_another_teams_request_is_404_under_ones_own_team(
    client, other_team, other_year, charlie, alice, team, carols_request
):
    client.force_login(charlie)

    response = client.post(_decide_url(other_team, carols_request), {"decision": "approve"})

    assert response.status_code == 404


def test_anonymous_decide_goes_to_login(client, team, carols_request):
    response = client.post(_decide_url(team, carols_request), {"decision": "approve"})

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_decide_refuses_get(client, team, alice, carols_request):
    client.force_login(alice)

    assert client.get(_decide_url(team, carols_request)).status_code == 405


# --- who sees what ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "role", "status"),
    [
        ("absence_requests", "alice", 200),
        ("absence_requests", "bob", 403),
        ("absence_requests", "carol", 403),
        ("absence_requests", "charlie", 404),
        ("attendance_overview", "alice", 200),
        ("attendance_overview", "bob", 403),
        ("attendance_overview", "carol", 403),
        ("attendance_overview", "charlie", 404),
        ("absence_request", "alice", 403),
        ("absence_request", "bob", 200),
        ("absence_request", "carol", 200),
        ("absence_request", "charlie", 404),
    ],
)
def test_absence_pages_answer_each_role(client, request, team, year, upcoming, name, role, status):
    client.force_login(request.getfixturevalue(role))
    args = {"absence_requests": [team.slug], "attendance_overview": [team.slug, year.pk]}
    url = reverse(name, args=args.get(name, [team.slug, upcoming.pk]))

    assert client.get(url).status_code == status


def test_the_reason_is_invisible_to_preparers_on_every_page(
    client, team, alice, bob, carol, carols_request
):
    meeting = carols_request.meeting
    client.force_login(alice)
    client.post(_decide_url(team, carols_request), {"decision": "approve"})
    pages = [
        reverse(name, args=[team.slug, meeting.pk])
        for name in ("meeting_detail", "meeting_prepare", "meeting_run", "meeting_row")
    ] + [reverse("team_dashboard", args=[team.slug])]
    client.force_login(bob)  # prepares this meeting

    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert REASON not in response.content.decode(), url
    # ...while the team leader and carol herself read it.
    client.force_login(alice)
    assert REASON in client.get(pages[0]).content.decode()
    client.force_login(carol)
    assert REASON in client.get(pages[0]).content.decode()


def test_attendance_overview_shows_agreed_absence_absence_without_notice_and_presence(
    client, team, alice, bob, dave, carol, meetings
):
    first = meetings[1]
    AttendanceFactory(meeting=first, user=bob, status="present")
    AttendanceFactory(meeting=first, user=dave, status="absent")
    AttendanceFactory(meeting=first, user=carol, status="excused", reason=REASON)
    client.force_login(alice)

    response = client.get(reverse("attendance_overview", args=[team.slug, first.school_year.pk]))

    rows = {row.user: row for row in response.context["overview"].rows}
    assert rows[bob].cells[0] == "present"
    assert rows[dave].cells[0] == "absent"
    assert rows[carol].cells[0] == "excused"
    assert rows[carol].summary.excused == 1
    page = response.content.decode()
    assert dutch_html("absent without notice") in page
    assert dutch_html("excused") in page


# --- the e-mails around a request -------------------------------------------------------------


def test_a_request_mails_the_team_leader_with_the_reason(
    client, team, alice, carol, upcoming, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(carol)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_ask_url(team, upcoming), {"reason": REASON})
    # Queued in the request's transaction, sent by the background task after the commit
    # (meetings.tasks.send_outbox; at once in the tests); the cron command sends it no more.
    call_command("send_mail", "--no-reminders", stdout=io.StringIO())
    call_command("send_mail", "--no-reminders", stdout=io.StringIO())

    assert [m.to for m in mailoutbox] == [[alice.email]]
    mail = mailoutbox[0]
    meeting = f"{upcoming.get_kind_display()} {upcoming.number}"
    assert mail.subject == dutch(
        "%(requester)s asks for absence from %(meeting)s",
        requester=carol.get_full_name(),
        meeting=meeting,
    )
    assert REASON in mail.body
    assert reverse("absence_requests", args=[team.slug]) in mail.body
    assert REASON in mail.alternatives[0][0]


@pytest.mark.parametrize(
    ("decision", "subject"),
    [
        ("approve", "Your absence from %(meeting)s has been approved"),
        ("decline", "Your absence from %(meeting)s has been declined"),
    ],
)
def test_the_decision_mails_the_person_without_the_reason_to_anyone_else(
    client,
    team,
    alice,
    carol,
    carols_request,
    mailoutbox,
    django_capture_on_commit_callbacks,
    decision,
    subject,
):
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_decide_url(team, carols_request), {"decision": decision})

    call_command("send_mail", "--no-reminders", stdout=io.StringIO())

    assert [m.to for m in mailoutbox] == [[carol.email]]
    meeting = carols_request.meeting
    assert mailoutbox[0].subject == dutch(
        subject, meeting=f"{meeting.get_kind_display()} {meeting.number}"
    )
    assert alice.get_full_name() in mailoutbox[0].body
