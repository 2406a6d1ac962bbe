"""Planning the school year: creating it, moving and replanning meetings, preparers, themes.

Calendar used (region midden, 2026–2027): Herfstvakantie Sat 17 – Sun 25 Oct 2026,
Kerstvakantie 19 Dec – 3 Jan; with the periods of tests/conftest.py the rule puts the
meetings in the weeks of 7 Sep, 5 Oct, 4 Jan, 22 Mar, 7 Jun and 12 Jul."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse

from meetings import schedule
from meetings.models import Holiday, Meeting, Period, SchoolYear, Theme
from meetings.school_holidays import official_days_off
from meetings.services import (
    EXAMPLE_THEMES,
    add_example_themes,
    replan_school_year,
    suggest_preparers,
)
from plg.models import Membership, Role
from tests.factories import HolidayFactory, MembershipFactory, ThemeFactory
from tests.helpers import PERIODS_2026, dutch_html

HTMX = {"HX-Request": "true"}
FIRST_DAY = datetime.date(2026, 8, 31)
LAST_DAY = datetime.date(2027, 7, 16)
WEDNESDAY = 2


def _year_form_data() -> dict:
    data = {
        "name": "2026-2027",
        "region": "midden",
        "first_day": FIRST_DAY.isoformat(),
        "last_day": LAST_DAY.isoformat(),
    }
    for number, (start, end) in enumerate(PERIODS_2026, start=1):
        data[f"period_{number}_start"] = start.isoformat()
        data[f"period_{number}_end"] = end.isoformat()
    return data


@pytest.fixture
def planned_team(team):
    team.default_weekday = WEDNESDAY
    team.default_start_time = datetime.time(15, 0)
    team.default_room = "Aula"
    team.save()
    return team


def _meeting(year: SchoolYear, number: int) -> Meeting:
    return Meeting.objects.get(school_year=year, number=number)


def _dates(year: SchoolYear) -> list[datetime.date]:
    return list(year.meetings.order_by("number").values_list("date", flat=True))


# --- creating a school year -----------------------------------------------------------------


def test_school_year_form_creates_year_with_periods_and_holidays(client, planned_team, alice):
    client.force_login(alice)

    response = client.post(
        reverse("school_year_create", args=[planned_team.slug]), _year_form_data()
    )

    year = SchoolYear.objects.get(team=planned_team)
    assert response.status_code == 302
    assert response["Location"] == reverse("planner", args=[planned_team.slug, year.pk])
    assert (year.name, year.first_day, year.last_day, year.region) == (
        "2026–2027",
        FIRST_DAY,
        LAST_DAY,
        "midden",
    )
    periods = Period.objects.filter(school_year=year).order_by("number")
    assert [(p.number, p.first_day, p.last_day) for p in periods] == [
        (n, start, end) for n, (start, end) in enumerate(PERIODS_2026, start=1)
    ]
    holidays = Holiday.objects.filter(school_year=year).order_by("first_day", "name")
    assert [(h.name, h.first_day, h.last_day) for h in holidays] == sorted(
        official_days_off("midden", FIRST_DAY, LAST_DAY), key=lambda h: (h[1], h[0])
    )
    assert [(h.name, h.first_day, h.last_day) for h in holidays[:2]] == [
        ("Herfstvakantie", datetime.date(2026, 10, 17), datetime.date(2026, 10, 25)),
        ("Kerstvakantie", datetime.date(2026, 12, 19), datetime.date(2027, 1, 3)),
    ]


def test_school_year_form_places_six_meetings_by_the_rule(client, planned_team, alice):
    client.force_login(alice)
    holidays = official_days_off("midden", FIRST_DAY, LAST_DAY)
    expected_dates = schedule.plan_meeting_dates(
        first_day=FIRST_DAY,
        last_day=LAST_DAY,
        periods=PERIODS_2026,
        holidays=[(start, end) for _name, start, end in holidays],
        weekday=WEDNESDAY,
    )

    client.post(reverse("school_year_create", args=[planned_team.slug]), _year_form_data())

    meetings = Meeting.objects.filter(school_year__team=planned_team).order_by("number")
    assert expected_dates == [
        datetime.date(2026, 9, 9),
        datetime.date(2026, 10, 7),
        datetime.date(2027, 1, 6),
        datetime.date(2027, 3, 24),
        datetime.date(2027, 6, 9),
        datetime.date(2027, 7, 14),
    ]
    assert [m.number for m in meetings] == [1, 2, 3, 4, 5, 6]
    assert [m.date for m in meetings] == expected_dates
    assert [m.planned_date for m in meetings] == expected_dates
    assert {(m.start_time, m.room, m.duration_minutes) for m in meetings} == {
        (datetime.time(15, 0), "Aula", 150)
    }
    assert [m.team_leader_attends for m in meetings] == [True, False, False, False, False, True]


def test_school_year_form_gives_meeting_1_the_starting_teachers_theme(client, planned_team, alice):
    theme = ThemeFactory(team=planned_team, title="Startende docenten")
    client.force_login(alice)

    client.post(reverse("school_year_create", args=[planned_team.slug]), _year_form_data())

    themes = Meeting.objects.filter(school_year__team=planned_team).order_by("number")
    assert [m.theme for m in themes] == [theme, None, None, None, None, None]


def test_school_year_form_without_that_theme_leaves_meeting_1_open(client, planned_team, alice):
    ThemeFactory(team=planned_team, title="Pesten")
    client.force_login(alice)

    client.post(reverse("school_year_create", args=[planned_team.slug]), _year_form_data())

    assert _meeting(SchoolYear.objects.get(), 1).theme is None


def test_school_year_form_suggests_next_year_after_the_latest(client, team, alice, year):
    client.force_login(alice)

    response = client.get(reverse("school_year_create", args=[team.slug]))

    assert response.status_code == 200
    assert response.context["form"].initial["name"] == "2027–2028"


# --- moving a meeting -----------------------------------------------------------------------


def _edit_data(meeting: Meeting, day: datetime.date) -> dict:
    return {
        "date": day.isoformat(),
        "start_time": meeting.start_time.strftime("%H:%M"),
        "duration_minutes": str(meeting.duration_minutes),
        "room": meeting.room,
        "theme": "",
    }


def test_meeting_moved_into_holiday_is_saved_with_warning(client, team, alice, year):
    meeting = _meeting(year, 2)
    client.force_login(alice)
    holiday_day = datetime.date(2026, 10, 20)

    response = client.post(
        reverse("meeting_edit", args=[team.slug, meeting.pk]),
        _edit_data(meeting, holiday_day),
        follow=True,
    )

    warning = (
        "Dinsdag 20 oktober 2026 valt in de Herfstvakantie (17 oktober 2026 t/m 25 oktober 2026)."
    )
    html = response.content.decode()
    assert response.redirect_chain == [
        (reverse("meeting_detail", args=[team.slug, meeting.pk]), 302)
    ]
    meeting.refresh_from_db()
    assert (meeting.date, meeting.planned_date) == (holiday_day, datetime.date(2026, 10, 6))
    assert meeting.date_warnings == [warning]
    assert f"<li>{warning}</li>" in html
    assert dutch_html("%(meeting)s: %(warning)s", meeting=meeting, warning=warning) in html


def test_meeting_moved_in_place_shows_warning_in_its_row(client, team, alice, year):
    meeting = _meeting(year, 2)
    client.force_login(alice)

    response = client.post(
        reverse("meeting_edit", args=[team.slug, meeting.pk]),
        _edit_data(meeting, datetime.date(2026, 10, 20)),
        headers=HTMX,
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<li class="list-group-item py-3 is-saved"')
    assert (
        "<li>Dinsdag 20 oktober 2026 valt in de Herfstvakantie "
        "(17 oktober 2026 t/m 25 oktober 2026).</li>"
    ) in html
    assert 'id="timeline" hx-swap-oob="true"' in html


def test_meeting_moved_to_weekend_warns(client, team, alice, year):
    meeting = _meeting(year, 2)
    client.force_login(alice)

    response = client.post(
        reverse("meeting_edit", args=[team.slug, meeting.pk]),
        _edit_data(meeting, datetime.date(2026, 10, 10)),
        follow=True,
    )

    meeting.refresh_from_db()
    assert meeting.date == datetime.date(2026, 10, 10)
    assert meeting.date_warnings == ["Zaterdag 10 oktober 2026 valt in het weekend."]
    assert "<li>Zaterdag 10 oktober 2026 valt in het weekend.</li>" in response.content.decode()


def test_meeting_moved_out_of_its_period_warns(year):
    meeting = _meeting(year, 2)
    meeting.date = datetime.date(2026, 11, 17)

    assert meeting.date_warnings == [
        "Dinsdag 17 november 2026 valt buiten periode 1 (31 augustus 2026 t/m 13 november 2026)."
    ]


def test_meeting_on_its_rule_date_has_no_warning(client, team, alice, year):
    client.force_login(alice)

    response = client.get(reverse("meeting_detail", args=[team.slug, _meeting(year, 2).pk]))

    assert response.context["meeting"].date_warnings == []
    assert dutch_html("Check this date").encode() not in response.content


# --- replanning -----------------------------------------------------------------------------


def test_replan_puts_moved_meetings_back(client, team, alice, year):
    rule_dates = _dates(year)
    Meeting.objects.filter(school_year=year, number__in=[2, 5]).update(
        date=datetime.date(2026, 10, 20)
    )
    client.force_login(alice)

    response = client.post(reverse("replan", args=[team.slug, year.pk]))

    assert response.status_code == 302
    assert _dates(year) == rule_dates


def test_replan_follows_a_new_holiday(client, team, alice, year):
    HolidayFactory(
        school_year=year,
        name="Studieweek",
        first_day=datetime.date(2026, 10, 5),
        last_day=datetime.date(2026, 10, 9),
    )
    client.force_login(alice)

    client.post(reverse("replan", args=[team.slug, year.pk]))

    meeting = _meeting(year, 2)
    # The studieweek no longer counts, so the 6th teaching week of period 1 is a week later.
    assert (meeting.date, meeting.planned_date) == (
        datetime.date(2026, 10, 13),
        datetime.date(2026, 10, 13),
    )


def test_replan_service_returns_warnings_of_the_rule(year):
    Period.objects.filter(school_year=year, number=1).update(last_day=datetime.date(2026, 9, 25))
    Period.objects.filter(school_year=year, number=2).update(first_day=datetime.date(2026, 9, 28))
    year = SchoolYear.objects.get(pk=year.pk)

    warnings = replan_school_year(school_year=year)

    assert warnings == [
        "Periode 1 heeft maar 4 lesweken; bijeenkomst 2 staat in de laatste lesweek van de periode."
    ]
    assert _meeting(year, 2).date == datetime.date(2026, 9, 22)


# --- preparers ------------------------------------------------------------------------------


def test_preparer_choices_are_active_development_team_members(
    client, team, alice, bob, carol, dave, charlie, year
):
    former = MembershipFactory(team=team, role=Role.DEVELOPER, user__first_name="Frits")
    former.deactivate(by=alice)
    client.force_login(alice)

    response = client.get(reverse("meeting_edit", args=[team.slug, _meeting(year, 2).pk]))

    choices = response.context["form"].fields["preparers"].queryset
    assert set(choices) == {bob, dave}


def test_meeting_edit_saves_two_preparers(client, team, alice, bob, dave, year):
    meeting = _meeting(year, 3)
    client.force_login(alice)

    client.post(
        reverse("meeting_edit", args=[team.slug, meeting.pk]),
        _edit_data(meeting, meeting.date) | {"preparers": [bob.pk, dave.pk]},
    )

    assert set(meeting.preparers.all()) == {bob, dave}


@pytest.fixture
def erin(team):
    return MembershipFactory(team=team, role=Role.DEVELOPER, user__first_name="Erin").user


def test_inline_save_updates_the_preparation_load_without_a_reload(
    client, team, alice, bob, dave, year
):
    client.force_login(alice)
    meeting = _meeting(year, 3)

    response = client.post(
        reverse("meeting_edit", args=[team.slug, meeting.pk]),
        _edit_data(meeting, meeting.date) | {"preparers": [bob.pk, dave.pk]},
        headers={"HX-Request": "true"},
    )

    html = response.content.decode()
    load = html[html.index('id="preparation-load"') :]
    assert 'hx-swap-oob="true"' in html[html.index('id="preparation-load"') - 80 :][:200]
    assert re.search(rf"{bob.get_full_name()}</span><span[^>]*>1<", load)
    assert re.search(rf"{dave.get_full_name()}</span><span[^>]*>1<", load)


def test_suggest_preparers_prefers_those_with_fewest_meetings(year, bob, dave, erin):
    _meeting(year, 1).preparers.add(bob)
    _meeting(year, 2).preparers.add(bob)

    suggestion = suggest_preparers(meeting=_meeting(year, 5))

    assert suggestion == [dave, erin]


def test_suggest_preparers_avoids_preparer_of_a_neighbouring_meeting(year, bob, dave, erin):
    _meeting(year, 3).preparers.add(bob)
    _meeting(year, 1).preparers.add(dave)

    suggestion = suggest_preparers(meeting=_meeting(year, 4))

    assert suggestion == [erin, dave]


def test_suggest_preparers_counts_own_preparers_as_free(year, bob, dave, erin):
    meeting = _meeting(year, 4)
    meeting.preparers.add(bob, dave)
    _meeting(year, 1).preparers.add(erin)

    suggestion = suggest_preparers(meeting=meeting)

    assert suggestion == [bob, dave]


def test_meeting_edit_offers_the_suggestion(client, team, alice, bob, dave, erin, year):
    _meeting(year, 1).preparers.add(bob)
    client.force_login(alice)

    response = client.get(reverse("meeting_edit", args=[team.slug, _meeting(year, 5).pk]))

    assert f'data-suggest="{dave.pk},{erin.pk}"' in response.content.decode()


def test_planner_shows_preparation_load_to_leader(client, team, alice, bob, dave, year):
    _meeting(year, 1).preparers.add(bob)
    _meeting(year, 2).preparers.add(bob)
    client.force_login(alice)

    response = client.get(reverse("planner", args=[team.slug, year.pk]))

    assert response.context["load_rows"] == [(bob, 2), (dave, 0)]


# --- themes ---------------------------------------------------------------------------------


def test_example_themes_are_added_once(client, team, carol):
    titles = [title for title, _description in EXAMPLE_THEMES[:3]]
    client.force_login(carol)
    url = reverse("themes_add_examples", args=[team.slug])

    client.post(url, {"titles": titles})
    response = client.post(url, {"titles": titles}, follow=True)

    assert sorted(Theme.objects.filter(team=team).values_list("title", flat=True)) == sorted(titles)
    assert dutch_html("The team already has these themes.") in response.content.decode()


def test_example_theme_is_skipped_when_team_has_it_in_other_case(team):
    ThemeFactory(team=team, title="pesten")

    added = add_example_themes(team=team, titles=["Pesten", "Autisme"], by=None)

    assert [theme.title for theme in added] == ["Autisme"]
    assert Theme.objects.filter(team=team).count() == 2


def test_themes_page_offers_only_examples_not_yet_added(client, team, carol):
    ThemeFactory(team=team, title="Startende docenten")
    client.force_login(carol)

    response = client.get(reverse("themes", args=[team.slug]))

    offered = [title for title, _description in response.context["examples"]]
    assert offered == [title for title, _description in EXAMPLE_THEMES[1:]]


def test_theme_proposed_by_member_records_proposer(client, team, carol):
    client.force_login(carol)

    client.post(reverse("themes", args=[team.slug]), {"title": " Autisme ", "description": ""})

    theme = Theme.objects.get(team=team)
    assert (theme.title, theme.proposed_by) == ("Autisme", carol)


# --- the planner page -----------------------------------------------------------------------


def test_planner_timeline_has_six_meeting_markers(client, team, carol, year):
    client.force_login(carol)

    response = client.get(reverse("planner", args=[team.slug, year.pk]))

    html = response.content.decode()
    assert html.count('class="marker"') == 6
    for number in range(1, 7):
        assert html.count(f'href="#meeting-{number}-anchor"') == 1


def test_planner_marks_meeting_in_its_week(client, team, carol, year):
    client.force_login(carol)

    response = client.get(reverse("planner", args=[team.slug, year.pk]))

    weeks = {w.monday: list(w.meetings) for w in response.context["weeks"] if w.meetings}
    assert weeks == {
        datetime.date(2026, 9, 7): [1],
        datetime.date(2026, 10, 5): [2],
        datetime.date(2027, 1, 4): [3],
        datetime.date(2027, 3, 22): [4],
        datetime.date(2027, 6, 7): [5],
        datetime.date(2027, 7, 12): [6],
    }


def test_planner_leaves_out_other_teams_years(client, team, carol, year, other_year):
    client.force_login(carol)

    response = client.get(reverse("planner", args=[team.slug, year.pk]))

    assert list(response.context["years"]) == [year]


def test_deactivated_developer_is_not_suggested(year, alice, bob, dave):
    Membership.objects.get(user=dave).deactivate(by=alice)

    assert suggest_preparers(meeting=_meeting(year, 2)) == [bob]


def test_meeting_edit_refuses_a_theme_another_meeting_of_the_year_has(client, team, alice, year):
    """A theme is treated once a year: meetings 2 and 4 cannot share it (issue 12, item 7).
    The form comes back with what was typed."""
    theme = ThemeFactory(team=team, title="Pesten")
    Meeting.objects.filter(pk=_meeting(year, 2).pk).update(theme=theme)
    meeting = _meeting(year, 4)
    client.force_login(alice)

    response = client.post(
        reverse("meeting_edit", args=[team.slug, meeting.pk]),
        _edit_data(meeting, meeting.date) | {"theme": theme.pk, "room": "B1.12 (teamkamer)"},
    )

    meeting.refresh_from_db()
    assert meeting.theme is None
    page = response.content.decode()
    assert (
        dutch_html(
            "“%(title)s” is already the theme of meeting %(number)s.", title="Pesten", number=2
        )
        in page
    )
    assert "B1.12 (teamkamer)" in page


def test_meeting_edit_keeps_its_own_theme(client, team, alice, year):
    theme = ThemeFactory(team=team, title="Pesten")
    meeting = _meeting(year, 4)
    Meeting.objects.filter(pk=meeting.pk).update(theme=theme)
    client.force_login(alice)

    client.post(
        reverse("meeting_edit", args=[team.slug, meeting.pk]),
        _edit_data(meeting, meeting.date) | {"theme": theme.pk, "room": "B2.01"},
    )

    meeting.refresh_from_db()
    assert (meeting.theme, meeting.room) == (theme, "B2.01")
