"""The dashboard as a teacher uses it: the next meeting with a call to bring in a case, my
cases, my first steps, my attendance and the team's published reports.

The cast (tests/conftest.py): alice leads the team, bob and dave are in the ontwikkelteam,
carol is a teacher, charlie leads another team. "Today" is fixed per test.
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from meetings.attendance import ABSENT, EXCUSED, NOT_RECORDED, PRESENT
from meetings.models import (
    Attendance,
    Report,
)
from plg.models import Role
from tests.factories import (
    AttendanceFactory,
    CaseFactory,
    FirstStepFactory,
    MembershipFactory,
    ReportFactory,
    SmallGroupFactory,
    ThemeFactory,
)
from tests.helpers import dutch

HTMX = {"HX-Request": "true"}


def optional_url(name: str, *args) -> str | None:
    """The URL of a view another part of the issue adds, if it exists yet."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


@pytest.fixture
def today(monkeypatch, meetings) -> datetime.date:
    """The day after meeting 4: meetings 1–4 have taken place, 5 is next."""
    day = meetings[4].date + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)
    return day


def dashboard(client, team):
    return client.get(reverse("team_dashboard", args=[team.slug]))


@pytest.mark.parametrize(("who", "status"), [("alice", 200), ("bob", 200), ("carol", 200)])
def test_dashboard_answers_every_member(client, request, team, year, who, status):
    client.force_login(request.getfixturevalue(who))

    assert dashboard(client, team).status_code == status


def test_dashboard_is_404_for_another_team(client, team, year, charlie):
    client.force_login(charlie)

    assert dashboard(client, team).status_code == 404


def test_dashboard_redirects_anonymous_to_login(client, team):
    url = reverse("team_dashboard", args=[team.slug])

    response = client.get(url)

    assert response["Location"] == f"/account/login/?next={url}"


def test_dashboard_shows_the_next_meeting_and_who_prepares_it(
    client, team, meetings, today, bob, dave, carol
):
    meeting = meetings[5]
    meeting.room = "B1.12"
    meeting.theme = ThemeFactory(team=team, title="Zorgleerlingen")
    meeting.save()
    meeting.preparers.set([bob, dave])
    client.force_login(carol)

    response = dashboard(client, team)

    content = response.content.decode()
    assert response.context["next_meeting"] == meeting
    with translation.override("nl"):
        assert date_format(meeting.date, "l j F") in content
    assert "14:30–17:00" in content
    assert "B1.12" in content
    assert "Zorgleerlingen" in content
    assert f"{bob} {dutch('and')} {dave}" in content


def test_dashboard_invites_to_bring_in_a_case_for_the_next_meeting(
    client, team, meetings, today, carol
):
    client.force_login(carol)
    case_new = optional_url("case_new", team.slug)

    response = dashboard(client, team)

    content = response.content.decode()
    if case_new is None:
        assert dutch("Bring in a case") not in content
    else:
        assert f'href="{case_new}?bijeenkomst={meetings[5].pk}"' in content


def test_dashboard_does_not_ask_for_cases_for_the_evaluation_meeting(
    client, monkeypatch, team, meetings, carol
):
    day = meetings[5].date + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)
    client.force_login(carol)

    response = dashboard(client, team)

    assert response.context["next_meeting"] == meetings[6]
    assert dutch("Bring in a case") not in response.content.decode()
    assert reverse("year_review", args=[team.slug, meetings[6].pk]) in response.content.decode()


def test_dashboard_lists_my_own_cases_by_title_only(client, team, meetings, today, carol, bob):
    case = CaseFactory(meeting=meetings[5], owner=carol)
    CaseFactory(
        team=team, owner=bob, title="Bobs casus", situation="Geheim", question="Vraag van Bob"
    )
    client.force_login(carol)

    response = dashboard(client, team)

    content = response.content.decode()
    assert [c.title for c in response.context["my_cases"]] == [case.title]
    assert case.title in content
    assert case.situation not in content
    assert case.question not in content
    assert "Bobs casus" not in content and "Geheim" not in content


def test_dashboard_never_shows_someone_elses_case_texts(client, team, meetings, today, carol, bob):
    case = CaseFactory(meeting=meetings[5], owner=carol)
    client.force_login(bob)

    content = dashboard(client, team).content.decode()

    assert case.title not in content
    assert case.situation not in content
    assert case.question not in content


