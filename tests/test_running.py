"""Preparing and running a meeting: phase flow, timer, projector, groups, access."""

import datetime
import html
from html import escape as html_escape

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from meetings import services
from meetings.models import Attendance, Meeting, MeetingRun, PhaseCard, Report
from plg.models import Role
from tests.factories import (
    AttendanceFactory,
    MembershipFactory,
    SmallGroupFactory,
    ThemeFactory,
)
from tests.helpers import dutch

T0 = datetime.datetime(2027, 1, 12, 14, 30, tzinfo=datetime.UTC)


@pytest.fixture
def run(meeting):
    return services.ensure_run(meeting=meeting)


def steps_of(run):
    return run.steps(list(PhaseCard.for_team(run.meeting.school_year.team).phases.all()))


def url(name, meeting, **extra):
    return reverse(name, kwargs={"team_slug": "dier-en-groen", "pk": meeting.pk, **extra})


# --- the phase card ---------------------------------------------------------------------------


def test_default_phase_card_adds_up_to_150_minutes_with_a_break(team):
    card = PhaseCard.for_team(team)

    assert [p.number for p in card.phases.all()] == [0, 1, 2, 3, 4, 5, 6]
    assert card.total_minutes == 150
    assert card.break_minutes == 15
    assert all(p.question_list() and p.purpose for p in card.phases.all())


def test_team_card_is_a_copy_that_leaves_the_default_alone(team):
    card = PhaseCard.own_card(team)
    phase = card.phases.get(number=2)
    phase.minutes = 30
    phase.save()

    assert PhaseCard.default().phases.get(number=2).minutes == 20
    assert PhaseCard.for_team(team).pk == card.pk


def test_run_steps_put_the_break_after_phase_2(run):
    steps = steps_of(run)

    assert [s.phase.number if s.phase else "break" for s in steps] == [0, 1, 2, "break", 3, 4, 5, 6]
    assert sum(s.minutes for s in steps) == 150


def test_meeting_minutes_per_phase_override_the_card(run):
    run.phase_minutes["0"] = 40
    run.save()

    assert steps_of(run)[0].minutes == 40


# --- phase flow and timer -----------------------------------------------------------------------


def test_going_forward_and_back_keeps_time_with_its_phase(run):
    count = len(steps_of(run))

    run.go_to_step(0, step_count=count, now=T0)
    run.go_to_step(1, step_count=count, now=T0 + datetime.timedelta(minutes=25))
    run.go_to_step(0, step_count=count, now=T0 + datetime.timedelta(minutes=26))  # oops, back
    later = T0 + datetime.timedelta(minutes=27)

    assert run.status == MeetingRun.Status.RUNNING
    assert run.started_at == T0
    assert run.current_step == 0
    assert run.seconds_in_step(0, later) == 26 * 60
    assert run.seconds_in_step(1, later) == 60
    assert run.seconds_total(later) == 27 * 60


def test_timer_shows_over_time_for_the_phase(run):
    steps = steps_of(run)
    run.go_to_step(0, step_count=len(steps), now=T0)

    timer = run.timer(steps, T0 + datetime.timedelta(minutes=30))

    assert timer.step_planned == 25 * 60
    assert timer.step_seconds == 30 * 60
    assert timer.step_over is True
    assert timer.total_planned == 150 * 60
    assert timer.total_over is False


def test_go_to_step_is_clamped_to_the_card(run):
    count = len(steps_of(run))
    run.go_to_step(99, step_count=count, now=T0)

    assert run.current_step == count - 1


def test_step_view_advances_and_goes_back(client, bob, meeting, run):
    client.force_login(bob)

    client.post(url("meeting_step", meeting), {"action": "start"})
    client.post(url("meeting_step", meeting), {"action": "next", "from": 0})
    client.post(url("meeting_step", meeting), {"action": "next", "from": 1})
    response = client.post(
        url("meeting_step", meeting), {"action": "previous", "from": 2}, HTTP_HX_REQUEST="true"
    )

    run.refresh_from_db()
    assert run.current_step == 1
    assert response.status_code == 200
    assert "Introductie van de werkcasus" in response.content.decode()
    assert run.state_version == 4


def test_run_state_poll_answers_204_when_nothing_changed(client, bob, meeting, run):
    client.force_login(bob)

    unchanged = client.get(url("meeting_run_state", meeting), {"v": run.state_version})
    changed = client.get(url("meeting_run_state", meeting), {"v": run.state_version - 1})

    assert unchanged.status_code == 204
    assert changed.status_code == 200


