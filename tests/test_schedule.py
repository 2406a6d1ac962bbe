"""The yearly schedule rule (meetings.schedule): plain dates, no Django, no database.

Calendar of the synthetic school year used below (2026–2027, ISO weeks):
wk36 starts Mon 31 Aug 2026, wk41 Mon 5 Oct, wk47 Mon 16 Nov, wk52 Mon 21 Dec,
wk53 Mon 28 Dec (2026 has 53 ISO weeks), wk1 Mon 4 Jan 2027, wk6 Mon 8 Feb, wk16 Mon 19 Apr,
wk28 Mon 12 Jul 2027.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from meetings.schedule import (
    SchedulePlan,
    date_warnings,
    plan_meeting_dates,
    plan_schedule,
    teaching_days,
    teaching_weeks,
)
from meetings.school_holidays import school_holidays

MON, TUE, WED, THU, FRI = range(5)

FIRST_DAY = date(2026, 8, 31)  # Monday, week 36
LAST_DAY = date(2027, 7, 16)  # Friday, week 28
PERIODS = [
    (date(2026, 8, 31), date(2026, 11, 13)),  # weeks 36–46
    (date(2026, 11, 16), date(2027, 2, 5)),  # weeks 47–5
    (date(2027, 2, 8), date(2027, 4, 16)),  # weeks 6–15
    (date(2027, 4, 19), date(2027, 7, 16)),  # weeks 16–28
]


def _plan(**changes) -> SchedulePlan:
    """The synthetic year without holidays, on Tuesdays, with some arguments replaced."""
    arguments = {
        "first_day": FIRST_DAY,
        "last_day": LAST_DAY,
        "periods": PERIODS,
        "holidays": [],
        "weekday": TUE,
    }
    arguments.update(changes)
    return plan_schedule(**arguments)


def _unnamed(named: list[tuple[str, date, date]]) -> list[tuple[date, date]]:
    return [(first, last) for _name, first, last in named]


# --------------------------------------------------------------------------- basic rule


def test_plan_without_holidays_uses_second_sixth_and_last_weeks():
    plan = _plan()

    assert plan.dates == [
        date(2026, 9, 8),  # wk37: 2nd week of the year
        date(2026, 10, 6),  # wk41: 6th week of period 1 (wk36–41)
        date(2026, 12, 22),  # wk52: 6th week of period 2 (wk47–52)
        date(2027, 3, 16),  # wk11: 6th week of period 3 (wk6–11)
        date(2027, 5, 25),  # wk21: 6th week of period 4 (wk16–21)
        date(2027, 7, 13),  # wk28: last week of the year
    ]
    assert plan.warnings == []


def test_plan_meeting_dates_returns_the_dates_of_plan_schedule():
    holidays = [(date(2026, 10, 17), date(2026, 10, 25))]

    dates = plan_meeting_dates(
        first_day=FIRST_DAY, last_day=LAST_DAY, periods=PERIODS, holidays=holidays, weekday=THU
    )

    assert dates == _plan(holidays=holidays, weekday=THU).dates


def test_plan_holiday_week_before_sixth_week_does_not_count():
    # wk41 (5–9 Oct) is a whole holiday week, so period 1's teaching weeks are
    # wk36, 37, 38, 39, 40, 42: the 6th is wk42 instead of wk41.
    autumn = (date(2026, 10, 3), date(2026, 10, 11))

    plan = _plan(holidays=[autumn])

    assert plan.dates[1] == date(2026, 10, 13)
    assert plan.warnings == []


def test_plan_week_with_one_teaching_day_still_counts():
    # Mon–Thu of wk38 are off, but Friday 18 Sep is a teaching day: wk38 still counts,
    # so the 6th teaching week of period 1 stays wk41.
    plan = _plan(holidays=[(date(2026, 9, 14), date(2026, 9, 17))])

    assert plan.dates[1] == date(2026, 10, 6)


def test_plan_summer_holiday_reaching_into_the_year_pushes_meeting_one():
    # The holiday starts before the year (the part outside is ignored) and covers wk36,
    # so the year's teaching weeks start at wk37 and meeting 1 is in wk38.
    # Period 1's teaching weeks are wk37–42, so meeting 2 moves to wk42 too.
    plan = _plan(holidays=[(date(2026, 7, 18), date(2026, 9, 6))])

    assert plan.dates[:2] == [date(2026, 9, 15), date(2026, 10, 13)]


def test_plan_christmas_weeks_do_not_count_in_period_two():
    # wk52 and wk53 are Kerstvakantie: period 2 counts wk47, 48, 49, 50, 51, 1.
    plan = _plan(holidays=[(date(2026, 12, 19), date(2027, 1, 3))])

    assert plan.dates[2] == date(2027, 1, 5)


def test_plan_first_day_mid_week_counts_that_week_as_first():
    # The year starts on Thursday 3 Sep (wk36); wk36 has teaching days, so it is the
    # 1st teaching week and meeting 1 is in wk37, on Tuesday 8 Sep.
    periods = [(date(2026, 9, 3), PERIODS[0][1]), *PERIODS[1:]]

    plan = _plan(first_day=date(2026, 9, 3), periods=periods)

    assert plan.dates[0] == date(2026, 9, 8)
    # Period 1's weeks are wk36 (Thu and Fri only), 37, 38, 39, 40, 41: still wk41.
    assert plan.dates[1] == date(2026, 10, 6)


def test_plan_period_shorter_than_six_weeks_uses_its_last_week_with_warning():
    # Period 1 = wk36–40 (five teaching weeks): meeting 2 goes to wk40, its last week.
    periods = [
        (date(2026, 8, 31), date(2026, 10, 2)),
        (date(2026, 10, 5), date(2027, 2, 5)),
        *PERIODS[2:],
    ]

    plan = _plan(periods=periods)

    assert plan.dates[1] == date(2026, 9, 29)
    assert plan.warnings == [
        "Periode 1 heeft maar 5 lesweken; bijeenkomst 2 staat in de laatste lesweek van de periode."
    ]


def test_plan_period_of_one_teaching_week_says_lesweek_in_singular():
    # Period 3 = wk6 plus a holiday week wk7: one teaching week.
    periods = [*PERIODS[:2], (date(2027, 2, 8), date(2027, 2, 19)), PERIODS[3]]

    plan = _plan(periods=periods, holidays=[(date(2027, 2, 13), date(2027, 2, 21))])

    assert plan.dates[3] == date(2027, 2, 9)
    assert (
        "Periode 3 heeft maar 1 lesweek; bijeenkomst 4 staat in de laatste lesweek van de periode."
        in plan.warnings
    )


# --------------------------------------------------------------------------- day in the week


def test_plan_single_day_off_moves_to_earlier_day_on_a_tie():
    # Meeting 2 is in wk41 on Wednesday 7 Oct, a study day. Tuesday and Thursday are both
    # one day away; the earlier one, Tuesday 6 Oct, wins.
    study_day = (date(2026, 10, 7), date(2026, 10, 7))

    plan = _plan(holidays=[study_day], weekday=WED)

    assert plan.dates[1] == date(2026, 10, 6)
    assert plan.warnings == [
        "Bijeenkomst 2 staat op dinsdag 6 oktober 2026 in plaats van op woensdag, omdat "
        "woensdag 7 oktober 2026 geen lesdag is."
    ]


def test_plan_single_day_off_moves_to_nearest_day():
    # Wednesday 7 and Tuesday 6 Oct are off: Thursday 8 (one day away) beats Monday 5 (two).
    plan = _plan(holidays=[(date(2026, 10, 6), date(2026, 10, 7))], weekday=WED)

    assert plan.dates[1] == date(2026, 10, 8)


def test_plan_single_day_off_friday_moves_to_thursday():
    # Meeting 6 is in wk28 on Friday 16 Jul, a day off: Thursday 15 Jul is nearest.
    plan = _plan(holidays=[(date(2027, 7, 16), date(2027, 7, 16))], weekday=FRI)

    assert plan.dates[5] == date(2027, 7, 15)


def test_plan_weekday_outside_the_period_moves_into_the_period():
    # Period 4 is only Thursday 22 and Friday 23 Apr (wk16). Tuesday 20 Apr is a teaching
    # day but not in the period, so meeting 5 goes to Thursday 22, the nearest day inside.
    periods = [*PERIODS[:3], (date(2027, 4, 22), date(2027, 4, 23))]

    plan = _plan(periods=periods)

    assert plan.dates[4] == date(2027, 4, 22)
    assert (
        "Bijeenkomst 5 staat op donderdag 22 april 2027 in plaats van op dinsdag, omdat "
        "dinsdag 20 april 2027 buiten periode 4 valt." in plan.warnings
    )


def test_plan_warns_when_meetings_are_out_of_order():
    # Period 1 is only wk36, so meeting 2 (wk36) lands before meeting 1 (wk37).
    periods = [(date(2026, 8, 31), date(2026, 9, 4)), *PERIODS[1:]]

    plan = _plan(periods=periods)

    assert plan.dates[:2] == [date(2026, 9, 8), date(2026, 9, 1)]
    assert (
        "Bijeenkomst 2 (dinsdag 1 september 2026) valt vóór bijeenkomst 1 "
        "(dinsdag 8 september 2026); controleer de periodes." in plan.warnings
    )


def test_plan_warns_when_two_meetings_share_a_date():
    # Period 4 is only wk28, the last week of the year: meetings 5 and 6 both fall on
    # Tuesday 13 Jul.
    periods = [*PERIODS[:3], (date(2027, 7, 12), date(2027, 7, 16))]

    plan = _plan(periods=periods)

    assert plan.dates[4] == plan.dates[5] == date(2027, 7, 13)
    assert (
        "Bijeenkomst 5 en 6 vallen allebei op dinsdag 13 juli 2027; verplaats er één."
        in plan.warnings
    )


# --------------------------------------------------------------------------- real calendars


REAL_PERIOD_BOUNDARIES = [
    (date(2026, 11, 13), date(2026, 11, 16)),  # end of period 1, start of period 2
    (date(2027, 2, 5), date(2027, 2, 8)),
    (date(2027, 4, 16), date(2027, 4, 19)),
]


def _real_periods(first_day: date, last_day: date) -> list[tuple[date, date]]:
    """Typical MBO periods of about ten weeks: Fri 13 Nov, Fri 5 Feb, Fri 16 Apr ends."""
    (end1, start2), (end2, start3), (end3, start4) = REAL_PERIOD_BOUNDARIES
    return [(first_day, end1), (start2, end2), (start3, end3), (start4, last_day)]


def test_plan_real_calendar_noord_2026_2027_on_mondays():
    # Noord: summer until Sun 16 Aug 2026 and from Sat 10 Jul 2027; Herfstvakantie wk42,
    # Kerstvakantie wk52–53, Voorjaarsvakantie wk8 (20–28 Feb), Meivakantie wk17.
    first_day, last_day = date(2026, 8, 17), date(2027, 7, 9)
    holidays = _unnamed(school_holidays("noord", first_day, last_day))

    dates = plan_meeting_dates(
        first_day=first_day,
        last_day=last_day,
        periods=_real_periods(first_day, last_day),
        holidays=holidays,
        weekday=MON,
    )

    assert dates == [
        date(2026, 8, 24),  # wk35: the year starts in wk34, so wk35 is its 2nd week
        date(2026, 9, 21),  # wk39: period 1 = wk34, 35, 36, 37, 38, 39 (autumn is later, wk42)
        date(2027, 1, 4),  # wk1: period 2 = wk47, 48, 49, 50, 51, (52, 53 Kerst), 1
        date(2027, 3, 22),  # wk12: period 3 = wk6, 7, (8 voorjaar), 9, 10, 11, 12
        date(2027, 5, 31),  # wk22: period 4 = wk16, (17 mei), 18, 19, 20, 21, 22
        date(2027, 7, 5),  # wk27: the last week before the summer of noord
    ]


def test_plan_real_calendar_midden_2026_2027_on_tuesdays():
    # Midden: summer until Sun 30 Aug 2026 and from Sat 17 Jul 2027; Herfstvakantie wk43,
    # Kerstvakantie wk52–53, Voorjaarsvakantie wk8 (20–28 Feb), Meivakantie wk17.
    first_day, last_day = date(2026, 8, 31), date(2027, 7, 16)
    holidays = _unnamed(school_holidays("midden", first_day, last_day))

    dates = plan_meeting_dates(
        first_day=first_day,
        last_day=last_day,
        periods=_real_periods(first_day, last_day),
        holidays=holidays,
        weekday=TUE,
    )

    assert dates == [
        date(2026, 9, 8),  # wk37: the year starts in wk36, so wk37 is its 2nd week
        date(2026, 10, 6),  # wk41: period 1 = wk36–41; the autumn week 43 comes after
        date(2027, 1, 5),  # wk1: period 2 = wk47, 48, 49, 50, 51, (52, 53 Kerst), 1
        date(2027, 3, 23),  # wk12: period 3 = wk6, 7, (8 voorjaar), 9, 10, 11, 12
        date(2027, 6, 1),  # wk22: period 4 = wk16, (17 mei), 18, 19, 20, 21, 22
        date(2027, 7, 13),  # wk28: the last week before the summer of midden
    ]


def test_plan_real_calendar_zuid_2026_2027_on_thursdays():
    # Zuid: summer until Sun 23 Aug 2026 and from Sat 24 Jul 2027; Herfstvakantie wk43,
    # Kerstvakantie wk52–53, Voorjaarsvakantie wk7 (13–21 Feb), Meivakantie wk17.
    first_day, last_day = date(2026, 8, 24), date(2027, 7, 23)
    holidays = _unnamed(school_holidays("zuid", first_day, last_day))

    dates = plan_meeting_dates(
        first_day=first_day,
        last_day=last_day,
        periods=_real_periods(first_day, last_day),
        holidays=holidays,
        weekday=THU,
    )

    assert dates == [
        date(2026, 9, 3),  # wk36: the year starts in wk35, so wk36 is its 2nd week
        date(2026, 10, 1),  # wk40: period 1 = wk35–40; the autumn week 43 comes after
        date(2027, 1, 7),  # wk1: period 2 = wk47, 48, 49, 50, 51, (52, 53 Kerst), 1
        date(2027, 3, 25),  # wk12: period 3 = wk6, (7 voorjaar), 8, 9, 10, 11, 12
        date(2027, 6, 3),  # wk22: period 4 = wk16, (17 mei), 18, 19, 20, 21, 22
        date(2027, 7, 22),  # wk29: the last week before the (late) summer of zuid
    ]


def test_plan_real_calendar_midden_autumn_holiday_counts_only_once_skipped():
    # A period 1 that starts in wk39 (Mon 21 Sep): wk39, 40, 41, 42, (43 herfst), 44, 45.
    # Week 43 is the autumn holiday in midden, so the 6th teaching week is wk45, not wk44.
    first_day, last_day = date(2026, 8, 31), date(2027, 7, 16)
    holidays = _unnamed(school_holidays("midden", first_day, last_day))
    periods = _real_periods(first_day, last_day)
    periods[0] = (date(2026, 9, 21), periods[0][1])

    dates = plan_meeting_dates(
        first_day=first_day, last_day=last_day, periods=periods, holidays=holidays, weekday=TUE
    )

    assert dates[1] == date(2026, 11, 3)


# --------------------------------------------------------------------------- invalid input


@pytest.mark.parametrize("weekday", [5, -1, 6])
def test_plan_weekday_outside_monday_to_friday_raises(weekday):
    message = "De weekdag moet tussen 0 (maandag) en 4 (vrijdag) liggen"

    with pytest.raises(ValueError, match=re.escape(message)):
        _plan(weekday=weekday)


@pytest.mark.parametrize("count", [0, 3, 5])
def test_plan_not_four_periods_raises(count):
    periods = (PERIODS * 2)[:count]

    with pytest.raises(ValueError, match=f"precies 4 periodes, niet {count}"):
        _plan(periods=periods)


def test_plan_year_ending_before_it_starts_raises():
    with pytest.raises(
        ValueError,
        match="De laatste lesdag \\(30 augustus 2026\\) ligt vóór de eerste lesdag "
        "\\(31 augustus 2026\\)",
    ):
        _plan(last_day=date(2026, 8, 30))


def test_plan_period_ending_before_it_starts_raises():
    periods = [*PERIODS[:2], (date(2027, 4, 16), date(2027, 2, 8)), PERIODS[3]]

    with pytest.raises(
        ValueError,
        match=re.escape("Periode 3 eindigt (8 februari 2027) vóór het begin (16 april 2027)."),
    ):
        _plan(periods=periods)


def test_plan_period_starting_before_the_year_raises():
    periods = [(date(2026, 8, 24), PERIODS[0][1]), *PERIODS[1:]]

    with pytest.raises(
        ValueError,
        match=re.escape(
            "Periode 1 begint (24 augustus 2026) vóór de eerste lesdag van het schooljaar "
            "(31 augustus 2026)."
        ),
    ):
        _plan(periods=periods)


def test_plan_period_ending_after_the_year_raises():
    periods = [*PERIODS[:3], (PERIODS[3][0], date(2027, 7, 23))]

    with pytest.raises(
        ValueError,
        match=re.escape(
            "Periode 4 eindigt (23 juli 2027) na de laatste lesdag van het schooljaar "
            "(16 juli 2027)."
        ),
    ):
        _plan(periods=periods)


def test_plan_overlapping_periods_raise():
    periods = [PERIODS[0], (date(2026, 11, 13), PERIODS[1][1]), *PERIODS[2:]]

    with pytest.raises(
        ValueError,
        match=re.escape(
            "Periode 2 begint (13 november 2026) vóór het einde van periode 1 "
            "(13 november 2026); periodes mogen niet overlappen."
        ),
    ):
        _plan(periods=periods)


def test_plan_unordered_periods_raise():
    periods = [PERIODS[0], PERIODS[2], PERIODS[1], PERIODS[3]]

    with pytest.raises(
        ValueError,
        match=re.escape(
            "Periode 3 (16 november 2026) begint vóór periode 2 (8 februari 2027); "
            "zet de periodes op volgorde."
        ),
    ):
        _plan(periods=periods)


def test_plan_holiday_ending_before_it_starts_raises():
    holidays = [(date(2026, 10, 17), date(2026, 10, 25)), (date(2027, 2, 28), date(2027, 2, 20))]

    with pytest.raises(
        ValueError,
        match=re.escape("Vakantie 2 eindigt (20 februari 2027) vóór het begin (28 februari 2027)."),
    ):
        _plan(holidays=holidays)


def test_plan_period_without_teaching_week_raises():
    # Period 3 lies entirely inside the holiday.
    holidays = [(date(2027, 2, 1), date(2027, 4, 18))]

    with pytest.raises(
        ValueError,
        match=re.escape("Periode 3 (8 februari 2027 t/m 16 april 2027) heeft geen lesweken"),
    ):
        _plan(holidays=holidays)


def test_plan_year_with_a_single_teaching_week_raises():
    # Everything but wk36 is holiday, so there is no 2nd week for meeting 1.
    periods = [
        (date(2026, 8, 31), date(2026, 8, 31)),
        (date(2026, 9, 1), date(2026, 9, 1)),
        (date(2026, 9, 2), date(2026, 9, 2)),
        (date(2026, 9, 3), date(2027, 7, 16)),
    ]

    with pytest.raises(ValueError, match="heeft maar één lesweek"):
        _plan(periods=periods, holidays=[(date(2026, 9, 5), date(2027, 7, 31))])


def test_plan_year_without_teaching_days_raises():
    with pytest.raises(ValueError, match="Het schooljaar .* heeft geen lesweken"):
        _plan(holidays=[(date(2026, 1, 1), date(2027, 12, 31))])


# --------------------------------------------------------------------------- date warnings


NAMED_HOLIDAYS = [
    ("Herfstvakantie", date(2026, 10, 17), date(2026, 10, 25)),
    ("Kerstvakantie", date(2026, 12, 19), date(2027, 1, 3)),
]


def _warnings(day: date, *, period=PERIODS[0], period_number=1) -> list[str]:
    return date_warnings(
        day,
        first_day=FIRST_DAY,
        last_day=LAST_DAY,
        holidays=NAMED_HOLIDAYS,
        period=period,
        period_number=period_number,
    )


def test_date_warnings_teaching_day_in_period_is_fine():
    assert _warnings(date(2026, 10, 6)) == []


def test_date_warnings_weekend_day():
    assert _warnings(date(2026, 9, 12)) == ["Zaterdag 12 september 2026 valt in het weekend."]


def test_date_warnings_named_holiday_on_a_weekday():
    assert _warnings(date(2026, 10, 20)) == [
        "Dinsdag 20 oktober 2026 valt in de Herfstvakantie (17 oktober 2026 t/m 25 oktober 2026)."
    ]


def test_date_warnings_weekend_inside_holiday_gives_both():
    assert _warnings(date(2026, 10, 18)) == [
        "Zondag 18 oktober 2026 valt in het weekend.",
        "Zondag 18 oktober 2026 valt in de Herfstvakantie (17 oktober 2026 t/m 25 oktober 2026).",
    ]


def test_date_warnings_outside_numbered_period():
    assert _warnings(date(2026, 11, 17), period=PERIODS[0], period_number=1) == [
        "Dinsdag 17 november 2026 valt buiten periode 1 (31 augustus 2026 t/m 13 november 2026)."
    ]


def test_date_warnings_outside_period_without_number():
    assert _warnings(date(2026, 11, 17), period=PERIODS[0], period_number=None) == [
        "Dinsdag 17 november 2026 valt buiten de periode (31 augustus 2026 t/m 13 november 2026)."
    ]


def test_date_warnings_without_period_ignores_periods():
    # Meetings 1 and 6 belong to no period.
    assert _warnings(date(2027, 7, 13), period=None, period_number=None) == []


def test_date_warnings_outside_the_school_year():
    assert _warnings(date(2027, 7, 20), period=None, period_number=None) == [
        "Dinsdag 20 juli 2027 valt buiten het schooljaar (31 augustus 2026 t/m 16 juli 2027)."
    ]


def test_date_warnings_before_the_year_and_outside_period():
    assert _warnings(date(2026, 8, 25)) == [
        "Dinsdag 25 augustus 2026 valt buiten periode 1 (31 augustus 2026 t/m 13 november 2026).",
        "Dinsdag 25 augustus 2026 valt buiten het schooljaar (31 augustus 2026 t/m 16 juli 2027).",
    ]


# --------------------------------------------------------------------------- helpers


def test_teaching_weeks_skip_whole_holiday_weeks_and_clip_to_the_year():
    weeks = teaching_weeks(
        (date(2026, 10, 1), date(2026, 10, 31)),
        first_day=FIRST_DAY,
        last_day=LAST_DAY,
        holidays=[(date(2026, 10, 17), date(2026, 10, 25))],
    )

    # wk40 (Thu 1 Oct is in the span), wk41, wk42, (43 holiday), wk44.
    assert weeks == [date(2026, 9, 28), date(2026, 10, 5), date(2026, 10, 12), date(2026, 10, 26)]


def test_teaching_days_leave_out_weekends_and_holidays():
    days = teaching_days(
        first_day=date(2026, 10, 15),
        last_day=date(2026, 10, 27),
        holidays=[(date(2026, 10, 17), date(2026, 10, 25))],
    )

    assert days == [date(2026, 10, 15), date(2026, 10, 16), date(2026, 10, 26), date(2026, 10, 27)]


# --------------------------------------------------------------------------- properties


@st.composite
def school_years(draw) -> dict:
    """A random year (any start day, 1–13 months) with random holidays and four periods.

    Holidays may stick out of the year. Periods are either back to back over the year or
    scattered (occasionally a single day), so some spans have no teaching week at all.
    """
    first_day = draw(st.dates(date(2020, 1, 1), date(2030, 12, 31)))
    # Half of the years have a realistic length (40–53 weeks), the rest anything from a month.
    length = draw(
        st.one_of(
            st.integers(min_value=280, max_value=370), st.integers(min_value=30, max_value=400)
        )
    )
    last_day = first_day + timedelta(days=length)
    holidays = draw(
        st.lists(
            st.tuples(
                st.integers(min_value=-30, max_value=length + 30),
                st.integers(min_value=0, max_value=20),
            ).map(
                lambda item: (
                    first_day + timedelta(days=item[0]),
                    first_day + timedelta(days=item[0] + item[1]),
                )
            ),
            max_size=8,
        )
    )
    if draw(st.booleans()):
        periods = _contiguous_periods(draw, first_day, length)
    else:
        periods = _scattered_periods(draw, first_day, length)
    weekday = draw(st.integers(min_value=0, max_value=4))
    return {
        "first_day": first_day,
        "last_day": last_day,
        "periods": periods,
        "holidays": holidays,
        "weekday": weekday,
    }


def _contiguous_periods(draw, first_day: date, length: int) -> list[tuple[date, date]]:
    """Back-to-back periods covering (nearly) the whole year, as schools have them."""
    start = draw(st.integers(min_value=0, max_value=length // 8))
    end = length - draw(st.integers(min_value=0, max_value=length // 8))
    cuts = draw(
        st.lists(
            st.integers(min_value=start + 1, max_value=end), min_size=3, max_size=3, unique=True
        )
    )
    bounds = [start, *sorted(cuts), end + 1]
    return [
        (first_day + timedelta(days=bounds[i]), first_day + timedelta(days=bounds[i + 1] - 1))
        for i in range(4)
    ]


def _scattered_periods(draw, first_day: date, length: int) -> list[tuple[date, date]]:
    """Ordered, disjoint periods anywhere in the year, now and then a single day."""
    offsets = sorted(
        draw(
            st.lists(
                st.integers(min_value=0, max_value=length), min_size=8, max_size=8, unique=True
            )
        )
    )
    periods = []
    for index in range(4):
        start, end = offsets[2 * index], offsets[2 * index + 1]
        if draw(st.integers(min_value=0, max_value=19)) == 0:
            end = start
        periods.append((first_day + timedelta(days=start), first_day + timedelta(days=end)))
    return periods


def _oracle_days(year: dict) -> set[date]:
    """Teaching days straight from the definition, independent of the module."""
    days = set()
    day = year["first_day"]
    while day <= year["last_day"]:
        if day.weekday() < 5 and not any(a <= day <= b for a, b in year["holidays"]):
            days.add(day)
        day += timedelta(days=1)
    return days


def _oracle_weeks(days: set[date], span: tuple[date, date]) -> list[tuple[int, int]]:
    """ISO (year, week) pairs with a teaching day in the span, in order."""
    return sorted({day.isocalendar()[:2] for day in days if span[0] <= day <= span[1]})


def _degenerate(year: dict, days: set[date]) -> bool:
    year_span = (year["first_day"], year["last_day"])
    return len(_oracle_weeks(days, year_span)) < 2 or any(
        not _oracle_weeks(days, period) for period in year["periods"]
    )


@settings(max_examples=200, deadline=None)
@given(school_years())
def test_plan_raises_exactly_when_a_span_lacks_teaching_weeks(year):
    days = _oracle_days(year)

    if _degenerate(year, days):
        with pytest.raises(ValueError):
            plan_schedule(**year)
    else:
        assert len(plan_schedule(**year).dates) == 6


@settings(max_examples=200, deadline=None)
@given(school_years())
def test_plan_invariants_hold_for_random_years(year):
    days = _oracle_days(year)
    assume(not _degenerate(year, days))
    year_span = (year["first_day"], year["last_day"])
    spans = [year_span, *year["periods"], year_span]
    period_weeks = [_oracle_weeks(days, period) for period in year["periods"]]
    year_weeks = _oracle_weeks(days, year_span)
    expected_weeks = [
        year_weeks[1],
        *(weeks[min(6, len(weeks)) - 1] for weeks in period_weeks),
        year_weeks[-1],
    ]

    plan = plan_schedule(**year)

    assert plan_meeting_dates(**year) == plan.dates
    assert len(plan.dates) == 6
    for meeting, (day, span, week) in enumerate(
        zip(plan.dates, spans, expected_weeks, strict=True), start=1
    ):
        assert day in days, f"meeting {meeting} is not on a teaching day"
        assert span[0] <= day <= span[1], f"meeting {meeting} is outside its span"
        assert day.isocalendar()[:2] == week, f"meeting {meeting} is in the wrong week"
        wanted = day + timedelta(days=year["weekday"] - day.weekday())
        if wanted in days and span[0] <= wanted <= span[1]:
            assert day == wanted, f"meeting {meeting} is not on the team's weekday"
        else:
            candidates = [
                day + timedelta(days=offset - day.weekday())
                for offset in range(5)
                if day + timedelta(days=offset - day.weekday()) in days
            ]
            in_span = [c for c in candidates if span[0] <= c <= span[1]]
            nearest = min(in_span, key=lambda c: (abs(c.weekday() - year["weekday"]), c))
            assert day == nearest, f"meeting {meeting} is not on the nearest teaching day"
            assert any(f"Bijeenkomst {meeting} staat op" in w for w in plan.warnings)
    # Meetings 2–5 lie in disjoint, ordered periods, so they are strictly increasing.
    assert plan.dates[1] < plan.dates[2] < plan.dates[3] < plan.dates[4]
    # Meetings 1 and 6 use the whole year; they are in order when period 1 has at least
    # three teaching weeks and period 4 at least seven, and otherwise a warning says so.
    if len(period_weeks[0]) >= 3 and len(period_weeks[3]) >= 7:
        assert plan.dates == sorted(set(plan.dates))
    disorder = sum(
        after <= before for before, after in zip(plan.dates, plan.dates[1:], strict=False)
    )
    order_warnings = [w for w in plan.warnings if "vóór bijeenkomst" in w or "allebei op" in w]
    assert len(order_warnings) == disorder
    for number, weeks in enumerate(period_weeks, start=1):
        short = any(w.startswith(f"Periode {number} heeft maar") for w in plan.warnings)
        assert short == (len(weeks) < 6)
