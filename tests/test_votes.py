"""Theme ideas and the dot vote before meeting 1: access, the limit of three dots, ties,
closing the vote with meeting 1, proposing an idea linked to one's own case."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import VOTES_PER_PERSON, MeetingRun, Theme, ThemeVote
from meetings.services.running import ensure_run
from meetings.services.votes import (
    VoteRefused,
    competition_ranks,
    current_ballot,
    ranking,
    toggle_vote,
)
from plg.models import Role
from tests.factories import (
    CaseFactory,
    MembershipFactory,
    SchoolYearFactory,
    ThemeFactory,
    ThemeVoteFactory,
)
from tests.helpers import dutch

HTMX = {"HX-Request": "true"}
TODAY = datetime.date(2026, 8, 20)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


@pytest.fixture
def themes(team, year):
    return [
        ThemeFactory(team=team, title=title)
        for title in ("Autisme", "Pesten", "Sociale media", "Zorgleerlingen")
    ]


def _toggle_url(theme, team_slug="dier-en-groen") -> str:
    return reverse("theme_vote_toggle", kwargs={"team_slug": team_slug, "pk": theme.pk})


VOTES_URL = reverse("theme_votes", kwargs={"team_slug": "dier-en-groen"})


def _close_meeting_1(year) -> None:
    run = ensure_run(meeting=year.meetings.get(number=1))
    run.status = MeetingRun.Status.CLOSED
    run.save()


# --- access ----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["alice", "bob", "carol"])
def test_vote_page_and_toggle_answer_every_member(client, request, themes, role):
    client.force_login(request.getfixturevalue(role))

    page = client.get(VOTES_URL)
    plain = client.post(_toggle_url(themes[0]))
    htmx = client.post(_toggle_url(themes[1]), headers=HTMX)

    assert (page.status_code, plain.status_code, htmx.status_code) == (200, 302, 200)
    assert b"<html" not in htmx.content
    assert ThemeVote.objects.filter(voter=request.getfixturevalue(role)).count() == 2


def test_vote_toggle_is_404_for_other_team(client, themes, charlie):
    client.force_login(charlie)

    under_ours = client.post(_toggle_url(themes[0]))
    under_theirs = client.post(_toggle_url(themes[0], team_slug="techniek"), headers=HTMX)

    assert (under_ours.status_code, under_theirs.status_code) == (404, 404)
    assert not ThemeVote.objects.exists()


def test_vote_page_is_404_for_other_team(client, team, charlie):
    client.force_login(charlie)

    response = client.get(VOTES_URL)

    assert response.status_code == 404


def test_vote_page_and_toggle_need_login(client, themes):
    page = client.get(VOTES_URL)
    plain = client.post(_toggle_url(themes[0]))
    htmx = client.post(_toggle_url(themes[0]), headers=HTMX)

    assert page["Location"] == f"/account/login/?next={VOTES_URL}"
    assert plain.status_code == 302
    assert htmx.status_code == 401
    assert not ThemeVote.objects.exists()


def test_vote_toggle_refuses_get(client, themes, carol):
    client.force_login(carol)

    response = client.get(_toggle_url(themes[0]))

    assert response.status_code == 405


# --- dots ------------------------------------------------------------------------------------


def test_vote_toggle_places_then_removes_a_dot_for_the_current_year(client, year, themes, carol):
    client.force_login(carol)

    client.post(_toggle_url(themes[0]), headers=HTMX)
    placed = list(ThemeVote.objects.values_list("theme", "voter", "school_year"))
    client.post(_toggle_url(themes[0]), headers=HTMX)

    assert placed == [(themes[0].pk, carol.pk, year.pk)]
    assert not ThemeVote.objects.exists()


def test_fourth_dot_is_refused_with_a_clear_message(client, themes, carol):
    client.force_login(carol)
    for theme in themes[:VOTES_PER_PERSON]:
        client.post(_toggle_url(theme), headers=HTMX)

    response = client.post(_toggle_url(themes[3]), headers=HTMX)

    message = dutch(
        "You have used all your %(count)s dots. Take a dot away from another theme first."
    ) % {"count": 3}
    assert response.status_code == 200
    assert message in response.content.decode()
    assert ThemeVote.objects.filter(voter=carol).count() == 3
    assert not ThemeVote.objects.filter(theme=themes[3]).exists()


def test_fourth_dot_without_javascript_redirects_with_the_message(client, themes, carol):
    client.force_login(carol)
    for theme in themes[:VOTES_PER_PERSON]:
        client.post(_toggle_url(theme))

    response = client.post(_toggle_url(themes[3]), follow=True)

    message = dutch(
        "You have used all your %(count)s dots. Take a dot away from another theme first."
    ) % {"count": 3}
    assert response.redirect_chain[-1][0] == f"{VOTES_URL}#theme-{themes[3].pk}"
    assert message in response.content.decode()


def test_toggle_vote_raises_when_out_of_dots(team, year, themes, carol):
    ballot = current_ballot(team=team, today=TODAY)
    for theme in themes[:VOTES_PER_PERSON]:
        toggle_vote(ballot=ballot, theme=theme, voter=carol)

    with pytest.raises(VoteRefused):
        toggle_vote(ballot=ballot, theme=themes[3], voter=carol)

    assert ThemeVote.objects.filter(voter=carol).count() == VOTES_PER_PERSON


def test_dot_taken_away_can_be_placed_elsewhere(client, themes, carol):
    client.force_login(carol)
    for theme in themes[:VOTES_PER_PERSON]:
        client.post(_toggle_url(theme), headers=HTMX)

    client.post(_toggle_url(themes[0]), headers=HTMX)
    client.post(_toggle_url(themes[3]), headers=HTMX)

    voted = set(ThemeVote.objects.filter(voter=carol).values_list("theme", flat=True))
    assert voted == {themes[1].pk, themes[2].pk, themes[3].pk}


def test_votes_of_another_team_do_not_count_against_the_limit(
    team, other_team, year, other_year, themes, carol
):
    MembershipFactory(team=other_team, user=carol)
    elsewhere = [ThemeFactory(team=other_team) for _ in range(3)]
    other_ballot = current_ballot(team=other_team, today=TODAY)
    for theme in elsewhere:
        toggle_vote(ballot=other_ballot, theme=theme, voter=carol)

    placed = toggle_vote(
        ballot=current_ballot(team=team, today=TODAY), theme=themes[0], voter=carol
    )

    assert placed is True


def test_vote_is_closed_once_meeting_1_is_closed(client, year, themes, carol):
    ThemeVoteFactory(theme=themes[0], voter=carol, school_year=year)
    _close_meeting_1(year)
    client.force_login(carol)

    response = client.post(_toggle_url(themes[0]), headers=HTMX)
    page = client.get(VOTES_URL)

    message = dutch("The vote is closed: meeting 1 of %(year)s has been closed.") % {
        "year": year.name
    }
    assert message in response.content.decode()
    assert ThemeVote.objects.filter(voter=carol).count() == 1
    assert _toggle_url(themes[0]) not in page.content.decode()
    assert page.context["ranked"][0].votes == 1


def test_vote_without_school_year_is_refused(client, team, carol):
    theme = ThemeFactory(team=team, title="Pesten")
    client.force_login(carol)

    response = client.post(_toggle_url(theme), headers=HTMX)

    assert dutch("There is no school year to vote for yet.") in response.content.decode()
    assert not ThemeVote.objects.exists()


def test_theme_of_meeting_1_is_not_part_of_the_vote(client, year, themes, carol):
    first = year.meetings.get(number=1)
    first.theme = ThemeFactory(team=year.team, title="Startende docenten")
    first.save()
    client.force_login(carol)

    response = client.post(_toggle_url(first.theme), headers=HTMX)
    page = client.get(VOTES_URL)

    assert dutch("This theme is not part of the vote.") in response.content.decode()
    assert [r.theme.title for r in page.context["ranked"]] == [t.title for t in themes]


# --- ranking ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("counts", "ranks"),
    [
        ([], []),
        ([5], [1]),
        ([5, 3, 1], [1, 2, 3]),
        ([4, 4, 2], [1, 1, 3]),
        ([4, 2, 2, 1], [1, 2, 2, 4]),
        ([0, 0, 0], [1, 1, 1]),
    ],
)
def test_competition_ranks_share_a_rank_on_ties(counts, ranks):
    assert competition_ranks(counts) == ranks


def test_ranking_counts_dots_of_this_year_with_shared_ranks(team, year, themes, alice, bob, carol):
    for voter, voted in ((alice, themes[1:3]), (bob, themes[1:3]), (carol, themes[3:])):
        for theme in voted:
            ThemeVoteFactory(theme=theme, voter=voter, school_year=year)

    ranked = ranking(team=team, ballot=current_ballot(team=team, today=TODAY), voter=carol)

    assert [(r.theme.title, r.votes, r.rank, r.mine) for r in ranked] == [
        ("Pesten", 2, 1, False),
        ("Sociale media", 2, 1, False),
        ("Zorgleerlingen", 1, 3, True),
        ("Autisme", 0, 4, False),
    ]


def test_ranking_ignores_votes_of_another_year(team, year, themes, carol):
    earlier = SchoolYearFactory(
        team=team,
        name="2025–2026",
        first_day=datetime.date(2025, 8, 25),
        last_day=datetime.date(2026, 7, 10),
        region="midden",
    )
    ThemeVoteFactory(theme=themes[0], voter=carol, school_year=earlier)

    ranked = ranking(team=team, ballot=current_ballot(team=team, today=TODAY))

    assert {r.votes for r in ranked} == {0}


def test_vote_page_shows_dots_left(client, year, themes, carol):
    ThemeVoteFactory(theme=themes[0], voter=carol, school_year=year)
    client.force_login(carol)

    response = client.get(VOTES_URL)

    assert (response.context["dots_used"], response.context["dots_left"]) == (1, 2)
    assert 'aria-pressed="true"' in response.content.decode()


# --- proposing a theme idea ------------------------------------------------------------------


def test_theme_idea_is_saved_with_proposer_and_own_case(client, team, year, carol):
    case = CaseFactory(team=team, owner=carol, title="Appgroep")
    client.force_login(carol)

    response = client.post(
        VOTES_URL, {"title": "Sociale media", "description": "Veel gedoe.", "case": case.pk}
    )

    assert response.status_code == 302
    theme = Theme.objects.get(title="Sociale media")
    assert (theme.team, theme.proposed_by, theme.case, theme.description) == (
        team,
        carol,
        case,
        "Veel gedoe.",
    )


def test_theme_idea_refuses_someone_elses_case_and_keeps_the_text(client, team, year, carol, bob):
    case = CaseFactory(team=team, owner=bob, title="Van Bob")
    client.force_login(carol)

    response = client.post(
        VOTES_URL, {"title": "Sociale media", "description": "Veel gedoe.", "case": case.pk}
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert dutch("Choose one of your own cases.") in content
    assert 'value="Sociale media"' in content
    assert "Veel gedoe." in content
    assert "Van Bob" not in content
    assert not Theme.objects.filter(title="Sociale media").exists()


def test_theme_idea_without_title_or_with_existing_title_is_refused(client, team, year, carol):
    ThemeFactory(team=team, title="Pesten")
    client.force_login(carol)

    empty = client.post(VOTES_URL, {"title": "", "description": "Waarom"})
    double = client.post(VOTES_URL, {"title": "pesten"})

    assert dutch("Give the theme a title.") in empty.content.decode()
    assert "Waarom" in empty.content.decode()
    assert double.status_code == 200
    assert Theme.objects.filter(team=team).count() == 1


# --- query count -----------------------------------------------------------------------------


@pytest.mark.parametrize("size", [3, 20])
def test_vote_page_query_count_is_constant(
    client, django_assert_num_queries, team, year, carol, size
):
    themes = [ThemeFactory(team=team, proposed_by=carol) for _ in range(size)]
    voters = [MembershipFactory(team=team, role=Role.TEACHER).user for _ in range(size)]
    for n, voter in enumerate(voters):
        for theme in themes[n % size : n % size + 3]:
            ThemeVoteFactory(theme=theme, voter=voter, school_year=year)
    for theme in themes[:3]:
        theme.case = CaseFactory(team=team, owner=carol, title=f"Casus {theme.pk}")
        theme.save()
    client.force_login(carol)
    client.get(VOTES_URL)

    with django_assert_num_queries(8):
        response = client.get(VOTES_URL)

    assert len(response.context["ranked"]) == size