def test_closing_records_the_end_and_drafts_the_report(client, bob, meeting, run, year):
    meeting.theme = ThemeFactory(team=meeting.school_year.team, title="Pesten")
    meeting.save()
    client.force_login(bob)
    client.post(url("meeting_step", meeting), {"action": "start"})

    response = client.post(url("meeting_close", meeting))

    run.refresh_from_db()
    report = Report.objects.get(meeting=meeting)
    assert response.status_code == 302
    assert run.status == MeetingRun.Status.CLOSED
    assert run.ended_at is not None
    assert report.status == Report.Status.DRAFT
    # The body comes from the notes; theme, date and next meeting are shown from the data.
    assert report.text == services.draft_report_text(meeting)
    assert report.text.startswith("# ")


# --- projector ----------------------------------------------------------------------------------


def test_projector_opens_without_login_with_the_meetings_token(client, meeting, run):
    response = client.get(
        reverse("projector", kwargs={"pk": meeting.pk, "token": run.projector_token})
    )

    assert response.status_code == 200
    assert "Welkom" in response.content.decode() or "Welcome" in response.content.decode()


def test_projector_token_of_another_meeting_is_refused(client, meeting, run, year):
    other = services.ensure_run(meeting=year.meetings.get(number=4))

    response = client.get(
        reverse("projector", kwargs={"pk": meeting.pk, "token": other.projector_token})
    )

    assert response.status_code == 404


def test_projector_link_expires_two_hours_after_closing(client, meeting, run):
    services.close_meeting(meeting=meeting, now=timezone.now() - datetime.timedelta(hours=3))

    response = client.get(
        reverse("projector", kwargs={"pk": meeting.pk, "token": run.projector_token})
    )
    poll = client.get(
        reverse("projector_state", kwargs={"pk": meeting.pk, "token": run.projector_token})
    )

    assert response.status_code == 410
    assert poll.status_code == 410


def test_projector_poll_follows_the_facilitator(client, bob, meeting, run):
    state_url = reverse("projector_state", kwargs={"pk": meeting.pk, "token": run.projector_token})
    version = run.state_version
    assert client.get(state_url, {"v": version}).status_code == 204

    run.go_to_step(0, step_count=len(steps_of(run)), now=timezone.now())
    response = client.get(state_url, {"v": version})

    assert response.status_code == 200
    assert "Introductie van het thema" in response.content.decode()
    assert f"v={run.state_version}" in response.content.decode()


# --- groups and attendance ------------------------------------------------------------------------


def test_compose_meeting_groups_gives_each_leader_a_group_of_the_present(
    team, meeting, bob, dave, carol
):
    teachers = [MembershipFactory(team=team, role=Role.TEACHER).user for _ in range(5)]
    AttendanceFactory(meeting=meeting, user=teachers[0], status=Attendance.Status.EXCUSED)

    groups = services.compose_meeting_groups(meeting=meeting)

    # Leaders in name order: Bob leads group 1, Dave group 2.
    assert [g.leader for g in groups] == [bob, dave]
    members = [m for g in groups for m in g.members.all()]
    assert sorted(m.pk for m in members) == sorted([carol.pk] + [t.pk for t in teachers[1:]])
    assert sorted(g.members.count() for g in groups) == [2, 3]


def test_attendance_check_marks_absent_and_recomposes(client, bob, dave, carol, meeting, team):
    teachers = [MembershipFactory(team=team, role=Role.TEACHER).user for _ in range(3)]
    client.force_login(bob)
    present = [bob.pk, dave.pk, carol.pk, teachers[0].pk]

    client.post(url("meeting_attendance", meeting), {"present": present, "recompose": "1"})

    in_groups = {m.pk for g in meeting.groups.all() for m in g.members.all()}
    assert in_groups == {carol.pk, teachers[0].pk}


