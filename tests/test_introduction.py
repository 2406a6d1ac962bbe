"""Meeting 1 (introductiebijeenkomst): access, the protocol's agenda as a checklist, and
fixing the themes and preparers of meetings 2–5 all at once or not at all.

The cast: alice is the team leader; bob prepares meeting 1; dave is in the ontwikkelteam
but does not prepare it; carol is a teacher; charlie leads another team.
"""

from __future__ import annotations

import html

import pytest
from django.urls import reverse
from django.utils import translation

from meetings.models import Meeting, MeetingRun, Theme
from meetings.services import introduction as services
from meetings.services.introduction import INTRO_KEYS, FixedMeeting
from meetings.services.planning import add_example_themes
from plg.models import Role
from tests.factories import MembershipFactory, ThemeFactory, ThemeVoteFactory
from tests.helpers import dutch, plan_year

HTMX = {"HX-Request": "true"}


@pytest.fixture
def intro_year(team):
    """A year made after the team added the method's example themes: meeting 1 gets
    "Startende docenten" from the planner."""
    add_example_themes(team=team, titles=["Startende docenten", "Pesten", "Autisme"], by=None)
    ThemeFactory(team=team, title="Zorgleerlingen")
    return plan_year(team)


@pytest.fixture
def first(intro_year, bob) -> Meeting:
    meeting = intro_year.meetings.get(number=1)
    meeting.preparers.set([bob])
    return meeting


@pytest.fixture
def cast(alice, bob, carol, dave, charlie):
    return None


def _url(name: str, meeting: Meeting, team_slug: str = "dier-en-groen") -> str:
    return reverse(name, kwargs={"team_slug": team_slug, "pk": meeting.pk})


def _theme(title: str) -> Theme:
    return Theme.objects.get(title=title)


def _fix_data(year, rows: dict[int, tuple[str, list]]) -> dict:
    """rows: meeting number → (theme title or "", list of preparers)."""
    data = {}
    for number, (title, people) in rows.items():
        data[f"m{number}-theme"] = _theme(title).pk if title else ""
        data[f"m{number}-preparers"] = [p.pk for p in people]
    return data


def _state(year) -> list[tuple[int, str | None, list[str]]]:
    return [
        (
            m.number,
            m.theme.title if m.theme else None,
            sorted(p.first_name for p in m.preparers.all()),
        )
        for m in year.meetings.filter(number__in=(2, 3, 4, 5)).order_by("number")
    ]


# --- access ----------------------------------------------------------------------------------

# role, status of the page, the agenda tick (plain), the agenda tick (htmx)
ACCESS = [
    ("alice", 200, 302, 200),  # team leader
    ("bob", 200, 302, 200),  # prepares meeting 1
    ("dave", 403, 403, 403),  # ontwikkelteam, not preparing meeting 1
    ("carol", 403, 403, 403),  # teacher
    ("charlie", 404, 404, 404),  # another team
]


@pytest.mark.parametrize(("role", "page", "plain", "htmx"), ACCESS)
def test_introduction_answers_each_role(client, request, cast, first, role, page, plain, htmx):
    client.force_login(request.getfixturevalue(role))

    get = client.get(_url("introduction", first))
    tick = client.post(_url("introduction_agenda", first), {"item": "project", "done": "on"})
    tick_htmx = client.post(
        _url("introduction_agenda", first), {"item": "phases", "done": "on"}, headers=HTMX
    )

    assert (get.status_code, tick.status_code, tick_htmx.status_code) == (page, plain, htmx)
    if htmx == 200:
        assert b"<html" not in tick_htmx.content


@pytest.mark.parametrize("role", ["alice", "bob", "dave", "carol", "charlie"])
def test_fix_post_of_refused_role_changes_nothing(client, request, cast, intro_year, first, role):
    client.force_login(request.getfixturevalue(role))
    before = _state(intro_year)

    response = client.post(
        _url("introduction", first),
        _fix_data(intro_year, {2: ("Pesten", []), 3: ("", []), 4: ("", []), 5: ("", [])}),
    )

    allowed = role in ("alice", "bob")
    assert response.status_code == (302 if allowed else 404 if role == "charlie" else 403)
    assert (_state(intro_year) != before) is allowed


def test_introduction_of_another_teams_meeting_is_404(client, first, other_year, charlie):
    client.force_login(charlie)

    response = client.get(_url("introduction", first, team_slug="techniek"))

    assert response.status_code == 404


@pytest.mark.parametrize("number", [2, 6])
def test_introduction_of_other_meetings_is_404(client, intro_year, alice, number):
    client.force_login(alice)

    response = client.get(_url("introduction", intro_year.meetings.get(number=number)))

    assert response.status_code == 404


