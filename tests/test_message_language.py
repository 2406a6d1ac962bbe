"""Messages of the pure modules (schedule, school holidays, groups) follow the reader's
language: Dutch by default, English after the language switch. They are lazy, so the
language that counts is the one active when they are shown, not when they were made.
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from meetings import grouping, schedule, school_holidays
from meetings.models import Meeting, Period, SchoolYear


def _english(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})


def _edit(client, meeting: Meeting, day: datetime.date):
    return client.post(
        reverse("meeting_edit", args=[meeting.school_year.team.slug, meeting.pk]),
        {
            "date": day.isoformat(),
            "start_time": meeting.start_time.strftime("%H:%M"),
            "duration_minutes": str(meeting.duration_minutes),
            "room": meeting.room,
            "theme": "",
        },
        follow=True,
    )


# --- the planner --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("english", "expected"),
    [
        (False, "<li>Zaterdag 10 oktober 2026 valt in het weekend.</li>"),
        (True, "<li>Saturday 10 October 2026 falls in the weekend.</li>"),
    ],
    ids=["dutch", "english"],
)
def test_planner_warning_of_a_moved_meeting_in_the_readers_language(
    client, team, alice, year, english, expected
):
    client.force_login(alice)
    if english:
        _english(client)

    response = _edit(client, year.meetings.get(number=2), datetime.date(2026, 10, 10))

    assert expected in response.content.decode()


@pytest.mark.parametrize(
    ("english", "expected"),
    [
        (
            False,
            "Periode 1 heeft maar 4 lesweken; bijeenkomst 2 staat in de laatste lesweek van "
            "de periode.",
        ),
        (
            True,
            "Period 1 has only 4 teaching weeks; meeting 2 is in the last teaching week of "
            "the period.",
        ),
    ],
    ids=["dutch", "english"],
)
def test_replan_warning_in_the_readers_language(client, team, alice, year, english, expected):
    Period.objects.filter(school_year=year, number=1).update(last_day=datetime.date(2026, 9, 25))
    Period.objects.filter(school_year=year, number=2).update(first_day=datetime.date(2026, 9, 28))
    client.force_login(alice)
    if english:
        _english(client)

    response = client.post(reverse("replan", args=[team.slug, year.pk]), follow=True)

    assert expected in response.content.decode()


@pytest.mark.parametrize(
    ("english", "expected"),
    [
        (
            False,
            "Dinsdag 20 oktober 2026 valt in de Herfstvakantie "
            "(17 oktober 2026 t/m 25 oktober 2026).",
        ),
        (
            True,
            "Tuesday 20 October 2026 falls in the Herfstvakantie "
            "(17 October 2026 through 25 October 2026).",
        ),
    ],
    ids=["dutch", "english"],
)
def test_holiday_warning_in_the_readers_language(client, team, alice, year, english, expected):
    client.force_login(alice)
    if english:
        _english(client)

    response = _edit(client, year.meetings.get(number=2), datetime.date(2026, 10, 20))

    assert f"<li>{expected}</li>" in response.content.decode()


def test_moved_day_warning_names_the_weekday_in_the_readers_language():
    plan = schedule.plan_schedule(
        first_day=datetime.date(2026, 8, 31),
        last_day=datetime.date(2027, 7, 16),
        periods=[
            (datetime.date(2026, 8, 31), datetime.date(2026, 11, 13)),
            (datetime.date(2026, 11, 16), datetime.date(2027, 2, 5)),
            (datetime.date(2027, 2, 8), datetime.date(2027, 4, 23)),
            (datetime.date(2027, 4, 26), datetime.date(2027, 7, 16)),
        ],
        holidays=[(datetime.date(2026, 10, 7), datetime.date(2026, 10, 7))],
        weekday=2,
    )
    moved = [w for w in plan.warnings if "Bijeenkomst 2 staat op" in w]

    assert moved == [
        "Bijeenkomst 2 staat op dinsdag 6 oktober 2026 in plaats van op woensdag, omdat "
        "woensdag 7 oktober 2026 geen lesdag is."
    ]
    with translation.override("en"):
        assert str(moved[0]) == (
            "Meeting 2 is on Tuesday 6 October 2026 instead of Wednesday, because "
            "Wednesday 7 October 2026 is no teaching day."
        )


def test_schedule_error_in_the_school_year_form_in_english(client, team, alice):
    client.force_login(alice)
    _english(client)
    data = {
        "name": "2026–2027",
        "region": "midden",
        "first_day": "2026-08-31",
        "last_day": "2027-07-16",
        "period_1_start": "2026-08-31",
        "period_1_end": "2026-11-13",
        "period_2_start": "2026-11-10",
        "period_2_end": "2027-02-05",
        "period_3_start": "2027-02-08",
        "period_3_end": "2027-04-23",
        "period_4_start": "2027-04-26",
        "period_4_end": "2027-07-16",
    }

    response = client.post(reverse("school_year_create", args=[team.slug]), data)

    assert response.status_code == 200
    assert (
        "Period 2 starts (10 November 2026) before the end of period 1 (13 November 2026); "
        "periods may not overlap."
    ) in response.content.decode()
    assert not SchoolYear.objects.filter(team=team).exists()


# --- school holidays and groups -------------------------------------------------------------


def test_holiday_error_is_dutch_by_default_and_english_when_chosen():
    with pytest.raises(ValueError) as raised:
        school_holidays.school_holidays(
            "midden", datetime.date(2026, 9, 1), datetime.date(2026, 8, 31)
        )

    assert str(raised.value) == (
        "De einddatum (31 augustus 2026) ligt vóór de begindatum (1 september 2026)."
    )
    with translation.override("en"):
        assert str(raised.value) == (
            "The end date (31 August 2026) comes before the start date (1 September 2026)."
        )


def test_grouping_error_is_dutch_by_default_and_english_when_chosen():
    with pytest.raises(ValueError) as raised:
        grouping.compose_groups([1, 2, 3], [3])

    assert str(raised.value) == "Gespreksleider 3 staat ook bij de deelnemers."
    with translation.override("en"):
        assert str(raised.value) == "Group leader 3 is also among the participants."
        with pytest.raises(ValueError, match="^At least one group leader is needed.$"):
            grouping.compose_groups([1, 2], [])
