"""Meeting 6, the evaluation meeting, with its own card in the run view (issue 13, seed 000:
"De laatste bijeenkomst van het schooljaar (themabijeenkomst 6) zal een evaluatiebijeenkomst
zijn"): the year's reports collected, the successes recorded and presented, a look ahead,
new themes for next year's vote, and the evaluation in the year bundle."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from meetings.models import Meeting, MeetingRun, Report, Theme
from meetings.services import evaluation_meeting as services
from meetings.services.votes import ballot_for, ranking
from meetings.services.year_review import roll_over
from tests.factories import ReportFactory, ThemeFactory
from tests.helpers import dutch_html

HTMX = {"HX-Request": "true"}


@pytest.fixture
def last(year, bob, dave) -> Meeting:
    meeting = year.meetings.get(number=6)
    meeting.preparers.set([bob, dave])
    return meeting


def _url(name: str, meeting: Meeting) -> str:
    return reverse(name, kwargs={"team_slug": "dier-en-groen", "pk": meeting.pk})


def test_run_view_of_meeting_6_has_the_evaluation_card(client, year, last, bob):
    second = year.meetings.get(number=2)
    ReportFactory(meeting=second, status=Report.Status.PUBLISHED)
    client.force_login(bob)

    html = client.get(_url("meeting_run", last)).content.decode()

    card = html.split('id="meeting-6"')[1]
    for _key, label in services.EVALUATION_AGENDA:
        assert dutch_html(label) in card
    assert _url("report_detail", second) in card  # the year's reports, collected
    assert reverse("year_bundle", args=["dier-en-groen", year.pk]) in card
    assert _url("year_review", last) in card
    assert 'name="successes"' in card and 'name="look_ahead"' in card
    third = client.get(_url("meeting_run", year.meetings.get(number=3))).content.decode()
    assert "meeting-6-card" not in third


def test_successes_are_recorded_and_presented(client, last, bob):
    client.force_login(bob)

    response = client.post(
        _url("evaluation_record", last),
        {
            "successes": "Elke starter had een maatje\nMinder uitval in leerjaar 1",
            "look_ahead": "Meer BPV",
        },
    )

    assert response["Location"] == _url("meeting_run", last) + "#successes"
    run = MeetingRun.objects.get(meeting=last)
    assert run.successes == "Elke starter had een maatje\nMinder uitval in leerjaar 1"
    assert run.look_ahead == "Meer BPV"
    html = client.get(_url("meeting_run", last)).content.decode()
    assert '<ul class="successes fs-5 mb-3"><li>Elke starter had een maatje</li>' in html


def test_agenda_of_meeting_6_is_ticked_in_the_run(client, last, bob):
    client.force_login(bob)

    response = client.post(
        _url("evaluation_agenda", last), {"item": "successes", "done": "on"}, headers=HTMX
    )

    assert response.content.decode().lstrip().startswith('<div id="evaluation-agenda">')
    assert MeetingRun.objects.get(meeting=last).intro_checklist == ["successes"]
    refused = client.post(_url("evaluation_agenda", last), {"item": "project", "done": "on"})
    assert refused.status_code == 302
    assert MeetingRun.objects.get(meeting=last).intro_checklist == ["successes"]


def test_a_theme_brought_in_at_meeting_6_is_in_next_years_vote(
    client, team, year, last, alice, bob
):
    client.force_login(bob)

    response = client.post(
        _url("evaluation_theme", last),
        {"title": "Ouderbetrokkenheid", "description": "Ouders vaker betrekken"},
        headers=HTMX,
    )

    assert dutch_html(
        "“%(title)s” is a theme for next year's vote.", title="Ouderbetrokkenheid"
    ) in (response.content.decode())
    theme = Theme.objects.get(team=team, title="Ouderbetrokkenheid")
    assert theme.proposed_by == bob
    new_year = roll_over(team=team, from_year=year, by=alice)
    ranked = ranking(team=team, ballot=ballot_for(school_year=new_year))
    assert theme in [item.theme for item in ranked]


def test_a_theme_the_team_has_is_refused_and_the_text_kept(client, team, last, bob):
    ThemeFactory(team=team, title="Pesten")
    client.force_login(bob)
    data = {"title": "pesten", "description": "Mijn uitleg die ik niet kwijt wil"}

    for headers in (HTMX, {}):
        response = client.post(_url("evaluation_theme", last), data, headers=headers)
        html = response.content.decode()
        assert response.status_code == 200
        assert "Mijn uitleg die ik niet kwijt wil" in html
        assert 'value="pesten"' in html
    assert Theme.objects.filter(team=team, title__iexact="pesten").count() == 1


def test_the_year_bundle_summarises_the_evaluation(team, year, last):
    services.record_evaluation(
        meeting=last, successes="Iedereen bracht een casus in", look_ahead="Stage als thema"
    )
    ThemeFactory(team=team, title="Sociale media in de klas")

    html = render_to_string(
        "meetings/report_bundle_pdf.html",
        {"team": team, "year": year, "items": [], "generated_at": timezone.now()},
    )

    section = html.split('id="evaluatie"')[1]
    assert "<li>Iedereen bracht een casus in</li>" in section
    assert "Stage als thema" in section
    assert "<li>Sociale media in de klas</li>" in section


def test_a_year_without_evaluation_has_no_section_in_the_bundle(team, year):
    html = render_to_string(
        "meetings/report_bundle_pdf.html",
        {"team": team, "year": year, "items": [], "generated_at": timezone.now()},
    )
    assert 'id="evaluatie"' not in html


@pytest.mark.parametrize("name", ["evaluation_agenda", "evaluation_record", "evaluation_theme"])
@pytest.mark.parametrize(
    ("who", "status"), [("anonymous", 302), ("charlie", 404), ("carol", 403), ("bob", None)]
)
def test_evaluation_card_access(
    client, request, year, last, carol, charlie, bob, name, who, status
):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    data = {"item": "reports", "done": "on", "successes": "x", "look_ahead": "", "title": "Nieuw"}

    response = client.post(_url(name, last), data)

    if status is not None:
        assert response.status_code == status
        assert not Theme.objects.filter(title="Nieuw").exists()
        assert not MeetingRun.objects.filter(meeting=last).exists()
    else:
        assert response.status_code == 302
    # Another meeting has no evaluation card.
    if who == "bob":
        third = year.meetings.get(number=3)
        third.preparers.add(bob)
        assert client.post(_url(name, third), data).status_code == 404


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_run_views_of_meetings_1_and_6_answer_in_constant_queries(client, team, year, last, bob):
    from plg.models import Role
    from tests.factories import MembershipFactory

    first = year.meetings.get(number=1)
    first.preparers.add(bob)
    client.force_login(bob)
    urls = [_url("meeting_run", first), _url("meeting_run", last)]
    small = [_queries(client, url) for url in urls]
    for n in range(12):
        ThemeFactory(team=team, title=f"Thema {n}")
        MembershipFactory(team=team, role=Role.DEVELOPER)
    for number in (2, 3, 4):
        ReportFactory(meeting=year.meetings.get(number=number), status=Report.Status.PUBLISHED)

    assert [_queries(client, url) for url in urls] == small
