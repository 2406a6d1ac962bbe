"""The official Dutch school holidays per region, offline, from the `holidays` package.

They are the starting point of a school year's plan (DESIGN.md: schools, MBO especially,
deviate, so every date stays editable). The package (0.109) has the school holidays of
2014 up to and including 2030 (2030 without the autumn holiday), with Dutch names and with
the surrounding weekends included, e.g. Herfstvakantie midden 2026 = Sat 17 to Sun 25 October.
The holidays keep the package's Dutch names (they are the school's data, editable by the
team leader); errors are lazy translatable messages (meetings/i18n.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

import holidays as holidays_package
from django.utils.translation import gettext_lazy as _

from meetings.i18n import date_range, long_date, message
from meetings.schedule import teaching_weeks

REGIONS = ("noord", "midden", "zuid")

_SUBDIVISIONS = {"noord": "Noord", "midden": "Midden", "zuid": "Zuid"}
_SUMMER = "Zomervakantie"
_PERIODS = 4

HolidayRange = tuple[str, date, date]


def school_holidays(region: str, first_day: date, last_day: date) -> list[HolidayRange]:
    """The school holidays overlapping [first_day, last_day] as (name, first, last), in order.

    Ranges are not clipped to the requested dates: a Kerstvakantie that starts in December
    is returned whole, so the planner sees the real holiday. Years the package has no data
    for simply contribute nothing.
    """
    if last_day < first_day:
        raise ValueError(
            message(
                _("The end date (%(last)s) comes before the start date (%(first)s)."),
                last=long_date(last_day),
                first=long_date(first_day),
            )
        )
    # One extra year on each side so holidays crossing New Year come back whole.
    ranges = _holiday_ranges(region, range(first_day.year - 1, last_day.year + 2))
    return [item for item in ranges if item[1] <= last_day and item[2] >= first_day]


#: Public holidays on which schools are closed; the package's "school" category leaves them out.
DAYS_OFF = ("Goede vrijdag", "Tweede paasdag", "Koningsdag", "Hemelvaartsdag", "Tweede pinksterdag")


def official_days_off(region: str, first_day: date, last_day: date) -> list[HolidayRange]:
    """The school holidays plus the public holidays on a weekday outside them, in date order.

    What a new school year starts from: a Koningsdag or Hemelvaartsdag on the team's meeting
    day must move the meeting just like a holiday week does.
    """
    ranges = school_holidays(region, first_day, last_day)
    calendar = holidays_package.country_holidays(
        "NL", years=range(first_day.year, last_day.year + 1), language="nl"
    )
    for day, name in calendar.items():
        inside = any(start <= day <= end for _name, start, end in ranges)
        if name in DAYS_OFF and first_day <= day <= last_day and day.weekday() < 5 and not inside:
            ranges.append((name, day, day))
    return sorted(ranges, key=lambda item: (item[1], item[2], item[0]))


def suggest_school_year(region: str, start_year: int) -> dict:
    """Sensible defaults for the school year that starts after the summer of `start_year`.

    Returns {"first_day", "last_day", "periods", "holidays"}: the first Monday after the
    region's summer holiday, the Friday before next year's summer holiday, four periods
    splitting the teaching weeks into nearly equal consecutive blocks (Monday to Friday),
    and the school holidays in between. Without package data for a summer the fallback is
    the first Monday of September or the last Friday before 15 July, and no holidays.
    """
    ranges = _holiday_ranges(region, range(start_year, start_year + 2))
    summer_before = _summer(ranges, start_year)
    summer_after = _summer(ranges, start_year + 1)
    if summer_before is not None:
        first_day = _next_weekday(summer_before[2] + timedelta(days=1), 0)
    else:
        first_day = _next_weekday(date(start_year, 9, 1), 0)
    if summer_after is not None:
        last_day = _previous_weekday(summer_after[1] - timedelta(days=1), 4)
    else:
        last_day = _previous_weekday(date(start_year + 1, 7, 14), 4)
    # Without both summers the package does not cover this school year, and a partial list
    # (say a Kerstvakantie cut off at 31 December) would mislead more than an empty one.
    if summer_before is not None and summer_after is not None:
        holidays = school_holidays(region, first_day, last_day)
    else:
        holidays = []
    periods = _split_into_periods(first_day, last_day, [(h[1], h[2]) for h in holidays])
    return {
        "first_day": first_day,
        "last_day": last_day,
        "periods": periods,
        "holidays": holidays,
    }


def _holiday_ranges(region: str, years: range) -> list[HolidayRange]:
    """All school holidays of the region in `years`, merged into (name, first, last) ranges."""
    subdivision = _SUBDIVISIONS.get(region.strip().lower()) if isinstance(region, str) else None
    if subdivision is None:
        raise ValueError(
            message(_("Unknown region %(region)r; choose noord, midden or zuid."), region=region)
        )
    calendar = holidays_package.country_holidays(
        "NL", subdiv=subdivision, years=years, categories=("school",), language="nl"
    )
    # A day can carry several names ("A; B"); each name is its own holiday.
    days = sorted((day, name) for day in calendar for name in calendar.get_list(day))
    return _merge(days)


def _merge(days: Sequence[tuple[date, str]]) -> list[HolidayRange]:
    """Join the days of one holiday into ranges, also across a weekend-only gap.

    The package already lists the weekends, but bridging them keeps the merge right should
    a future version list weekdays only.
    """
    ranges: list[HolidayRange] = []
    for day, name in sorted(days, key=lambda item: (item[1], item[0])):
        if ranges and ranges[-1][0] == name and _only_weekend_between(ranges[-1][2], day):
            ranges[-1] = (name, ranges[-1][1], max(ranges[-1][2], day))
        else:
            ranges.append((name, day, day))
    return sorted(ranges, key=lambda item: (item[1], item[2], item[0]))


def _only_weekend_between(before: date, after: date) -> bool:
    """True when every day strictly between the two dates is a Saturday or Sunday."""
    day = before + timedelta(days=1)
    while day < after:
        if day.weekday() < 5:
            return False
        day += timedelta(days=1)
    return True


def _summer(ranges: Sequence[HolidayRange], year: int) -> HolidayRange | None:
    """The summer holiday that starts in `year`, if the package knows it."""
    return next((r for r in ranges if r[0] == _SUMMER and r[1].year == year), None)


def _split_into_periods(
    first_day: date, last_day: date, holidays: Sequence[tuple[date, date]]
) -> list[tuple[date, date]]:
    """Four consecutive periods of nearly equal numbers of teaching weeks.

    Each period runs from the Monday of its first teaching week to the Friday of its last
    (clipped to the year), so whole-holiday weeks between two blocks belong to no period.
    The first blocks get the extra weeks, matching the usual longer autumn periods.
    """
    weeks = teaching_weeks(
        (first_day, last_day), first_day=first_day, last_day=last_day, holidays=holidays
    )
    if len(weeks) < _PERIODS:
        raise ValueError(
            message(
                _("The school year (%(range)s) has too few teaching weeks for four periods."),
                range=date_range(first_day, last_day),
            )
        )
    size, extra = divmod(len(weeks), _PERIODS)
    periods = []
    start = 0
    for index in range(_PERIODS):
        block = weeks[start : start + size + (1 if index < extra else 0)]
        start += len(block)
        periods.append((max(block[0], first_day), min(block[-1] + timedelta(days=4), last_day)))
    return periods


def _next_weekday(day: date, weekday: int) -> date:
    """`day` itself when it is on `weekday`, else the first such day after it."""
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def _previous_weekday(day: date, weekday: int) -> date:
    """`day` itself when it is on `weekday`, else the last such day before it."""
    return day - timedelta(days=(day.weekday() - weekday) % 7)
