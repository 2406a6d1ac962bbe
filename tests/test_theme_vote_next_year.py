"""Issue 12 item 6: the theme vote is no dead end. One proposal form on *Thema's* and
*Stemmen*; once meeting 1 is closed the vote for the next school year opens with the
rollover at meeting 6 (on the themes not used this year); the demo shows a vote with dots.

The cast (tests/conftest.py): alice leads the team, bob is in the ontwikkelteam, carol is a
teacher, charlie leads another team.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from meetings.forms import SchoolYearForm
from meetings.forms.votes import ThemeIdeaForm
from meetings.models import MeetingRun, SchoolYear, Theme, ThemeVote
from meetings.services.running import ensure_run
from meetings.services.votes import ballot_for, current_ballot, ranking
from meetings.services.year_review import roll_over
from tests.factories import CaseFactory, ThemeFactory, ThemeVoteFactory
from tests.helpers import dutch, dutch_html

TODAY = datetime.date(2027, 6, 30)  # meeting 6 is behind us, the year not yet over
HTMX = {"HX-Request": "true"}
THEMES_URL = reverse("themes", args=["dier-en-groen"])
VOTES_URL = reverse("theme_votes", args=["dier-en-groen"])


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


@pytest.fixture
def held(year, team):
    """Meeting 1 held and closed (the vote of 2026–2027 is over); meeting 3 had "Pesten"."""
    run = ensure_run(meeting=year.meetings.get(number=1))
    run.status = MeetingRun.Status.CLOSED
    run.save()
    pesten = ThemeFactory(team=team, title="Pesten")
    year.meetings.filter(number=3).update(theme=pesten)
    return {"pesten": pesten, "autisme": ThemeFactory(team=team, title="Autisme")}


def toggle(client, theme):
    return client.post(reverse("theme_vote_toggle", args=["dier-en-groen", theme.pk]))


# --- one proposal form -------------------------------------------------------------------------


@pytest.mark.parametrize("url", [THEMES_URL, VOTES_URL])
def test_both_pages_offer_the_one_proposal_form_with_your_own_case(client, team, year, carol, url):
    case = CaseFactory(team=team, owner=carol, title="Appgroep van de klas")
    client.force_login(carol)

    response = client.get(url)

    assert isinstance(response.context["form"], ThemeIdeaForm)
    page = response.content.decode()
    assert 'name="case"' in page
    assert f'value="{case.pk}"' in page


def test_a_theme_proposed_on_the_themes_page_keeps_its_case(client, team, year, carol):
    case = CaseFactory(team=team, owner=carol, title="Appgroep van de klas")
    client.force_login(carol)

    response = client.post(
        THEMES_URL, {"title": "Sociale media", "description": "Veel gedoe.", "case": case.pk}
    )

    assert response.status_code == 302
    theme = Theme.objects.get(title="Sociale media")
    assert (theme.proposed_by, theme.case, theme.team) == (carol, case, team)


def test_the_themes_page_refuses_someone_elses_case_and_keeps_the_text(
    client, team, year, carol, bob
):
    case = CaseFactory(team=team, owner=bob, title="Van Bob")
    client.force_login(carol)

    response = client.post(THEMES_URL, {"title": "Sociale media", "case": case.pk})

    assert dutch_html("Choose one of your own cases.") in response.content.decode()
    assert 'value="Sociale media"' in response.content.decode()
    assert not Theme.objects.filter(title="Sociale media").exists()


# --- the vote for next year --------------------------------------------------------------------


def test_after_the_rollover_the_vote_for_next_year_is_open(client, team, year, held, alice, carol):
    new_year = roll_over(team=team, from_year=year, by=alice)
    client.force_login(carol)

    response = toggle(client, held["autisme"])

    assert response.status_code == 302
    vote = ThemeVote.objects.get(voter=carol)
    assert (vote.theme, vote.school_year) == (held["autisme"], new_year)
    ballot = current_ballot(team=team, today=TODAY)
    assert (ballot.school_year, ballot.is_open, ballot.previous_year) == (new_year, True, year)
    page = client.get(VOTES_URL).content.decode()
    assert new_year.name in page
    assert reverse("theme_vote_toggle", args=["dier-en-groen", held["autisme"].pk]) in page


def test_this_years_themes_are_not_in_next_years_vote(client, team, year, held, alice, carol):
    roll_over(team=team, from_year=year, by=alice)
    client.force_login(carol)

    response = client.post(
        reverse("theme_vote_toggle", args=["dier-en-groen", held["pesten"].pk]), headers=HTMX
    )

    assert dutch("This theme is not part of the vote.") in response.content.decode()
    assert not ThemeVote.objects.exists()
    ranked = ranking(team=team, ballot=current_ballot(team=team, today=TODAY))
    assert [r.theme for r in ranked] == [held["autisme"]]


def test_votes_of_the_closed_year_stay_its_own(team, year, held, alice, carol):
    ThemeVoteFactory(theme=held["autisme"], voter=carol, school_year=year)
    new_year = roll_over(team=team, from_year=year, by=alice)

    old = ranking(team=team, ballot=ballot_for(school_year=year))
    new = ranking(team=team, ballot=current_ballot(team=team, today=TODAY))

    assert {r.theme.title: r.votes for r in old}["Autisme"] == 1
    assert [(r.theme.title, r.votes) for r in new] == [("Autisme", 0)]
    assert current_ballot(team=team, today=TODAY).school_year == new_year


def test_a_closed_vote_points_to_meeting_6_until_the_next_year_exists(
    client, team, year, held, alice, carol
):
    review = reverse("year_review", args=["dier-en-groen", year.meetings.get(number=6).pk])
    client.force_login(alice)
    leader_page = client.get(VOTES_URL).content.decode()
    client.force_login(carol)
    teacher_page = client.get(VOTES_URL).content.decode()

    opens = dutch(
        "The vote for next school year opens when the team leader starts that year at "
        "meeting 6 (The year in review). Until then, keep proposing themes."
    )
    assert opens in leader_page and opens in teacher_page
    assert review in leader_page
    assert review not in teacher_page


def test_the_rollover_says_the_vote_is_open_and_the_review_links_to_it(
    client, team, year, held, alice
):
    meeting6 = year.meetings.get(number=6)
    client.force_login(alice)

    page = client.get(reverse("year_review", args=["dier-en-groen", meeting6.pk])).content
    assert VOTES_URL not in page.decode()
    initial = SchoolYearForm.initial_for(team, 2027)
    data = {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in initial.items()}
    response = client.post(
        reverse("year_rollover", args=["dier-en-groen", meeting6.pk]), data, follow=True
    )
    new_year = SchoolYear.objects.get(team=team, first_day__gt=year.first_day)
    assert (
        dutch_html(
            "The vote on the themes of %(name)s is open: everyone can place their dots now.",
            name=new_year.name,
        )
        in response.content.decode()
    )
    page = client.get(reverse("year_review", args=["dier-en-groen", meeting6.pk])).content
    assert VOTES_URL in page.decode()


@pytest.mark.parametrize(("who", "status"), [("carol", 200), ("charlie", 404)])
def test_next_years_vote_page_is_for_the_team(
    client, request, team, year, held, alice, who, status
):
    roll_over(team=team, from_year=year, by=alice)
    client.force_login(request.getfixturevalue(who))

    assert client.get(VOTES_URL).status_code == status
    assert toggle(client, held["autisme"]).status_code == (302 if status == 200 else 404)


def test_next_years_vote_needs_a_login(client, team, year, held, alice):
    roll_over(team=team, from_year=year, by=alice)

    response = toggle(client, held["autisme"])

    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/")
    assert not ThemeVote.objects.exists()


# --- the demo ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_demo_shows_a_vote_with_real_dots():
    call_command("loaddata", "demo", verbosity=0)
    year = SchoolYear.objects.get()

    ranked = ranking(team=year.team, ballot=ballot_for(school_year=year))

    chosen = {m.theme.title for m in year.meetings.filter(number__in=[2, 3, 4, 5])}
    assert {r.theme.title for r in ranked[:4]} == chosen
    assert all(r.votes > 0 for r in ranked)
    assert len({r.votes for r in ranked}) > 1  # not all tied
    assert sum(r.votes for r in ranked) >= 50


def test_in_the_summer_the_new_years_vote_still_leaves_out_last_years_themes(
    client, monkeypatch, team, year, held, alice, carol
):
    new_year = roll_over(team=team, from_year=year, by=alice)
    summer = year.last_day + datetime.timedelta(days=10)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: summer)

    ballot = current_ballot(team=team, today=summer)

    assert (ballot.school_year, ballot.previous_year, ballot.is_open) == (new_year, year, True)
    assert [r.theme for r in ranking(team=team, ballot=ballot)] == [held["autisme"]]
