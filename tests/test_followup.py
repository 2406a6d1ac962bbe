"""Follow-up between meetings: first steps marked done on the dashboard, and the look back
at the previous meeting's steps when the next meeting is run.

The cast (tests/conftest.py): bob leads the small group of meeting 2 that wrote carol's
step, dave prepares meeting 3, alice is the team leader, charlie leads another team.
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import FirstStep, Meeting, MeetingRun, PhaseCard
from meetings.services import ensure_run
from meetings.services.followup import look_back, set_step_done, steps_for_dashboard
from plg.models import Role
from tests.factories import FirstStepFactory, MembershipFactory, SmallGroupFactory
from tests.helpers import dutch, plan_year

HTMX = {"HX-Request": "true"}


@pytest.fixture
def meeting3(year, dave) -> Meeting:
    meeting = year.meetings.get(number=3)
    meeting.preparers.set([dave])
    return meeting


def done_url(team_slug: str, step: FirstStep) -> str:
    return reverse("first_step_done", kwargs={"team_slug": team_slug, "pk": step.pk})


# --- access -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [("carol", 302), ("bob", 302), ("alice", 403), ("dave", 403)],
    ids=["owner", "group-leader", "team-leader", "other-developer"],
)
def test_first_step_done_answers_owner_and_group_leader_only(
    client, request, team, step, alice, dave, who, status
):
    client.force_login(request.getfixturevalue(who))

    response = client.post(done_url(team.slug, step), {"done": "1"})

    step.refresh_from_db()
    assert response.status_code == status
    assert (step.done_at is not None) is (status == 302)


@pytest.mark.parametrize(
    ("who", "status"), [("carol", 200), ("bob", 200), ("alice", 403), ("dave", 403)]
)
def test_first_step_done_partial_answers_the_same_checks(
    client, request, team, step, alice, dave, who, status
):
    client.force_login(request.getfixturevalue(who))

    response = client.post(done_url(team.slug, step), {"done": "1"}, headers=HTMX)

    assert response.status_code == status
    if status == 200:
        assert b"<html" not in response.content


def test_first_step_done_is_403_for_another_member_of_the_group(client, team, group, step):
    other = MembershipFactory(team=team, role=Role.TEACHER).user
    group.members.add(other)
    client.force_login(other)

    response = client.post(done_url(team.slug, step), {"done": "1"})

    assert response.status_code == 403


@pytest.mark.parametrize("slug", ["dier-en-groen", "techniek"], ids=["our-slug", "own-slug"])
@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_first_step_done_is_404_for_another_team(client, step, other_team, charlie, slug, headers):
    client.force_login(charlie)

    response = client.post(done_url(slug, step), {"done": "1"}, headers=headers)

    step.refresh_from_db()
    assert response.status_code == 404
    assert step.done_at is None


def test_first_step_done_redirects_anonymous_to_login(client, team, step):
    url = done_url(team.slug, step)

    response = client.post(url, {"done": "1"})

    assert response.status_code == 302
    assert response["Location"] == f"/account/login/?next={url}"


def test_first_step_done_gives_anonymous_htmx_401(client, team, step):
    response = client.post(done_url(team.slug, step), {"done": "1"}, headers=HTMX)

    assert response.status_code == 401


def test_first_step_done_refuses_get(client, team, step, carol):
    client.force_login(carol)

    assert client.get(done_url(team.slug, step)).status_code == 405


# --- marking done and undoing -----------------------------------------------------------------


def test_owner_marks_step_done_and_returns_to_the_dashboard(client, team, step, carol):
    client.force_login(carol)

    response = client.post(done_url(team.slug, step), {"done": "1"})

    step.refresh_from_db()
    assert step.done_at is not None
    assert response["Location"] == reverse("team_dashboard", args=[team.slug])


def test_undo_clears_done(client, team, step, carol):
    step.done_at = timezone.now()
    step.save()
    client.force_login(carol)

    client.post(done_url(team.slug, step), {"done": "0"})

    step.refresh_from_db()
    assert step.done_at is None


def test_marking_done_twice_keeps_the_first_moment(step):
    first = datetime.datetime(2026, 10, 10, 9, 0, tzinfo=datetime.UTC)

    set_step_done(step=step, done=True, now=first)
    set_step_done(step=step, done=True, now=first + datetime.timedelta(days=2))

    step.refresh_from_db()
    assert step.done_at == first


def test_done_post_goes_back_to_a_local_next_url(client, team, step, meeting3, carol):
    client.force_login(carol)
    back = reverse("meeting_detail", args=[team.slug, meeting3.pk])

    response = client.post(done_url(team.slug, step), {"done": "1", "next": back})

    assert response["Location"] == back


def test_done_post_ignores_a_foreign_next_url(client, team, step, carol):
    client.force_login(carol)

    response = client.post(done_url(team.slug, step), {"done": "1", "next": "https://example.com/"})

    assert response["Location"] == reverse("team_dashboard", args=[team.slug])


def test_done_partial_shows_the_undo_button(client, team, step, carol):
    client.force_login(carol)

    response = client.post(
        done_url(team.slug, step), {"done": "1", "place": "dashboard"}, headers=HTMX
    )

    content = response.content.decode()
    assert f'id="step-{step.pk}"' in content
    assert 'name="done" value="0"' in content
    assert dutch("Undo") in content
    assert dutch("Marked as done.") in content


@pytest.mark.parametrize("value", ["", "ja", "2"])
def test_done_with_bad_value_changes_nothing_and_says_why(client, team, step, carol, value):
    client.force_login(carol)

    page = client.post(done_url(team.slug, step), {"done": value}, follow=True)
    partial = client.post(done_url(team.slug, step), {"done": value}, headers=HTMX)

    step.refresh_from_db()
    message = dutch("Say whether the step is done or not.")
    assert step.done_at is None
    assert page.status_code == 200
    assert message in page.content.decode()
    assert partial.status_code == 200
    assert message in partial.content.decode()
    assert "Mentorgesprek plannen" in partial.content.decode()


def test_group_leader_marks_step_from_the_look_back(client, team, step, bob):
    client.force_login(bob)

    response = client.post(
        done_url(team.slug, step), {"done": "1", "place": "lookback"}, headers=HTMX
    )

    assert response.status_code == 200
    assert str(step.owner) in response.content.decode()  # the look back says whose step


# --- the dashboard list -------------------------------------------------------------------------


def test_dashboard_lists_open_and_recently_done_steps_of_the_owner(team, group, carol, bob):
    now = timezone.now()
    open_step = FirstStepFactory(group=group, owner=carol, what="Open")
    recent = FirstStepFactory(
        group=group, owner=carol, what="Net klaar", done_at=now - datetime.timedelta(days=2)
    )
    FirstStepFactory(
        group=group, owner=carol, what="Lang geleden", done_at=now - datetime.timedelta(days=30)
    )
    FirstStepFactory(group=group, owner=bob, what="Van Bob")

    steps = list(steps_for_dashboard(user=carol, team=team, now=now))

    assert steps == [open_step, recent]


def test_dashboard_steps_leave_out_another_teams_steps(team, other_year, carol, charlie):
    foreign = SmallGroupFactory(meeting=other_year.meetings.get(number=2), number=1, leader=charlie)
    FirstStepFactory(group=foreign, owner=carol, what="Elders")

    assert list(steps_for_dashboard(user=carol, team=team)) == []


# --- the look back on the run view -------------------------------------------------------------


def test_look_back_gives_the_previous_meetings_steps(meeting2, meeting3, step, group, bob):
    done = FirstStepFactory(group=group, owner=bob, what="Collega vragen", done_at=timezone.now())

    result = look_back(meeting3)

    assert result.meeting == meeting2
    assert result.steps == [step, done]
    assert result.done_count == 1


def test_look_back_of_meeting_1_is_last_years_meeting_6(team, year):
    next_year = plan_year(team, name="2027–2028", weeks=52)

    result = look_back(next_year.meetings.get(number=1))

    assert result.meeting == year.meetings.get(number=6)
    assert result.steps == []


def test_look_back_is_none_for_the_first_meeting_ever(year):
    assert look_back(year.meetings.get(number=1)) is None


def test_run_view_opens_with_the_look_back(client, team, meeting3, step, dave):
    client.force_login(dave)

    response = client.get(reverse("meeting_run", args=[team.slug, meeting3.pk]))

    content = response.content.decode()
    assert response.status_code == 200
    assert '<details class="card mt-3 look-back" open>' in content
    assert "Mentorgesprek plannen" in content
    assert str(step.owner) in content
    # dave did not lead the group and does not own the step: he reads, he does not mark.
    assert done_url(team.slug, step) not in content


def test_run_view_look_back_lets_the_group_leader_mark(client, team, meeting3, step, bob):
    meeting3.preparers.add(bob)
    client.force_login(bob)

    response = client.get(reverse("meeting_run", args=[team.slug, meeting3.pk]))

    assert f'action="{done_url(team.slug, step)}"' in response.content.decode()


def test_run_view_look_back_folds_away_after_phase_0(client, team, meeting3, step, dave):
    run = ensure_run(meeting=meeting3)
    steps = run.steps(list(PhaseCard.for_team(team).phases.all()))
    run.go_to_step(2, step_count=len(steps), now=timezone.now())
    assert MeetingRun.objects.get(pk=run.pk).current_step == 2
    client.force_login(dave)

    response = client.get(reverse("meeting_run", args=[team.slug, meeting3.pk]))

    content = response.content.decode()
    assert '<details class="card mt-3 look-back">' in content
    assert "Mentorgesprek plannen" in content


@pytest.mark.parametrize("steps", [2, 12])
def test_run_view_query_count_with_look_back_does_not_grow(
    client, django_assert_num_queries, team, meeting3, group, dave, steps
):
    for n in range(steps):
        owner = MembershipFactory(team=team, role=Role.TEACHER).user
        FirstStepFactory(group=group, owner=owner, what=f"Stap {n}")
    ensure_run(meeting=meeting3)  # a GET no longer makes the run; preparing did
    client.force_login(dave)
    url = reverse("meeting_run", args=[team.slug, meeting3.pk])
    client.get(url)

    # Meeting 3 has no groups yet here, so fewer than in test_running's count; the look back
    # reads the previous report's agreements too (issue 13).
    with django_assert_num_queries(13):
        response = client.get(url)

    assert response.status_code == 200
    assert len(response.context["look_back"].steps) == steps