def test_move_person_to_another_group(client, bob, meeting, team, carol):
    client.force_login(bob)
    MembershipFactory(team=team, role=Role.TEACHER)
    groups = services.compose_meeting_groups(meeting=meeting)
    source = next(g for g in groups if carol in g.members.all())
    target = next(g for g in groups if g != source)

    response = client.post(
        url("meeting_move_person", meeting),
        {"person": carol.pk, "group": target.pk},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    assert carol in target.members.all()
    assert carol not in source.members.all()


def test_move_person_refuses_a_group_of_another_meeting(client, bob, meeting, year, carol):
    client.force_login(bob)
    services.compose_meeting_groups(meeting=meeting)
    other = SmallGroupFactory(meeting=year.meetings.get(number=4), number=1, leader=bob)

    response = client.post(
        url("meeting_move_person", meeting), {"person": carol.pk, "group": other.pk}
    )

    assert response.status_code == 302
    assert carol not in other.members.all()


def test_team_leader_only_expected_at_meetings_1_and_6(year, alice, bob, carol):
    first, third = year.meetings.get(number=1), year.meetings.get(number=3)

    assert alice in services.running.expected_people(first)
    assert alice not in services.running.expected_people(third)


# --- access -------------------------------------------------------------------------------------

FACILITATOR_VIEWS = [
    ("get", "meeting_prepare"),
    ("get", "meeting_run"),
    ("get", "meeting_run_state"),
    ("post", "meeting_compose"),
    ("post", "meeting_move_person"),
    ("post", "meeting_attendance"),
    ("post", "meeting_step"),
    ("post", "meeting_close"),
]


@pytest.mark.parametrize(("method", "name"), FACILITATOR_VIEWS)
@pytest.mark.parametrize(
    ("who", "expected"),
    [("alice", {200, 302}), ("bob", {200, 302}), ("carol", {403}), ("charlie", {404})],
)
def test_facilitator_views_access(client, request, meeting, method, name, who, expected):
    client.force_login(request.getfixturevalue(who))

    response = getattr(client, method)(url(name, meeting))

    assert response.status_code in expected


def test_facilitator_views_forbid_a_developer_who_does_not_prepare(client, team, meeting):
    other_developer = MembershipFactory(team=team, role=Role.DEVELOPER).user
    client.force_login(other_developer)

    assert client.get(url("meeting_run", meeting)).status_code == 403


@pytest.mark.parametrize(("method", "name"), FACILITATOR_VIEWS)
def test_facilitator_views_anonymous(client, meeting, method, name):
    page = getattr(client, method)(url(name, meeting))
    partial = getattr(client, method)(url(name, meeting), HTTP_HX_REQUEST="true")

    assert page.status_code == 302
    assert page["Location"].startswith("/account/login/")
    assert partial.status_code == 401
    assert b'name="password"' not in partial.content


# --- query counts ---------------------------------------------------------------------------------


@pytest.mark.parametrize("team_size", [6, 30])
def test_run_view_query_count_does_not_grow(
    client, django_assert_num_queries, team, bob, meeting, team_size
):
    for _ in range(team_size):
        MembershipFactory(team=team, role=Role.TEACHER)
    services.compose_meeting_groups(meeting=meeting)
    client.force_login(bob)
    client.get(url("meeting_run", meeting))  # first use makes the run and the team's card

    # 16, plus the look back: the meeting before and its first steps (issue 4), and the
    # agreements of its report (issue 13).
    with django_assert_num_queries(15):
        response = client.get(url("meeting_run", meeting))
    assert response.status_code == 200


@pytest.mark.parametrize("team_size", [6, 30])
def test_projector_poll_query_count_does_not_grow(
    client, django_assert_num_queries, team, meeting, run, team_size
):
    for _ in range(team_size):
        MembershipFactory(team=team, role=Role.TEACHER)
    services.compose_meeting_groups(meeting=meeting)
    run.refresh_from_db()
    state_url = reverse("projector_state", kwargs={"pk": meeting.pk, "token": run.projector_token})

    # Unchanged: from the shared cache alone (meetings/run_cache.py, tests/test_run_cache.py).
    with django_assert_num_queries(0):
        assert client.get(state_url, {"v": run.state_version}).status_code == 204
    with django_assert_num_queries(2):
        assert client.get(state_url, {"v": run.state_version - 1}).status_code == 200


def test_meeting_from_a_closed_run_refuses_steps(client, bob, meeting, run):
    client.force_login(bob)
    services.close_meeting(meeting=meeting)

    client.post(url("meeting_step", meeting), {"action": "next"})

    run.refresh_from_db()
    assert run.status == MeetingRun.Status.CLOSED
    assert Meeting.objects.get(pk=meeting.pk).run.current_step is None


# --- the team's phase card page -----------------------------------------------------------------


def _card_post(team, **changes):
    card = PhaseCard.for_team(team)
    data = {
        "form-TOTAL_FORMS": "7",
        "form-INITIAL_FORMS": "7",
        "break_minutes": card.break_minutes,
        "break_after_phase": card.break_after_phase,
    }
    for i, phase in enumerate(card.phases.all()):
        data.update(
            {
                f"form-{i}-id": phase.pk,
                f"form-{i}-name": phase.name,
                f"form-{i}-form": phase.form,
                f"form-{i}-minutes": phase.minutes,
                f"form-{i}-purpose": phase.purpose,
                f"form-{i}-questions": phase.questions,
            }
        )
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("who", "status"), [("alice", 200), ("bob", 200), ("carol", 200), ("charlie", 404)]
)
def test_phase_card_page_access(client, request, team, who, status):
    client.force_login(request.getfixturevalue(who))

    response = client.get(reverse("phase_card", kwargs={"team_slug": "dier-en-groen"}))

    assert response.status_code == status