def test_dashboard_lists_my_open_first_steps_with_a_done_button(
    client, team, meetings, today, bob, carol
):
    group = SmallGroupFactory(meeting=meetings[4], number=1, leader=bob)
    mine = FirstStepFactory(group=group, owner=carol, what="Mentorgesprek plannen")
    FirstStepFactory(group=group, owner=bob, what="Collega vragen")
    client.force_login(carol)

    response = dashboard(client, team)

    content = response.content.decode()
    assert response.context["my_steps"] == [mine]
    assert "Mentorgesprek plannen" in content
    assert "Collega vragen" not in content
    assert f'action="{reverse("first_step_done", args=[team.slug, mine.pk])}"' in content


def test_dashboard_shows_my_attendance_so_far(client, team, meetings, today, alice, carol):
    AttendanceFactory(meeting=meetings[1], user=carol)
    AttendanceFactory(meeting=meetings[2], user=carol, status=Attendance.Status.ABSENT)
    AttendanceFactory(
        meeting=meetings[3],
        user=carol,
        status=Attendance.Status.EXCUSED,
        reason="Ziek",
        recorded_by=alice,
    )
    client.force_login(carol)

    response = dashboard(client, team)

    rows = [(row.meeting.number, row.status) for row in response.context["my_attendance"]]
    assert rows == [(1, PRESENT), (2, ABSENT), (3, EXCUSED), (4, NOT_RECORDED)]
    content = response.content.decode()
    for word in ("present", "absent", "excused", "not recorded"):
        assert dutch(word) in content


def test_dashboard_attendance_of_the_team_leader_counts_meetings_1_and_6_only(
    client, monkeypatch, team, meetings, alice
):
    day = meetings[6].date
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)
    AttendanceFactory(meeting=meetings[1], user=alice)
    client.force_login(alice)

    response = dashboard(client, team)

    rows = [(row.meeting.number, row.status) for row in response.context["my_attendance"]]
    assert rows == [(1, PRESENT), (6, NOT_RECORDED)]


def test_dashboard_lists_only_published_reports(client, team, meetings, today, carol):
    ReportFactory(meeting=meetings[2], status=Report.Status.PUBLISHED, text="Verslag 2")
    ReportFactory(meeting=meetings[3], status=Report.Status.DRAFT, text="Concept 3")
    client.force_login(carol)

    response = dashboard(client, team)

    assert response.context["published_reports"] == [meetings[2]]
    content = response.content.decode()
    section = content[content.index('id="reports-heading"') :]
    section = section[: section.index("</section>")]
    published = optional_url("report_detail", team.slug, meetings[2].pk)
    assert f'href="{published or reverse("meeting_detail", args=[team.slug, meetings[2].pk])}"' in (
        section
    )
    assert section.count("<li") == 1


def test_dashboard_without_a_year_still_answers(client, team, carol):
    client.force_login(carol)

    response = dashboard(client, team)

    assert response.status_code == 200
    assert dutch("The year has not been planned yet") in response.content.decode()


# --- query count ----------------------------------------------------------------------------------


def _fill(team, meetings, carol, bob, size: int) -> None:
    """`size` groups, steps, cases, attendance marks, absences and reports around carol."""
    for n in range(size):
        meeting = meetings[1 + n % 4]
        leader = MembershipFactory(team=team, role=Role.DEVELOPER).user
        group = SmallGroupFactory(meeting=meeting, number=10 + n, leader=leader, members=[carol])
        FirstStepFactory(group=group, owner=carol, what=f"Stap {n}")
        CaseFactory(team=team, meeting=meeting, owner=carol, title=f"Casus {n}")
        teacher = MembershipFactory(team=team, role=Role.TEACHER).user
        AttendanceFactory(
            meeting=meeting,
            user=teacher,
            status=Attendance.Status.PRESENT if bool(n % 2) else Attendance.Status.ABSENT,
        )
    for number in (1, 2, 3, 4)[: max(1, size // 3)]:
        ReportFactory(meeting=meetings[number], status=Report.Status.PUBLISHED)
        Attendance.objects.get_or_create(
            meeting=meetings[number], user=carol, defaults={"status": Attendance.Status.PRESENT}
        )
    for number in (5, 6):
        meetings[number].preparers.set([bob])


@pytest.mark.parametrize("size", [1, 12])
def test_dashboard_query_count_of_a_teacher_is_constant(
    client, django_assert_num_queries, team, meetings, today, carol, bob, size
):
    _fill(team, meetings, carol, bob, size)
    client.force_login(carol)
    dashboard(client, team)

    # 10, plus the teacher's own absence request for the next meeting (issue 11) and their
    # learning question and agreements (issue 13).
    with django_assert_num_queries(11):
        response = dashboard(client, team)

    assert response.status_code == 200
    assert len(response.context["my_steps"]) == size
    assert len(response.context["my_attendance"]) == 4
