"""Two preparers per meeting (seed 000: "De voorbereiding van iedere bijeenkomst is in handen
van twee leden van het ontwikkelteam"): fewer is saved, with a warning on the planner and the
dashboard of the team leader and the development team until every coming meeting has two."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.preparing import preparer_warning
from plg.models import Role
from tests.helpers import dutch, dutch_html

TODAY = datetime.date(2026, 8, 1)  # before meeting 1 of the 2026–2027 test year
HTMX = {"HX-Request": "true"}
NONE = "No preparers yet: each meeting is prepared by two members of the development team."
ONE = "Only one preparer: each meeting is prepared by two members of the development team."


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


def test_rule_wants_two_from_the_development_team():
    developers = {1, 2, 3}
    assert preparer_warning([1, 2], developers) is None
    assert dutch(preparer_warning([], developers)) == dutch(NONE)
    assert dutch(preparer_warning([1], developers)) == dutch(ONE)
    outside = dutch(preparer_warning([1, 9], developers))
    assert outside.startswith("1 voorbereider zit niet (meer) in het ontwikkelteam")


def _edit_data(meeting, **extra) -> dict:
    return {
        "date": meeting.date.isoformat(),
        "start_time": meeting.start_time.strftime("%H:%M"),
        "duration_minutes": str(meeting.duration_minutes),
        "room": meeting.room,
        "theme": "",
        **extra,
    }


def test_saving_one_preparer_is_allowed_with_a_dutch_warning(client, team, alice, bob, year):
    meeting = year.meetings.get(number=2)
    client.force_login(alice)

    response = client.post(
        reverse("meeting_edit", args=[team.slug, meeting.pk]),
        _edit_data(meeting, preparers=[bob.pk]),
        follow=True,
    )

    assert list(meeting.preparers.all()) == [bob]
    html = response.content.decode()
    assert dutch_html("%(meeting)s: %(warning)s", meeting=meeting, warning=dutch(ONE)) in html


def test_planner_row_saved_in_place_warns_about_one_preparer(client, team, alice, bob, year):
    meeting = year.meetings.get(number=2)
    client.force_login(alice)

    response = client.post(
        reverse("meeting_edit", args=[team.slug, meeting.pk]),
        _edit_data(meeting, preparers=[bob.pk]),
        headers=HTMX,
    )

    assert f'<li class="preparer-warning">{dutch_html(ONE)}</li>' in response.content.decode()


def test_planner_warns_until_every_meeting_has_two(client, team, alice, bob, dave, year):
    client.force_login(alice)
    url = reverse("planner", args=[team.slug, year.pk])
    meetings = list(year.meetings.order_by("number"))
    for m in meetings[:-1]:
        m.preparers.set([bob, dave])
    meetings[-1].preparers.set([bob])

    html = client.get(url).content.decode()
    assert "preparer-warning-summary" in html
    assert f"{dutch('Meeting')} 6" in html.split("preparer-warning-summary")[1]
    assert html.count('class="preparer-warning"') == 1

    meetings[-1].preparers.set([bob, dave])
    html = client.get(url).content.decode()
    assert "preparer-warning" not in html


def test_a_preparer_who_left_the_development_team_does_not_count(
    client, team, alice, bob, dave, year
):
    for m in year.meetings.all():
        m.preparers.set([bob, dave])
    dave.memberships.get(team=team).change_role(Role.TEACHER, by=alice)
    client.force_login(alice)

    html = client.get(reverse("planner", args=[team.slug, year.pk])).content.decode()

    assert html.count('class="preparer-warning"') == 6


def test_dashboard_warns_team_leader_and_development_team_not_teachers(
    client, team, alice, bob, carol, year
):
    for user, warned in ((alice, True), (bob, True), (carol, False)):
        client.force_login(user)
        html = client.get(reverse("team_dashboard", args=[team.slug])).content.decode()
        assert ("preparer-warning-summary" in html) is warned, user


def test_past_and_cancelled_meetings_are_not_warned_about(
    client, monkeypatch, team, alice, bob, dave, year
):
    meetings = list(year.meetings.order_by("number"))
    for m in meetings[1:5]:
        m.preparers.set([bob, dave])
    meetings[5].cancelled = True
    meetings[5].save()
    client.force_login(alice)
    # Meeting 1 (7 September) lacks preparers but has taken place by October.
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: datetime.date(2026, 10, 1))

    html = client.get(reverse("planner", args=[team.slug, year.pk])).content.decode()

    assert "preparer-warning" not in html
