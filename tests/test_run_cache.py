"""The projector and run-state polls answer "nothing changed" from the shared cache
(meetings/run_cache.py, issue 10): without the database, and never wrongly. Every change of
what the screens show gives a new version that a screen behind gets from the next poll; a
replaced token, an expired link or a deleted run is never answered from the cache; the
run-state poll still checks who asks."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from meetings import run_cache, services
from meetings.models import MeetingRun, PhaseCard
from meetings.models.running import new_projector_token
from meetings.services.attendance import present_ids
from plg.models import Membership, Role
from tests.factories import MeetingFactory, MembershipFactory


@pytest.fixture
def run(meeting, team):
    for _ in range(6):
        MembershipFactory(team=team, role=Role.TEACHER)
    return services.ensure_run(meeting=meeting)


def projector_poll(client, run, version, token=None):
    url = reverse(
        "projector_state", kwargs={"pk": run.meeting_id, "token": token or run.projector_token}
    )
    return client.get(url, {"v": version})


def run_state_poll(client, run, version):
    team = run.meeting.school_year.team
    url = reverse("meeting_run_state", args=[team.slug, run.meeting_id])
    return client.get(url, {"v": version})


def _steps(run):
    return len(run.steps(list(PhaseCard.for_team(run.meeting.school_year.team).phases.all())))


def _step(run):
    run.go_to_step(
        0 if run.current_step is None else run.current_step + 1,
        step_count=_steps(run),
        now=timezone.now(),
    )


def _compose(run):
    services.compose_meeting_groups(meeting=run.meeting, seed=7)


def _move(run):
    services.compose_meeting_groups(meeting=run.meeting, seed=1)
    run.refresh_from_db()
    groups = list(run.meeting.groups.order_by("number"))
    person = groups[0].members.first()
    services.move_person(meeting=run.meeting, user=person, group=groups[1])


def _attendance(run):
    services.set_attendance(meeting=run.meeting, present=set(present_ids(run.meeting)))


def _plan(run):
    run.break_minutes = 20
    run.save()
    run.bump()  # as the prepare page does after saving the plan


def _close(run):
    services.close_meeting(meeting=run.meeting)


CHANGES = {
    "phase step (and its timer)": _step,
    "groups composed": _compose,
    "person moved": _move,
    "attendance": _attendance,
    "plan": _plan,
    "closed": _close,
}


def test_unchanged_projector_poll_does_not_touch_the_database(
    client, django_assert_num_queries, run
):
    with django_assert_num_queries(0):
        assert projector_poll(client, run, run.state_version).status_code == 204


def test_a_poll_after_a_cache_miss_fills_the_cache(client, django_assert_num_queries, run):
    cache.clear()

    with django_assert_num_queries(1):  # the run, from the database
        assert projector_poll(client, run, run.state_version).status_code == 204
    with django_assert_num_queries(0):
        assert projector_poll(client, run, run.state_version).status_code == 204


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
@pytest.mark.parametrize("warm", [True, False], ids=["cached", "cache-emptied"])
def test_every_change_reaches_a_screen_that_is_behind(client, bob, run, change, warm):
    old = run.state_version
    assert projector_poll(client, run, old).status_code == 204
    if not warm:
        cache.clear()

    change(run)

    new = MeetingRun.objects.get(pk=run.pk).state_version
    assert new > old
    projector = projector_poll(client, run, old)
    client.force_login(bob)
    laptop = run_state_poll(client, run, old)
    assert projector.status_code == laptop.status_code == 200
    assert f"?v={new}" in projector.content.decode()
    assert f"?v={new}" in laptop.content.decode()
    # The screens now show the new version: nothing changed since.
    assert projector_poll(client, run, new).status_code == 204
    assert run_state_poll(client, run, new).status_code == 204


def test_a_poll_that_read_the_old_row_cannot_put_it_back(client, run):
    """A poll reads the run, a change publishes a newer version, then the poll remembers
    what it read: the cache keeps the newer version."""
    read_by_the_poll = MeetingRun.objects.get(pk=run.pk)
    run.bump()

    run_cache.remember(read_by_the_poll)

    assert projector_poll(client, run, read_by_the_poll.state_version).status_code == 200
    assert projector_poll(client, run, run.state_version).status_code == 204


def test_a_new_projector_token_stops_the_old_link_at_once(client, run):
    old_token = run.projector_token
    assert projector_poll(client, run, run.state_version).status_code == 204

    run.projector_token = new_projector_token()
    run.save()

    assert projector_poll(client, run, run.state_version, token=old_token).status_code == 404
    assert projector_poll(client, run, run.state_version).status_code == 204


def test_a_token_of_another_meeting_is_not_answered_from_the_cache(client, run, year):
    other = services.ensure_run(meeting=year.meetings.get(number=4))
    assert projector_poll(client, other, other.state_version).status_code == 204

    response = projector_poll(client, run, other.state_version, token=other.projector_token)

    assert response.status_code == 404


def test_an_expired_link_is_not_answered_from_the_cache(client, run):
    services.close_meeting(meeting=run.meeting, now=timezone.now() - datetime.timedelta(hours=3))
    run.refresh_from_db()

    assert projector_poll(client, run, run.state_version).status_code == 410
    assert projector_poll(client, run, run.state_version).status_code == 410


def test_a_deleted_run_is_forgotten(client, run):
    version = run.state_version
    assert projector_poll(client, run, version).status_code == 204

    MeetingRun.objects.filter(pk=run.pk).delete()  # as when its meeting is deleted

    assert projector_poll(client, run, version).status_code == 404


def test_run_state_poll_still_checks_who_asks(client, run, bob, carol):
    version = run.state_version
    client.force_login(bob)
    assert run_state_poll(client, run, version).status_code == 204

    client.force_login(carol)  # a teacher who does not prepare this meeting
    refused = run_state_poll(client, run, version)
    client.logout()
    anonymous = run_state_poll(client, run, version)

    assert refused.status_code == 403
    assert anonymous.status_code == 302


def test_run_state_poll_refuses_a_former_preparer_and_another_teams_meeting(
    client, run, bob, alice, other_team
):
    version = run.state_version
    team = run.meeting.school_year.team
    client.force_login(alice)
    other = reverse("meeting_run_state", args=[other_team.slug, run.meeting_id])
    assert client.get(other, {"v": version}).status_code == 404  # not alice's team

    Membership.objects.filter(user=bob, team=team).update(is_active=False)
    client.force_login(bob)  # still one of the meeting's preparers, but no longer a member

    assert run_state_poll(client, run, version).status_code == 404


@pytest.mark.parametrize("team_size", [6, 30])
def test_unchanged_run_state_poll_reads_only_who_asks(
    client, django_assert_num_queries, team, bob, run, team_size
):
    for _ in range(team_size):
        MembershipFactory(team=team, role=Role.TEACHER)
    client.force_login(bob)
    run_state_poll(client, run, run.state_version)

    # Session, user, and one for the membership, the meeting and its preparers: not the run.
    with django_assert_num_queries(3):
        assert run_state_poll(client, run, run.state_version).status_code == 204


def test_run_state_poll_answers_the_team_leader_and_not_for_another_teams_meeting(
    client, run, alice, bob, other_team
):
    """The one-query check (SQL of its own): the team leader needs not prepare the meeting;
    a meeting of another team under one's own team's URL does not exist; neither does a
    meeting that is not there at all."""
    version = run.state_version
    team = run.meeting.school_year.team
    elsewhere = MeetingFactory(school_year__team=other_team)
    MembershipFactory(team=other_team, user=bob, role=Role.DEVELOPER)
    elsewhere.preparers.add(bob)
    client.force_login(alice)
    assert run_state_poll(client, run, version).status_code == 204

    elsewhere_run = services.ensure_run(meeting=elsewhere)
    run_cache.remember(elsewhere_run)  # its state is in the cache: only the check refuses
    client.force_login(bob)  # prepares `elsewhere`, and asks for it under his own team
    own_url = reverse("meeting_run_state", args=[team.slug, elsewhere.pk])
    missing = reverse("meeting_run_state", args=[team.slug, 999_999])

    assert client.get(own_url, {"v": elsewhere_run.state_version}).status_code == 404
    assert client.get(missing, {"v": 1}).status_code == 404