@pytest.mark.parametrize("name", ["introduction", "introduction_agenda"])
def test_introduction_needs_login(client, first, name):
    plain = client.post(_url(name, first))
    htmx = client.post(_url(name, first), headers=HTMX)

    assert plain["Location"] == f"/account/login/?next={_url(name, first)}"
    assert htmx.status_code == 401


def test_meeting_1_page_links_to_introduction_for_facilitators_only(client, first, bob, carol):
    link = f'href="{_url("introduction", first)}"'
    client.force_login(bob)
    for_bob = client.get(reverse("meeting_detail", args=["dier-en-groen", first.pk]))
    client.force_login(carol)
    for_carol = client.get(reverse("meeting_detail", args=["dier-en-groen", first.pk]))

    assert link in for_bob.content.decode()
    assert link not in for_carol.content.decode()


# --- the page --------------------------------------------------------------------------------


def test_introduction_shows_agenda_first_theme_ranking_and_planning(client, first, bob, carol):
    ThemeVoteFactory(theme=_theme("Pesten"), voter=carol, school_year=first.school_year)
    client.force_login(bob)

    response = client.get(_url("introduction", first))

    content = html.unescape(response.content.decode())
    assert [item.key for item in response.context["agenda"]] == list(INTRO_KEYS)
    with translation.override("nl"):
        labels = [str(label) for _key, label in services.INTRO_AGENDA]
    assert all(label in content for label in labels)
    assert "Startende docenten" in content
    assert [(r.theme.title, r.votes) for r in response.context["ranked"]][0] == ("Pesten", 1)
    assert "Startende docenten" not in [r.theme.title for r in response.context["ranked"]]
    later = [m.number for m, _row in response.context["rows"]]
    assert later == [2, 3, 4, 5]
    assert first.school_year.meetings.get(number=2).date.strftime("%Y") in content


# --- the agenda ------------------------------------------------------------------------------


def test_agenda_tick_and_untick_are_stored_in_protocol_order(client, first, bob):
    client.force_login(bob)
    url = _url("introduction_agenda", first)

    client.post(url, {"item": "fix_themes", "done": "on"}, headers=HTMX)
    client.post(url, {"item": "project", "done": "on"}, headers=HTMX)
    client.post(url, {"item": "phases", "done": "on"}, headers=HTMX)
    response = client.post(url, {"item": "phases"}, headers=HTMX)

    assert MeetingRun.objects.get(meeting=first).intro_checklist == ["project", "fix_themes"]
    assert response.content.decode().count('aria-pressed="true"') == 2


def test_agenda_tick_without_javascript_redirects_to_the_agenda(client, first, bob):
    client.force_login(bob)

    response = client.post(_url("introduction_agenda", first), {"item": "themes", "done": "on"})

    assert response["Location"] == _url("introduction", first) + "#agenda"
    assert MeetingRun.objects.get(meeting=first).intro_checklist == ["themes"]


@pytest.mark.parametrize("item", ["", "onbekend", "fix_themes<script>"])
def test_agenda_tick_of_unknown_item_is_refused(client, first, bob, item):
    client.force_login(bob)

    response = client.post(
        _url("introduction_agenda", first), {"item": item, "done": "on"}, headers=HTMX
    )

    assert response.status_code == 200
    assert dutch("This is not an item of the agenda of meeting 1.") in response.content.decode()
    assert MeetingRun.objects.get(meeting=first).intro_checklist == []


def test_tick_agenda_item_refuses_unknown_key(first):
    with pytest.raises(ValueError):
        services.tick_agenda_item(meeting=first, key="nope", done=True)


# --- fixing the themes and preparers of meetings 2–5 -------------------------------------------


def test_fix_saves_all_four_meetings(client, cast, intro_year, first, alice, bob, dave):
    client.force_login(bob)
    data = _fix_data(
        intro_year,
        {
            2: ("Pesten", [bob, dave]),
            3: ("Autisme", [dave]),
            4: ("Zorgleerlingen", []),
            5: ("", [bob]),
        },
    )

    response = client.post(_url("introduction", first), data)

    assert response.status_code == 302
    assert response["Location"] == _url("introduction", first) + "#fix"
    assert _state(intro_year) == [
        (2, "Pesten", ["Bob", "Dave"]),
        (3, "Autisme", ["Dave"]),
        (4, "Zorgleerlingen", []),
        (5, None, ["Bob"]),
    ]


