"""The small groups planned over the whole year: composing from the year plan, and the
"new colleagues met" on the preparation page."""

import html
import re

import pytest
from django.urls import reverse

from meetings import services, yeargrouping
from meetings.grouping import compose_groups
from meetings.services.running import current_groups, earlier_groups
from plg.models import Role
from tests.factories import MembershipFactory, SmallGroupFactory


def team_of(team, developers, teachers):
    leaders = [
        MembershipFactory(team=team, role=Role.DEVELOPER, user__first_name=f"Leider {i}").user
        for i in range(developers)
    ]
    others = [
        MembershipFactory(team=team, role=Role.TEACHER, user__first_name=f"Docent {i:02}").user
        for i in range(teachers)
    ]
    return leaders, others


@pytest.mark.django_db
def test_composing_every_meeting_from_the_year_plan_reaches_the_bound(team, year):
    # 12 people, 3 group leaders, six meetings: the per-meeting method repeats 52 pairs,
    # the year plan the 45 that counting allows.
    leaders, teachers = team_of(team, 3, 9)
    meetings = list(year.meetings.order_by("number"))
    for meeting in meetings:
        services.compose_meeting_groups(meeting=meeting)
    year_groups = [current_groups(meeting) for meeting in meetings]
    assert all(len(groups) == 3 for groups in year_groups)
    assert yeargrouping.year_total(year_groups) == yeargrouping.year_lower_bound(12, 3, 6) == 45

    ids = sorted(u.pk for u in teachers)
    leader_ids = sorted(u.pk for u in leaders)
    per_meeting = []
    for _ in meetings:
        per_meeting.append(compose_groups(ids, leader_ids, history=per_meeting))
    assert yeargrouping.year_total(per_meeting) > 45


@pytest.mark.django_db
def test_seven_groups_of_seven_meet_nobody_twice_all_year(team, year):
    """49 people with 7 group leaders: over the six meetings everyone shares a group with
    36 different colleagues, nobody twice (the year plan's plane of order 7)."""
    leaders, teachers = team_of(team, 7, 42)
    meetings = list(year.meetings.order_by("number"))
    for meeting in meetings:
        services.compose_meeting_groups(meeting=meeting)
    year_groups = [current_groups(meeting) for meeting in meetings]
    assert all(sorted(map(len, groups)) == [7] * 7 for groups in year_groups)
    assert yeargrouping.year_total(year_groups) == 0
    met = yeargrouping.colleagues_met(year_groups)
    assert all(met[u.pk] == 36 for u in teachers)


@pytest.mark.django_db
def test_composed_groups_are_the_first_meeting_of_the_year_plan(team, year):
    leaders, teachers = team_of(team, 3, 9)
    meetings = list(year.meetings.order_by("number"))
    services.compose_meeting_groups(meeting=meetings[0])
    services.compose_meeting_groups(meeting=meetings[1])

    leader_ids = [u.pk for u in leaders]  # name order: Leider 0, 1, 2
    plan = yeargrouping.plan_year([u.pk for u in teachers], leader_ids, 6)
    assert current_groups(meetings[0]) == plan[0]
    assert current_groups(meetings[1]) == plan[1]


@pytest.mark.django_db
def test_after_a_change_the_rest_of_the_year_is_planned_again(team, year):
    leaders, teachers = team_of(team, 3, 9)
    meetings = list(year.meetings.order_by("number"))
    groups = services.compose_meeting_groups(meeting=meetings[0])
    mover = groups[0].members.first()
    services.move_person(meeting=meetings[0], user=mover, group=groups[1])

    services.compose_meeting_groups(meeting=meetings[1])

    leader_ids = [u.pk for u in leaders]
    history = earlier_groups(meetings[1])
    plan = yeargrouping.plan_year([u.pk for u in teachers], leader_ids, 5, history=history)
    assert current_groups(meetings[1]) == plan[0]


@pytest.mark.django_db
def test_fitting_to_attendance_still_places_everyone_who_is_here(team, year):
    leaders, teachers = team_of(team, 3, 9)
    meeting = year.meetings.get(number=2)
    services.compose_meeting_groups(meeting=meeting)
    present = {u.pk for u in leaders} | {u.pk for u in teachers[2:]}
    services.set_attendance(meeting=meeting, present=present)

    services.fit_groups_to_attendance(meeting=meeting)

    groups = current_groups(meeting)
    assert sorted(pid for g in groups for pid in g) == sorted(present)
    sizes = [len(g) for g in groups]
    assert max(sizes) - min(sizes) <= 1


def colleague_rows(content):
    table = content.split('id="colleagues-met"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(
        r'<tr><td>([^<]*)</td><td class="text-end">(\d+)</td><td class="text-end">(\d+)</td></tr>',
        table,
    )
    return {html.unescape(name): (int(new), int(met)) for name, new, met in rows}


def test_prepare_page_shows_new_colleagues_met_this_year(client, team, meeting, bob, dave, carol):
    erin, frank = team_of(team, 0, 2)[1]
    earlier = team.school_years.get().meetings.get(number=2)
    SmallGroupFactory(meeting=earlier, number=1, leader=bob, members=[carol, erin])
    SmallGroupFactory(meeting=earlier, number=2, leader=dave, members=[frank])
    SmallGroupFactory(meeting=meeting, number=1, leader=bob, members=[carol, frank])
    SmallGroupFactory(meeting=meeting, number=2, leader=dave, members=[erin])
    client.force_login(bob)

    response = client.get(
        reverse("meeting_prepare", kwargs={"team_slug": team.slug, "pk": meeting.pk})
    )

    assert response.status_code == 200
    rows = colleague_rows(response.content.decode())
    # (new in this meeting, met this year)
    assert rows == {
        str(bob): (1, 3),  # frank is new; carol, erin before
        str(carol): (1, 3),  # frank new
        str(dave): (1, 2),  # erin new
        str(erin): (1, 3),  # dave new; bob, carol before
        str(frank): (2, 3),  # bob and carol new; dave before
    }


def test_prepare_page_without_groups_has_no_colleagues_table(client, meeting, bob):
    client.force_login(bob)
    response = client.get(
        reverse("meeting_prepare", kwargs={"team_slug": "dier-en-groen", "pk": meeting.pk})
    )
    assert response.status_code == 200
    assert 'id="colleagues-met"' not in response.content.decode()
