"""The navigation bar: the person's teams and the year plan of the team in the URL. A team
page reads them with its membership (meetings.access.member, plg.access.get_membership), in
the same query; the year plan link goes to the year SchoolYearQuerySet.current gives."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from meetings.models import SchoolYear
from plg.models import Membership, Role
from tests.factories import MembershipFactory, SchoolYearFactory
from tests.helpers import dutch_html


@pytest.fixture
def alice_in_two_teams(alice, other_team):
    MembershipFactory(team=other_team, user=alice, role=Role.TEACHER)
    return alice


def _nav(response) -> str:
    html = response.content.decode()
    return html[html.index('id="main-nav"') : html.index("</nav>")]


def _year_link(team, year) -> str:
    return f'href="{reverse("planner", args=[team.slug, year.pk])}"'


@pytest.mark.parametrize("page", ["team_dashboard", "members", "themes", "report_list"])
def test_each_team_page_lists_the_teams_and_links_the_current_year(
    client, team, other_team, year, alice_in_two_teams, page
):
    client.force_login(alice_in_two_teams)

    nav = _nav(client.get(reverse(page, args=[team.slug])))

    assert dutch_html("Switch team") in nav
    assert f'href="/t/{team.slug}/"' in nav and f'href="/t/{other_team.slug}/"' in nav
    assert _year_link(team, year) in nav


def test_the_year_plan_link_is_the_running_or_next_year_else_the_latest(
    client, team, alice, settings
):
    today = datetime.date.today()
    past = SchoolYearFactory(
        team=team,
        name="oud",
        first_day=today.replace(year=today.year - 3),
        last_day=today.replace(year=today.year - 2),
    )
    later = SchoolYearFactory(
        team=team,
        name="later",
        first_day=today.replace(year=today.year + 2),
        last_day=today.replace(year=today.year + 3),
    )
    running = SchoolYearFactory(
        team=team,
        name="nu",
        first_day=today - datetime.timedelta(days=30),
        last_day=today + datetime.timedelta(days=30),
    )
    client.force_login(alice)
    url = reverse("team_dashboard", args=[team.slug])

    assert _year_link(team, running) in _nav(client.get(url))
    running.delete()
    assert _year_link(team, later) in _nav(client.get(url))
    later.delete()
    assert _year_link(team, past) in _nav(client.get(url))
    assert SchoolYear.objects.filter(team=team).current(today) == past


def test_a_team_without_a_year_has_no_year_plan_link(client, team, alice):
    client.force_login(alice)

    nav = _nav(client.get(reverse("team_dashboard", args=[team.slug])))

    assert dutch_html("Year plan") not in nav


def test_a_former_membership_is_not_in_the_switcher(client, team, other_team, alice_in_two_teams):
    Membership.objects.filter(team=other_team, user=alice_in_two_teams).update(is_active=False)
    client.force_login(alice_in_two_teams)

    nav = _nav(client.get(reverse("team_dashboard", args=[team.slug])))

    assert f'href="/t/{other_team.slug}/"' not in nav
    assert client.get(reverse("team_dashboard", args=[other_team.slug])).status_code == 404
