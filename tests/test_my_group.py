"""Issue 12 item 5: everyone finds their own group. The dashboard shows a person's group,
its leader and room once the preparers published the groups or the meeting started; the
group leader gets a link to the group page; the projector shows the groups at the start of
phase 1 and the phase 0 plan; the run view shows the phase 0 plan.

The cast (tests/conftest.py): bob and dave prepare `meeting` (meeting 3); erin is in the
ontwikkelteam and leads a group without preparing; carol is a teacher; alice leads the
team; charlie leads another team.
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings import services
from meetings.models import MeetingRun, PhaseCard
from plg.models import Role
from tests.factories import MembershipFactory, SmallGroupFactory
from tests.helpers import dutch, dutch_html


@pytest.fixture
def erin(team):
    return MembershipFactory(team=team, role=Role.DEVELOPER, user__first_name="Erin").user


@pytest.fixture
def today(monkeypatch, meeting) -> datetime.date:
    """The day before meeting 3: it is the next meeting."""
    day = meeting.date - datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)
    return day


@pytest.fixture
def run(meeting) -> MeetingRun:
    return services.ensure_run(meeting=meeting)


@pytest.fixture
def groups(meeting, run, erin, dave, carol, team):
    """Group 1: erin leads, carol is in it (room B2.14); group 2: dave leads."""
    meeting.room = "Aula"
    meeting.save()
    other = MembershipFactory(team=team, role=Role.TEACHER, user__first_name="Fenna").user
    one = SmallGroupFactory(meeting=meeting, number=1, leader=erin, members=[carol], room="B2.14")
    two = SmallGroupFactory(meeting=meeting, number=2, leader=dave, members=[other])
    return one, two


def url(name, meeting, slug="dier-en-groen"):
    return reverse(name, kwargs={"team_slug": slug, "pk": meeting.pk})


def dashboard(client):
    return client.get(reverse("team_dashboard", args=["dier-en-groen"])).content.decode()


def heading(group) -> str:
    return dutch_html("Your small group: %(group)s", group=group)


# --- the dashboard ---------------------------------------------------------------------------


def test_before_publication_nobody_sees_their_group(client, today, groups, carol):
    client.force_login(carol)

    assert heading(groups[0]) not in dashboard(client)


def test_published_groups_show_on_a_participants_dashboard(client, today, meeting, groups, carol):
    services.publish_groups(meeting=meeting, publish=True)
    client.force_login(carol)

    page = dashboard(client)

    assert heading(groups[0]) in page
    assert "Erin" in page  # the leader
    assert "B2.14" in page  # the group's room
    assert reverse("group_detail", args=["dier-en-groen", groups[0].pk]) not in page


def test_group_without_a_room_of_its_own_meets_in_the_meetings_room(
    client, today, meeting, groups, dave
):
    services.publish_groups(meeting=meeting, publish=True)
    client.force_login(dave)

    page = dashboard(client)

    assert heading(groups[1]) in page
    assert "Aula" in page


def test_a_group_leader_who_does_not_prepare_gets_a_link_to_the_group_page(
    client, today, meeting, run, groups, erin
):
    client.force_login(erin)
    assert client.get(url("meeting_run", meeting)).status_code == 403  # not a preparer
    run.go_to_step(0, step_count=8, now=timezone.now())  # the meeting starts

    page = dashboard(client)
    group_url = reverse("group_detail", args=["dier-en-groen", groups[0].pk])

    assert heading(groups[0]) in page
    assert group_url in page
    assert client.get(group_url).status_code == 200


def test_the_group_disappears_from_the_dashboard_when_the_meeting_is_closed(
    client, today, meeting, groups, carol
):
    services.publish_groups(meeting=meeting, publish=True)
    services.close_meeting(meeting=meeting)
    client.force_login(carol)

    assert heading(groups[0]) not in dashboard(client)


def test_someone_in_no_group_sees_none(client, today, meeting, groups, alice):
    services.publish_groups(meeting=meeting, publish=True)
    client.force_login(alice)

    page = dashboard(client)

    assert heading(groups[0]) not in page and heading(groups[1]) not in page


@pytest.mark.parametrize("size", [2, 12])
def test_dashboard_query_count_with_a_published_group_is_constant(
    client, django_assert_num_queries, team, today, meeting, run, carol, erin, size
):
    leaders = [erin] + [
        MembershipFactory(team=team, role=Role.DEVELOPER).user for _ in range(size - 1)
    ]
    for number, leader in enumerate(leaders, start=1):
        members = [MembershipFactory(team=team, role=Role.TEACHER).user for _ in range(size)]
        if number == 1:
            members.append(carol)
        SmallGroupFactory(meeting=meeting, number=number, leader=leader, members=members)
    services.publish_groups(meeting=meeting, publish=True)
    client.force_login(carol)
    dashboard(client)

    # The dashboard's 13 (test_dashboard.py), plus the group and its members.
    with django_assert_num_queries(13):
        response = client.get(reverse("team_dashboard", args=["dier-en-groen"]))

    assert response.context["my_group"].group.number == 1
    assert len(response.context["my_group"].companions) == size


# --- publishing and rooms: who may -----------------------------------------------------------


VIEWS = ["meeting_publish_groups", "meeting_group_room"]


@pytest.mark.parametrize("name", VIEWS)
@pytest.mark.parametrize(
    ("who", "status"),
    [("bob", 302), ("alice", 302), ("carol", 403), ("erin", 403), ("charlie", 404)],
)
def test_publishing_and_rooms_are_for_the_facilitators(
    client, request, meeting, groups, name, who, status
):
    client.force_login(request.getfixturevalue(who))

    response = client.post(url(name, meeting), {"group": groups[0].pk, "room": "C1"})

    assert response.status_code == status


@pytest.mark.parametrize("name", VIEWS)
def test_publishing_and_rooms_send_anonymous_people_to_the_login(client, meeting, groups, name):
    response = client.post(url(name, meeting), {"group": groups[0].pk, "room": "C1"})

    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/")
    groups[0].refresh_from_db()
    assert groups[0].room == "B2.14"


def test_publishing_and_withdrawing_tell_the_projector(client, bob, meeting, run, groups):
    client.force_login(bob)
    version = run.state_version

    client.post(url("meeting_publish_groups", meeting), {"action": "publish"})
    run.refresh_from_db()
    assert run.groups_published_at is not None
    assert run.state_version > version

    client.post(url("meeting_publish_groups", meeting), {"action": "withdraw"})
    run.refresh_from_db()
    assert run.groups_published_at is None


def test_publishing_without_groups_says_compose_first(client, bob, meeting, run):
    client.force_login(bob)

    response = client.post(url("meeting_publish_groups", meeting), follow=True)

    assert dutch("Compose the groups first, then publish them.") in response.content.decode()
    run.refresh_from_db()
    assert run.groups_published_at is None


def test_saving_a_room_tells_the_projector(client, bob, meeting, run, groups):
    client.force_login(bob)
    version = run.state_version

    client.post(url("meeting_group_room", meeting), {"group": groups[1].pk, "room": " C1.03 "})

    groups[1].refresh_from_db()
    run.refresh_from_db()
    assert groups[1].room == "C1.03"
    assert run.state_version > version


def test_a_room_for_a_group_of_another_meeting_is_refused(client, bob, meeting, groups, meeting2):
    stranger = SmallGroupFactory(meeting=meeting2, number=1)
    client.force_login(bob)

    response = client.post(
        url("meeting_group_room", meeting), {"group": stranger.pk, "room": "X"}, follow=True
    )

    stranger.refresh_from_db()
    assert stranger.room == ""
    assert dutch("Choose one of this meeting's groups.") in response.content.decode()


# --- the run view and the projector ------------------------------------------------------------


def _plan(run):
    run.phase0_format = "guest_speaker"
    run.phase0_who = "Dr. Jansen (lector)"
    run.phase0_what = "Over feedback geven"
    run.phase0_links = "https://example.org/artikel"
    run.save()


def _steps(run):
    return run.steps(list(PhaseCard.for_team(run.meeting.school_year.team).phases.all()))


def test_the_run_view_shows_the_phase_0_plan(client, bob, meeting, run):
    _plan(run)
    client.force_login(bob)

    page = client.get(url("meeting_run", meeting)).content.decode()

    assert "Dr. Jansen (lector)" in page
    assert "Over feedback geven" in page
    assert 'href="https://example.org/artikel"' in page


def test_the_projector_shows_the_phase_0_plan_in_phase_0(client, meeting, run):
    _plan(run)
    run.go_to_step(0, step_count=len(_steps(run)), now=timezone.now())

    page = client.get(reverse("projector", args=[meeting.pk, run.projector_token])).content
    assert "Dr. Jansen (lector)" in page.decode()


def test_the_projector_shows_the_groups_in_phase_1_only(client, meeting, run, groups):
    steps = _steps(run)
    projector = reverse("projector", args=[meeting.pk, run.projector_token])
    run.go_to_step(0, step_count=len(steps), now=timezone.now())
    assert "B2.14" not in client.get(projector).content.decode()

    run.go_to_step(1, step_count=len(steps), now=timezone.now())  # phase 1
    page = client.get(projector).content.decode()

    assert "projector-groups" in page
    assert "B2.14" in page and "Aula" in page
    assert "Erin" in page and "Fenna" in page
