"""Official Dutch school holidays (meetings.school_holidays): offline, no Django.

The expected ranges are those of Rijksoverheid for 2026–2027 as shipped by `holidays`
0.109; the package includes the weekends around each holiday (Saturday to Sunday).
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from meetings import school_holidays as module
from meetings.schedule import plan_schedule
from meetings.school_holidays import (
    REGIONS,
    official_days_off,
    school_holidays,
    suggest_school_year,
)

YEAR_2026 = (date(2026, 8, 1), date(2027, 7, 31))


def test_regions_are_the_three_official_ones():
    assert REGIONS == ("noord", "midden", "zuid")


def test_school_holidays_midden_2026_2027():
    holidays = school_holidays("midden", *YEAR_2026)

    assert holidays == [
        ("Zomervakantie", date(2026, 7, 18), date(2026, 8, 30)),
        ("Herfstvakantie", date(2026, 10, 17), date(2026, 10, 25)),
        ("Kerstvakantie", date(2026, 12, 19), date(2027, 1, 3)),
        ("Voorjaarsvakantie", date(2027, 2, 20), date(2027, 2, 28)),
        ("Meivakantie", date(2027, 4, 24), date(2027, 5, 2)),
        ("Zomervakantie", date(2027, 7, 17), date(2027, 8, 29)),
    ]


def test_school_holidays_noord_2026_2027():
    holidays = school_holidays("noord", *YEAR_2026)

    assert holidays == [
        ("Zomervakantie", date(2026, 7, 4), date(2026, 8, 16)),
        ("Herfstvakantie", date(2026, 10, 10), date(2026, 10, 18)),
        ("Kerstvakantie", date(2026, 12, 19), date(2027, 1, 3)),
        ("Voorjaarsvakantie", date(2027, 2, 20), date(2027, 2, 28)),
        ("Meivakantie", date(2027, 4, 24), date(2027, 5, 2)),
        ("Zomervakantie", date(2027, 7, 10), date(2027, 8, 22)),
    ]


def test_school_holidays_zuid_2026_2027():
    holidays = school_holidays("zuid", *YEAR_2026)

    assert holidays == [
        ("Zomervakantie", date(2026, 7, 11), date(2026, 8, 23)),
        ("Herfstvakantie", date(2026, 10, 17), date(2026, 10, 25)),
        ("Kerstvakantie", date(2026, 12, 19), date(2027, 1, 3)),
        ("Voorjaarsvakantie", date(2027, 2, 13), date(2027, 2, 21)),
        ("Meivakantie", date(2027, 4, 24), date(2027, 5, 2)),
        ("Zomervakantie", date(2027, 7, 24), date(2027, 9, 5)),
    ]


@pytest.mark.parametrize("region", REGIONS)
def test_school_holidays_run_from_saturday_to_sunday(region):
    holidays = school_holidays(region, *YEAR_2026)

    assert all(first.weekday() == 5 and last.weekday() == 6 for _n, first, last in holidays)


def test_school_holidays_christmas_is_returned_whole_across_new_year():
    # Asking up to 31 December still gives the whole Kerstvakantie, up to 3 January.
    holidays = school_holidays("midden", date(2026, 12, 1), date(2026, 12, 31))

    assert holidays == [("Kerstvakantie", date(2026, 12, 19), date(2027, 1, 3))]


def test_school_holidays_only_those_overlapping_the_dates():
    # 25 October is the last day of the Herfstvakantie; 19 December the first of Kerst.
    holidays = school_holidays("midden", date(2026, 10, 25), date(2026, 12, 19))

    assert [name for name, _first, _last in holidays] == ["Herfstvakantie", "Kerstvakantie"]


def test_school_holidays_region_is_case_insensitive():
    assert school_holidays("Midden", *YEAR_2026) == school_holidays("midden", *YEAR_2026)


def test_school_holidays_unknown_region_raises():
    with pytest.raises(ValueError, match="Onbekende regio 'oost'; kies noord, midden of zuid."):
        school_holidays("oost", *YEAR_2026)


def test_school_holidays_end_before_start_raises():
    with pytest.raises(ValueError, match="ligt vóór de begindatum"):
        school_holidays("midden", date(2027, 1, 1), date(2026, 1, 1))


def test_school_holidays_years_without_data_give_nothing():
    assert school_holidays("midden", date(2035, 8, 1), date(2036, 7, 31)) == []


def test_school_holidays_merge_parts_split_by_a_weekend(monkeypatch):
    # A package that lists only weekdays: Mon 19–Fri 23 and Mon 26–Tue 27 Oct 2026 must
    # become one Herfstvakantie; the Studiedag on Tue 27 and Wed 28 Oct is its own range.
    days = {date(2026, 10, 19) + timedelta(days=offset): "Herfstvakantie" for offset in range(5)}
    days[date(2026, 10, 26)] = "Herfstvakantie"
    days[date(2026, 10, 27)] = "Herfstvakantie; Studiedag"
    days[date(2026, 10, 28)] = "Studiedag"
    monkeypatch.setattr(
        module.holidays_package, "country_holidays", lambda *args, **kwargs: _FakeCalendar(days)
    )

    holidays = school_holidays("midden", date(2026, 10, 1), date(2026, 10, 31))

    assert holidays == [
        ("Herfstvakantie", date(2026, 10, 19), date(2026, 10, 27)),
        ("Studiedag", date(2026, 10, 27), date(2026, 10, 28)),
    ]


class _FakeCalendar(dict):
    """The part of holidays.HolidayBase that the module uses."""

    def get_list(self, day: date) -> list[str]:
        return self[day].split("; ")


# --------------------------------------------------------------------------- suggestions


def test_suggest_school_year_midden_2026():
    # Summer midden ends Sun 30 Aug 2026 and starts Sat 17 Jul 2027. The 41 teaching weeks
    # (wk36 2026 – wk28 2027 without wk43, 52, 53, 8, 17) split 11 + 10 + 10 + 10.
    suggestion = suggest_school_year("midden", 2026)

    assert suggestion["first_day"] == date(2026, 8, 31)
    assert suggestion["last_day"] == date(2027, 7, 16)
    assert suggestion["periods"] == [
        (date(2026, 8, 31), date(2026, 11, 20)),  # wk36–47, 11 weeks without wk43
        (date(2026, 11, 23), date(2027, 2, 12)),  # wk48–6, 10 weeks without wk52, 53
        (date(2027, 2, 15), date(2027, 5, 7)),  # wk7–18, 10 weeks without wk8, 17
        (date(2027, 5, 10), date(2027, 7, 16)),  # wk19–28, 10 weeks
    ]
    assert suggestion["holidays"] == school_holidays("midden", date(2026, 8, 31), date(2027, 7, 16))
    assert [name for name, _f, _l in suggestion["holidays"]] == [
        "Herfstvakantie",
        "Kerstvakantie",
        "Voorjaarsvakantie",
        "Meivakantie",
    ]


def test_suggest_school_year_midden_2027():
    # Summer midden ends Sun 29 Aug 2027 and starts Sat 8 Jul 2028.
    suggestion = suggest_school_year("midden", 2027)

    assert suggestion["first_day"] == date(2027, 8, 30)
    assert suggestion["last_day"] == date(2028, 7, 7)


@pytest.mark.parametrize("start_year", [2026, 2027])
def test_suggest_school_year_midden_periods_are_consecutive_weeks(start_year):
    suggestion = suggest_school_year("midden", start_year)
    first_day, last_day = suggestion["first_day"], suggestion["last_day"]
    periods = suggestion["periods"]

    assert first_day.weekday() == 0 and last_day.weekday() == 4
    assert len(periods) == 4
    assert periods[0][0] == first_day and periods[-1][1] == last_day
    assert all(start.weekday() == 0 and end.weekday() == 4 for start, end in periods)
    assert all(start < end for start, end in periods)
    assert all(before[1] < after[0] for before, after in zip(periods, periods[1:], strict=False))


@pytest.mark.parametrize("region", REGIONS)
@pytest.mark.parametrize("start_year", [2026, 2027])
def test_suggest_school_year_can_be_planned_without_warnings(region, start_year):
    suggestion = suggest_school_year(region, start_year)

    plan = plan_schedule(
        first_day=suggestion["first_day"],
        last_day=suggestion["last_day"],
        periods=suggestion["periods"],
        holidays=[(first, last) for _name, first, last in suggestion["holidays"]],
        weekday=1,
    )

    assert len(plan.dates) == 6
    assert plan.warnings == []


def test_suggest_school_year_zuid_2027_starts_after_the_late_summer():
    # Zuid's summer of 2027 runs to Sun 5 Sep; that of 2028 starts Sat 22 Jul.
    suggestion = suggest_school_year("zuid", 2027)

    assert suggestion["first_day"] == date(2027, 9, 6)
    assert suggestion["last_day"] == date(2028, 7, 21)


def test_suggest_school_year_without_data_falls_back_to_september_and_july():
    # 1 Sep 2035 is a Saturday, so Monday 3 Sep; 14 Jul 2036 is a Monday, so Friday 11 Jul.
    suggestion = suggest_school_year("midden", 2035)

    assert suggestion["first_day"] == date(2035, 9, 3)
    assert suggestion["last_day"] == date(2036, 7, 11)
    assert suggestion["holidays"] == []
    assert len(suggestion["periods"]) == 4


def test_suggest_school_year_with_half_the_data_leaves_holidays_out():
    # The package knows the summer of 2030 (midden: until Sun 25 Aug) but nothing of 2031,
    # so the year ends on the fallback Friday 11 Jul 2031 and no partial holidays are given.
    suggestion = suggest_school_year("midden", 2030)

    assert suggestion["first_day"] == date(2030, 8, 26)
    assert suggestion["last_day"] == date(2031, 7, 11)
    assert suggestion["holidays"] == []


def test_suggest_school_year_unknown_region_raises():
    with pytest.raises(ValueError, match="Onbekende regio"):
        suggest_school_year("oost", 2026)


def test_official_days_off_adds_public_holidays_on_weekdays_outside_school_holidays():
    days_off = official_days_off("midden", date(2026, 8, 31), date(2027, 7, 16))

    single_days = [(name, first) for name, first, last in days_off if first == last]
    # Koningsdag (Tuesday 27 April 2027) falls inside the Meivakantie, so it is not repeated.
    assert single_days == [
        ("Goede vrijdag", date(2027, 3, 26)),
        ("Tweede paasdag", date(2027, 3, 29)),
        ("Hemelvaartsdag", date(2027, 5, 6)),
        ("Tweede pinksterdag", date(2027, 5, 17)),
    ]
    assert [name for name, first, last in days_off if first != last] == [
        "Herfstvakantie",
        "Kerstvakantie",
        "Voorjaarsvakantie",
        "Meivakantie",
    ]
