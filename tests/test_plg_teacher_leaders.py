"""The PLG itself (seed 000): the development team, at most fifteen people, led by two
teacher leaders. The team leader marks the teacher leaders; the members page shows who they
are and warns above fifteen or without two teacher leaders (issue 13)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from plg.learning_community import plg_warnings
from plg.models import Membership, Role
from tests.factories import MembershipFactory
from tests.helpers import dutch, dutch_html


def _url(team, membership) -> str:
    return reverse("member_teacher_leader", args=[team.slug, membership.pk])


def _membership(team, user) -> Membership:
    return Membership.objects.get(team=team, user=user)


def test_rule_warns_above_fifteen_and_without_two_teacher_leaders():
    assert plg_warnings(developers=15, teacher_leaders=2) == []
    [size] = plg_warnings(developers=16, teacher_leaders=2)
    assert dutch(size).startswith("Het ontwikkelteam (de PLG) telt 16 personen")
    [leaders] = plg_warnings(developers=4, teacher_leaders=1)
    assert "nu is er 1 aangewezen" in dutch(leaders)


def test_team_leader_marks_two_teacher_leaders_shown_to_the_team(
    client, team, alice, bob, dave, carol
):
    client.force_login(alice)
    for user in (bob, dave):
        response = client.post(_url(team, _membership(team, user)), {"is_teacher_leader": "on"})
        assert response.status_code == 302
    assert _membership(team, bob).is_teacher_leader and _membership(team, dave).is_teacher_leader

    client.force_login(carol)
    html = client.get(reverse("members", args=[team.slug])).content.decode()
    plg = html.split('class="card mb-4 plg-card"')[1].split("</section>")[0]
    assert f'<span class="fw-semibold">{bob}</span>' in plg
    assert f'<span class="fw-semibold">{dave}</span>' in plg
    assert html.count("teacher-leader-badge") == 2
    assert "plg-warnings" not in html


def test_unmarking_a_teacher_leader(client, team, alice, bob):
    _membership(team, bob).set_teacher_leader(True)
    client.force_login(alice)

    client.post(_url(team, _membership(team, bob)), {})

    assert not _membership(team, bob).is_teacher_leader


def test_a_teacher_cannot_be_marked_and_is_told_in_dutch(client, team, alice, carol):
    client.force_login(alice)

    response = client.post(
        _url(team, _membership(team, carol)), {"is_teacher_leader": "on"}, follow=True
    )

    assert not _membership(team, carol).is_teacher_leader
    assert (
        dutch_html("Only members of the development team can be teacher leaders of the PLG.")
        in response.content.decode()
    )


def test_leaving_the_development_team_ends_the_teacher_leader_mark(team, alice, bob):
    membership = _membership(team, bob)
    membership.set_teacher_leader(True)

    membership.change_role(Role.TEACHER, by=alice)

    assert not _membership(team, bob).is_teacher_leader


def test_members_page_warns_the_team_leader_above_fifteen(client, team, alice, bob):
    MembershipFactory.create_batch(15, team=team, role=Role.DEVELOPER)
    client.force_login(alice)

    html = client.get(reverse("members", args=[team.slug])).content.decode()

    assert "plg-warnings" in html
    assert "16 personen" in html


@pytest.mark.parametrize("who", ["anonymous", "charlie", "carol", "bob"])
def test_only_the_team_leader_marks_teacher_leaders(client, team, bob, carol, charlie, who):
    target = _membership(team, bob)
    expected = {"anonymous": 302, "charlie": 404, "carol": 403, "bob": 403}[who]
    if who != "anonymous":
        client.force_login({"charlie": charlie, "carol": carol, "bob": bob}[who])

    response = client.post(_url(team, target), {"is_teacher_leader": "on"})

    assert response.status_code == expected
    if who == "anonymous":
        assert reverse("login") in response["Location"]
    assert not _membership(team, bob).is_teacher_leader


def test_get_is_not_allowed(client, team, alice, bob):
    client.force_login(alice)
    assert client.get(_url(team, _membership(team, bob))).status_code == 405