def test_phase_card_edit_by_development_team(client, bob, team):
    client.force_login(bob)

    response = client.post(
        reverse("phase_card", kwargs={"team_slug": "dier-en-groen"}),
        _card_post(team, **{"form-2-minutes": "30"}),
    )

    assert response.status_code == 302
    assert PhaseCard.for_team(team).phases.get(number=2).minutes == 30
    assert PhaseCard.for_team(team).team == team  # the team's own copy
    assert PhaseCard.default().phases.get(number=2).minutes == 20


def test_phase_card_edit_refused_for_a_teacher(client, carol, team):
    client.force_login(carol)

    response = client.post(
        reverse("phase_card", kwargs={"team_slug": "dier-en-groen"}),
        _card_post(team, **{"form-2-minutes": "30"}),
    )

    assert response.status_code == 403
    assert PhaseCard.for_team(team).phases.get(number=2).minutes == 20


def test_phase_card_bad_minutes_keep_the_typed_text(client, alice, team):
    client.force_login(alice)

    response = client.post(
        reverse("phase_card", kwargs={"team_slug": "dier-en-groen"}),
        _card_post(team, **{"form-1-minutes": "0", "form-1-purpose": "Mijn nieuwe doel"}),
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Zorg ervoor dat deze waarde minstens 1 is." in html
    assert "Mijn nieuwe doel" in html
    assert PhaseCard.for_team(team).phases.get(number=1).minutes == 15


STALE = dutch(
    "Nothing changed: the meeting had already moved on, on another screen or with a "
    "double click. It is now in phase %(number)s: %(name)s."
)


def step(client, meeting, action, shown, **extra):
    return client.post(url("meeting_step", meeting), {"action": action, "from": shown}, **extra)


def test_a_double_click_on_next_moves_one_phase(client, bob, meeting, run):
    """Both clicks were pressed on the screen that showed phase 0: the second changes
    nothing and says so (issue 12, item 3)."""
    client.force_login(bob)
    step(client, meeting, "start", "")

    step(client, meeting, "next", 0)
    response = step(client, meeting, "next", 0, HTTP_HX_REQUEST="true")

    run.refresh_from_db()
    assert run.current_step == 1
    page = html.unescape(response.content.decode())
    assert STALE % {"number": 1, "name": "Introductie van de werkcasus"} in page


def test_a_second_laptop_that_is_behind_cannot_skip_a_phase(client, bob, dave, meeting, run):
    client.force_login(bob)
    step(client, meeting, "start", "")
    step(client, meeting, "next", 0)  # bob's laptop: phase 1
    other = Client()
    other.force_login(dave)

    response = step(other, meeting, "next", 0, follow=True)  # dave's screen still at phase 0

    run.refresh_from_db()
    assert run.current_step == 1
    assert STALE % {"number": 1, "name": "Introductie van de werkcasus"} in html.unescape(
        response.content.decode()
    )


def test_start_twice_does_not_restart_the_timer(client, bob, meeting, run):
    client.force_login(bob)
    step(client, meeting, "start", "")
    step(client, meeting, "next", 0)

    step(client, meeting, "start", "")

    run.refresh_from_db()
    assert run.current_step == 1


def test_a_step_without_the_phase_it_came_from_changes_nothing(client, bob, meeting, run):
    client.force_login(bob)
    step(client, meeting, "start", "")

    response = client.post(url("meeting_step", meeting), {"action": "next"})
    client.post(url("meeting_step", meeting), {"action": "next", "from": "²"})

    run.refresh_from_db()
    assert run.current_step == 0
    assert response.status_code == 302


def test_saving_attendance_keeps_a_move_made_by_hand(client, bob, dave, carol, meeting, team):
    """The default "fit the groups" on the attendance check only touches the groups that
    lost or gained someone (issue 12, item 2): a person moved by hand stays moved."""
    teachers = [MembershipFactory(team=team, role=Role.TEACHER).user for _ in range(5)]
    client.force_login(bob)
    groups = services.compose_meeting_groups(meeting=meeting)
    moved = teachers[0]
    target = next(g for g in groups if moved not in g.members.all())
    services.move_person(meeting=meeting, user=moved, group=target)
    absent = next(m for m in target.members.all() if m != moved)
    present = [u.pk for u in [bob, dave, carol, *teachers] if u != absent]

    response = client.post(
        url("meeting_attendance", meeting), {"present": present, "recompose": "1"}, follow=True
    )

    target.refresh_from_db()
    assert moved in target.members.all()
    assert absent not in {m for g in meeting.groups.all() for m in g.members.all()}
    page = html.unescape(response.content.decode())
    assert (
        dutch(
            "%(name)s left group %(number)s (not here).",
            name=absent.get_full_name(),
            number=target.number,
        )
        in page
    )


def test_a_latecomer_joins_a_group_and_the_page_says_which(client, bob, dave, carol, meeting, team):
    teachers = [MembershipFactory(team=team, role=Role.TEACHER).user for _ in range(3)]
    client.force_login(bob)
    late = teachers[2]
    AttendanceFactory(meeting=meeting, user=late, status=Attendance.Status.EXCUSED)
    services.compose_meeting_groups(meeting=meeting)
    before = {g.pk: {m.pk for m in g.members.all()} for g in meeting.groups.all()}
    present = [bob.pk, dave.pk, carol.pk, *(t.pk for t in teachers)]

    response = client.post(
        url("meeting_attendance", meeting), {"present": present, "recompose": "1"}, follow=True
    )

    after = {g.pk: {m.pk for m in g.members.all()} for g in meeting.groups.all()}
    assert after.keys() == before.keys()
    joined = [pk for pk in after if after[pk] - before[pk]]
    assert len(joined) == 1 and after[joined[0]] - before[joined[0]] == {late.pk}
    group = meeting.groups.get(pk=joined[0])
    assert dutch(
        "%(name)s joined group %(number)s.", name=late.get_full_name(), number=group.number
    ) in html.unescape(response.content.decode())


def test_prepare_page_has_one_move_form_for_everyone(client, bob, meeting, team):
    """Issue 10: not a select per person per group, which made a large team's page slow."""
    for _ in range(12):
        MembershipFactory(team=team, role=Role.TEACHER)
    groups = services.compose_meeting_groups(meeting=meeting)
    client.force_login(bob)

    html = client.get(url("meeting_prepare", meeting)).content.decode()

    people = [p for g in groups for p in g.members.all()]
    assert html.count('<select class="form-select form-select-sm" name="group"') == 1
    assert html.count('name="person"') == 1
    assert html.count("<optgroup ") == len(groups)
    for person in people:
        assert f'<option value="{person.pk}">{html_escape(str(person))}</option>' in html


def test_the_phases_of_a_teams_own_card_or_else_the_default(team, other_team):
    """PhaseCard.phases_for_team reads in one query what for_team's card has."""
    from meetings.models import PhaseCard

    shipped = [p.name for p in PhaseCard.for_team(team).phases.all()]
    assert [p.name for p in PhaseCard.phases_for_team(team)] == shipped

    own = PhaseCard.own_card(team)
    own.phases.filter(number=3).update(name="Nieuwe inzichten, anders")

    assert [p.name for p in PhaseCard.phases_for_team(team)] == [
        p.name for p in PhaseCard.for_team(team).phases.order_by("number")
    ]
    assert "Nieuwe inzichten, anders" in [p.name for p in PhaseCard.phases_for_team(team)]
    assert [p.name for p in PhaseCard.phases_for_team(other_team)] == shipped
    assert [p.number for p in PhaseCard.phases_for_team(team)] == sorted(
        p.number for p in PhaseCard.phases_for_team(team)
    )
