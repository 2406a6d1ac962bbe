"""Meeting 1 in its run view (issue 13): the protocol's five items with their minutes, the
first theme "Startende docenten" offered always, and the one-transaction form that fixes the
themes and preparers of meetings 2–5, so the run ends with them fixed.

The cast: alice is the team leader; bob prepares meeting 1; dave is in the ontwikkelteam;
carol is a teacher; charlie leads another team.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from meetings.models import Meeting, MeetingRun, Theme
from meetings.services import introduction as services
from meetings.services.planning import add_example_themes
from tests.factories import ThemeFactory
from tests.helpers import dutch, dutch_html, plan_year

HTMX = {"HX-Request": "true"}


@pytest.fixture
def year_without_first_theme(team):
    """A team that never added "Startende docenten": meeting 1 starts without a theme."""
    for title in ("Pesten", "Autisme", "Zorgleerlingen", "Mentorschap"):
        ThemeFactory(team=team, title=title)
    return plan_year(team)


@pytest.fixture
def first(year_without_first_theme, bob) -> Meeting:
    meeting = year_without_first_theme.meetings.get(number=1)
    meeting.preparers.set([bob])
    return meeting


def _url(name: str, meeting: Meeting) -> str:
    return reverse(name, kwargs={"team_slug": "dier-en-groen", "pk": meeting.pk})


def _run(client, meeting) -> str:
    return client.get(_url("meeting_run", meeting)).content.decode()


def _fix_data(year, rows) -> dict:
    data = {"back": "run"}
    for number, (title, people) in rows.items():
        data[f"m{number}-theme"] = Theme.objects.get(title=title).pk if title else ""
        data[f"m{number}-preparers"] = [p.pk for p in people]
    return data


def test_run_view_of_meeting_1_carries_the_protocol_with_minutes(client, first, bob):
    client.force_login(bob)

    html = _run(client, first)

    card = html.split('id="meeting-1"')[1]
    for _key, label in services.INTRO_AGENDA:
        assert dutch_html(label) in card
    for minutes in services.INTRO_MINUTES.values():
        assert f"{minutes} min." in card
    assert card.index(dutch_html(services.INTRO_AGENDA[0][1])) < card.index(
        dutch_html(services.INTRO_AGENDA[4][1])
    )
    assert 'name="m2-theme"' in card and 'name="m5-preparers"' in card


def test_run_view_of_another_meeting_has_no_protocol_card(client, meeting, bob):
    client.force_login(bob)
    assert 'id="meeting-1"' not in _run(client, meeting)


def test_ticking_an_item_in_the_run_view_swaps_the_run_card(client, first, bob):
    client.force_login(bob)

    response = client.post(
        _url("introduction_agenda", first),
        {"item": "project", "done": "on", "back": "run"},
        headers=HTMX,
    )

    html = response.content.decode()
    assert html.lstrip().startswith('<div id="intro-agenda">')
    assert 'id="run-agenda-project"' in html and 'aria-pressed="true"' in html
    assert MeetingRun.objects.get(meeting=first).intro_checklist == ["project"]


def test_ticking_without_javascript_goes_back_to_the_run(client, first, bob):
    client.force_login(bob)
    response = client.post(
        _url("introduction_agenda", first), {"item": "themes", "done": "on", "back": "run"}
    )
    assert response["Location"] == _url("meeting_run", first) + "#meeting-1"


def test_startende_docenten_is_offered_even_when_the_team_lacks_it(client, first, bob):
    client.force_login(bob)
    assert first.theme is None
    html = _run(client, first)
    assert dutch_html("Make “%(title)s” the theme of meeting 1", title="Startende docenten") in (
        html
    )

    response = client.post(_url("introduction_first_theme", first), {"back": "run"})

    assert response["Location"] == _url("meeting_run", first) + "#meeting-1"
    first.refresh_from_db()
    assert first.theme.title == "Startende docenten"
    assert first.theme.proposed_by == bob
    # Again: nothing doubles.
    client.post(_url("introduction_first_theme", first), {"back": "run"})
    assert Theme.objects.filter(title="Startende docenten").count() == 1


def test_startende_docenten_replaces_another_theme_of_meeting_1(client, team, first, bob):
    first.theme = Theme.objects.get(title="Pesten")
    first.save()
    client.force_login(bob)
    html = _run(client, first)
    assert dutch_html("The theme is now “%(theme)s”.", theme="Pesten") in html

    client.post(_url("introduction_first_theme", first))

    first.refresh_from_db()
    assert first.theme.title == "Startende docenten"


def test_startende_docenten_of_another_meeting_is_refused_in_dutch(
    client, team, year_without_first_theme, first, bob
):
    add_example_themes(team=team, titles=["Startende docenten"], by=None)
    third = year_without_first_theme.meetings.get(number=3)
    third.theme = Theme.objects.get(title="Startende docenten")
    third.save()
    client.force_login(bob)

    response = client.post(_url("introduction_first_theme", first), follow=True)

    first.refresh_from_db()
    assert first.theme is None
    assert (
        dutch_html(
            "“%(title)s” is already the theme of meeting %(number)s.",
            title="Startende docenten",
            number=3,
        )
        in response.content.decode()
    )


def test_fixing_from_the_run_saves_all_four_and_the_run_says_fixed(
    client, year_without_first_theme, first, bob, dave
):
    client.force_login(bob)
    html = _run(client, first)
    assert "not-fixed" in html

    data = _fix_data(
        year_without_first_theme,
        {
            2: ("Pesten", [bob, dave]),
            3: ("Autisme", [bob, dave]),
            4: ("Zorgleerlingen", [bob, dave]),
            5: ("Mentorschap", [bob, dave]),
        },
    )
    response = client.post(_url("introduction", first), data)

    assert response["Location"] == _url("meeting_run", first) + "#meeting-1"
    html = _run(client, first)
    assert "all-fixed" in html and "not-fixed" not in html


def test_fixing_with_one_preparer_saves_and_warns(
    client, year_without_first_theme, first, bob, dave
):
    client.force_login(bob)
    data = _fix_data(
        year_without_first_theme,
        {
            2: ("Pesten", [bob, dave]),
            3: ("Autisme", [bob]),
            4: ("Zorgleerlingen", [bob, dave]),
            5: ("Mentorschap", [bob, dave]),
        },
    )

    response = client.post(_url("introduction", first), data, follow=True)

    html = response.content.decode()
    third = year_without_first_theme.meetings.get(number=3)
    assert list(third.preparers.all()) == [bob]
    assert (
        dutch_html(
            "Only one preparer: each meeting is prepared by two members of the development team."
        )
        in html
    )
    assert "not-fixed" in html


def test_a_refused_fix_from_the_run_keeps_what_was_chosen(
    client, year_without_first_theme, first, bob, dave
):
    client.force_login(bob)
    data = _fix_data(
        year_without_first_theme,
        {2: ("Pesten", [bob]), 3: ("Pesten", [dave]), 4: ("", []), 5: ("", [])},
    )

    response = client.post(_url("introduction", first), data)

    assert response.status_code == 200
    html = response.content.decode()
    assert dutch_html("Nothing has been saved yet. Correct the marked rows and save again.") in (
        html
    )
    assert year_without_first_theme.meetings.get(number=2).theme is None
    form = response.context["rows"][1][1]
    assert form["theme"].value() == str(Theme.objects.get(title="Pesten").pk)


def test_closing_meeting_1_before_fixing_warns(client, first, bob):
    client.force_login(bob)

    response = client.post(_url("meeting_close", first), follow=True)

    assert (
        dutch(
            "Meeting 1 has not fixed everything yet: meetings %(numbers)s still need a theme or "
            "two preparers.",
            numbers="2, 3, 4, 5",
        )
        in response.content.decode()
    )


@pytest.mark.parametrize(
    ("who", "status"), [("anonymous", 302), ("charlie", 404), ("carol", 403), ("dave", 403)]
)
def test_first_theme_access(client, request, first, carol, charlie, dave, who, status):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))

    response = client.post(_url("introduction_first_theme", first))

    assert response.status_code == status
    first.refresh_from_db()
    assert first.theme is None


def test_first_theme_of_another_meeting_is_404(client, year_without_first_theme, alice):
    client.force_login(alice)
    third = year_without_first_theme.meetings.get(number=3)
    assert client.post(_url("introduction_first_theme", third)).status_code == 404