def test_fix_refuses_a_theme_twice_and_saves_nothing(client, cast, intro_year, first, bob, dave):
    client.force_login(bob)
    before = _state(intro_year)
    data = _fix_data(
        intro_year,
        {2: ("Pesten", [bob]), 3: ("Autisme", [dave]), 4: ("Pesten", []), 5: ("", [])},
    )

    response = client.post(_url("introduction", first), data)

    content = response.content.decode()
    message = dutch("“%(title)s” is already the theme of meeting %(number)s.") % {
        "title": "Pesten",
        "number": 2,
    }
    assert response.status_code == 200
    assert message in html.unescape(content)
    assert dutch("Nothing has been saved yet. Correct the marked rows and save again.") in content
    assert _state(intro_year) == before
    # What was typed stays: meeting 3's choice is still selected.
    autisme = _theme("Autisme").pk
    assert f'<option value="{autisme}" selected>' in content


def test_fix_refuses_three_preparers_and_saves_nothing(client, cast, intro_year, first, bob, dave):
    third = MembershipFactory(team=first.school_year.team, role=Role.DEVELOPER).user
    client.force_login(bob)
    before = _state(intro_year)
    data = _fix_data(
        intro_year,
        {2: ("Pesten", [bob]), 3: ("Autisme", [bob, dave, third]), 4: ("", []), 5: ("", [])},
    )

    response = client.post(_url("introduction", first), data)

    assert response.status_code == 200
    assert dutch("Choose at most two preparers.") in response.content.decode()
    assert _state(intro_year) == before


def test_fix_refuses_a_teacher_or_another_teams_theme(
    client, cast, intro_year, first, other_team, bob, carol
):
    foreign = ThemeFactory(team=other_team, title="Elders")
    client.force_login(bob)
    before = _state(intro_year)
    data = _fix_data(intro_year, {2: ("Pesten", [bob]), 3: ("", [carol]), 4: ("", []), 5: ("", [])})
    data["m4-theme"] = foreign.pk

    response = client.post(_url("introduction", first), data)

    content = html.unescape(response.content.decode())
    assert dutch("Choose members of the development team.") in content
    assert dutch("Choose one of the team's themes.") in content
    assert _state(intro_year) == before


def test_fix_failing_halfway_leaves_nothing_half_saved(
    monkeypatch, cast, intro_year, first, bob, dave
):
    before = _state(intro_year)
    rows = [
        FixedMeeting(meeting=intro_year.meetings.get(number=n), theme=_theme(t), preparers=p)
        for n, t, p in ((2, "Pesten", [bob]), (3, "Autisme", [dave]), (4, "Zorgleerlingen", []))
    ]
    saved = []
    real_save_row = services._save_row

    def save_then_fail(row):
        if saved:
            raise RuntimeError("database went away")
        real_save_row(row)
        saved.append(row)

    monkeypatch.setattr(services, "_save_row", save_then_fail)

    with pytest.raises(RuntimeError):
        services.fix_themes_and_preparers(rows=rows)

    assert len(saved) == 1
    assert _state(intro_year) == before


def test_fix_service_refuses_a_theme_twice(intro_year, bob):
    rows = [
        FixedMeeting(
            meeting=intro_year.meetings.get(number=n), theme=_theme("Pesten"), preparers=[]
        )
        for n in (2, 3)
    ]

    with pytest.raises(ValueError):
        services.fix_themes_and_preparers(rows=rows)

    assert intro_year.meetings.filter(theme__title="Pesten").count() == 0


def test_fix_service_refuses_meeting_1_and_6(intro_year):
    rows = [FixedMeeting(meeting=intro_year.meetings.get(number=6), theme=None, preparers=[])]

    with pytest.raises(ValueError):
        services.fix_themes_and_preparers(rows=rows)


# --- query count -----------------------------------------------------------------------------


@pytest.mark.parametrize("size", [4, 20])
def test_introduction_query_count_is_constant(
    client, django_assert_num_queries, team, first, alice, size
):
    developers = [MembershipFactory(team=team, role=Role.DEVELOPER).user for _ in range(size)]
    themes = [ThemeFactory(team=team) for _ in range(size)]
    for n, meeting in enumerate(first.school_year.meetings.filter(number__in=(2, 3, 4, 5))):
        meeting.theme = themes[n]
        meeting.save()
        meeting.preparers.set(developers[n : n + 2])
    for n, voter in enumerate(developers):
        ThemeVoteFactory(theme=themes[n], voter=voter, school_year=first.school_year)
    client.force_login(alice)
    url = _url("introduction", first)
    client.get(url)

    with django_assert_num_queries(14):
        response = client.get(url)

    assert len(response.context["ranked"]) == size + 3  # plus Pesten, Autisme, Zorgleerlingen
