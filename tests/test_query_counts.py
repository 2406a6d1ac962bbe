"""List-like pages ask the database a fixed number of times, however large the team.

Each page is loaded at a small and a large size; the count must be the same exact number.
The counts include the session and user lookups of every logged-in request; a first
request to the team is made beforehand, as when a member browses the site, so the count
is that of a page view, not of the one-off session write when the team changes.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from plg.models import Role
from tests.factories import CalendarFeedFactory, InvitationFactory, MembershipFactory, ThemeFactory
from tests.helpers import plan_year

SMALL = {"members": 5, "years": 1, "themes": 2}
LARGE = {"members": 40, "years": 3, "themes": 20}
SIZES = [pytest.param(SMALL, id="small"), pytest.param(LARGE, id="large")]


def _populate(team, leader, size):
    """A team of `size["members"]` (leader included, a third in the development team, one
    in five a former member), `size["years"]` school years with two preparers on every
    meeting, and `size["themes"]` themes, two of them planned."""
    developers = []
    for n in range(size["members"] - 1):
        role = Role.DEVELOPER if n % 3 == 0 else Role.TEACHER
        membership = MembershipFactory(team=team, role=role)
        if n % 5 == 4:
            membership.deactivate(by=leader)
        elif role == Role.DEVELOPER:
            developers.append(membership.user)
    years = []
    for k in range(size["years"]):
        year = plan_year(team, name=f"{2026 + k}–{2027 + k}", weeks=52 * k)
        years.append(year)
        for i, meeting in enumerate(year.meetings.all()):
            meeting.preparers.add(developers[i % len(developers)], leader)
    themes = [ThemeFactory(team=team, proposed_by=leader) for _ in range(size["themes"])]
    first_year_meetings = list(years[0].meetings.order_by("number"))
    first_year_meetings[1].theme = themes[0]
    first_year_meetings[1].save()
    first_year_meetings[2].theme = themes[1]
    first_year_meetings[2].save()
    return years[0]


@pytest.mark.parametrize("size", SIZES)
def test_dashboard_query_count_is_constant(client, django_assert_num_queries, team, alice, size):
    _populate(team, alice, size)
    client.force_login(alice)
    url = reverse("team_dashboard", args=[team.slug])
    client.get(url)

    # 6, plus the person's own first steps and own cases (the dashboard of issue 4), and
    # the team leader's count of open absence requests (issue 11), their own learning
    # question and agreements, and the development team for the two-preparers warning
    # (issue 13).
    with django_assert_num_queries(12):
        response = client.get(url)

    assert response.status_code == 200
    assert len(response.context["meetings"]) == 6


@pytest.mark.parametrize("size", SIZES)
def test_members_page_query_count_is_constant(client, django_assert_num_queries, team, alice, size):
    _populate(team, alice, size)
    InvitationFactory.create_batch(size["members"] // 5, team=team)
    client.force_login(alice)
    url = reverse("members", args=[team.slug])
    client.get(url)

    with django_assert_num_queries(6):  # the pending invitations are one of them
        response = client.get(url)

    assert response.status_code == 200
    assert (
        len(response.context["active_members"]) + len(response.context["former_members"])
        == size["members"]
    )


@pytest.mark.parametrize("size", SIZES)
# The team leader also sees each developer's preparation load (one query more).
@pytest.mark.parametrize(("role", "queries"), [("alice", 10), ("carol", 9)])
def test_planner_query_count_is_constant(
    client, request, django_assert_num_queries, team, alice, size, role, queries
):
    year = _populate(team, alice, size)
    client.force_login(request.getfixturevalue(role))
    url = reverse("planner", args=[team.slug, year.pk])
    client.get(url)

    with django_assert_num_queries(queries):
        response = client.get(url)

    assert response.status_code == 200
    assert len(response.context["years"]) == size["years"]


@pytest.mark.parametrize("size", SIZES)
def test_themes_page_query_count_is_constant(client, django_assert_num_queries, team, alice, size):
    _populate(team, alice, size)
    client.force_login(alice)
    url = reverse("themes", args=[team.slug])
    client.get(url)

    # 5: the one proposal form (issue 12 item 6) lists your own cases to link a theme to.
    with django_assert_num_queries(5):
        response = client.get(url)

    assert response.status_code == 200
    assert len(response.context["themes"]) == size["themes"]


@pytest.mark.parametrize("size", SIZES)
def test_meeting_edit_query_count_is_constant(client, django_assert_num_queries, team, alice, size):
    year = _populate(team, alice, size)
    meeting = year.meetings.get(number=3)
    client.force_login(alice)
    url = reverse("meeting_edit", args=[team.slug, meeting.pk])
    client.get(url)

    with django_assert_num_queries(12):
        response = client.get(url)

    assert response.status_code == 200


@pytest.mark.parametrize("size", SIZES)
def test_calendar_feed_query_count_is_constant(
    client, django_assert_num_queries, team, alice, size
):
    """A feed client polls often: the token, a version of the person's meetings, and (only
    when that version is not in the cache yet) the meetings with their preparers."""
    _populate(team, alice, size)
    feed = CalendarFeedFactory(user=alice)
    url = reverse("calendar_feed", args=[feed.token])
    cache.clear()

    with django_assert_num_queries(4):
        first = client.get(url)
    with django_assert_num_queries(2):
        cached = client.get(url)

    assert first.status_code == cached.status_code == 200
    assert first.content == cached.content
    assert first.content.count(b"BEGIN:VEVENT") == 6 * size["years"]
