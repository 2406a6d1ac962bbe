"""The yearly schedule of the six theme meetings (DESIGN.md, "The yearly schedule").

Plain dates in, plain data out: no ORM and no request here, so the rule can be tested
exhaustively and reused by forms, views and the year roll-over alike.

The rule (seed 000, "Jaarplanning en randvoorwaarden"):

- a *teaching day* is a Monday–Friday inside [first_day, last_day] that is in no holiday;
- an ISO week (Monday to Sunday) is a *teaching week* of a span when at least one of its
  teaching days lies in that span, so a week that falls entirely in a holiday does not count;
- meeting 1 is in the 2nd teaching week of the school year, meetings 2–5 in the 6th teaching
  week of periods 1–4 (the last teaching week of a period that has fewer than six, with a
  warning), meeting 6 in the last teaching week of the school year;
- in the chosen week the meeting is on the team's weekday or, when that is no teaching day
  of the span, on the nearest teaching day of that week in the span (the earlier on a tie).

Warnings and errors are lazy strings (meetings/i18n.py): English msgids, translated and with
their dates formatted in the reader's language when they are shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from meetings.i18n import date_range, long_date, message, weekday_name

MEETINGS_PER_YEAR = 6
PERIODS_PER_YEAR = 4
PERIOD_MEETING_WEEK = 6
"""Meetings 2–5 fall in this teaching week of their period."""
YEAR_MEETING_WEEK = 2
"""Meeting 1 falls in this teaching week of the school year."""

DateRange = tuple[date, date]


@dataclass(frozen=True)
class SchedulePlan:
    """The planned dates of meetings 1–6 plus what the planner should double-check."""

    dates: list[date]
    warnings: list[Promise]


# --------------------------------------------------------------------------- public API


def plan_meeting_dates(
    *,
    first_day: date,
    last_day: date,
    periods: Sequence[DateRange],
    holidays: Sequence[DateRange],
    weekday: int,
) -> list[date]:
    """Return the six meeting dates, meeting 1 first (see the module docstring for the rule).

    Raises ValueError (a translatable message) on invalid input.
    """
    return plan_schedule(
        first_day=first_day,
        last_day=last_day,
        periods=periods,
        holidays=holidays,
        weekday=weekday,
    ).dates


def plan_schedule(
    *,
    first_day: date,
    last_day: date,
    periods: Sequence[DateRange],
    holidays: Sequence[DateRange],
    weekday: int,
) -> SchedulePlan:
    """Plan the six meetings and collect warnings for the planner.

    Warnings are not errors: a short period, a meeting moved off the team's weekday, or two
    meetings out of order are all plannable, but the team leader should look at them.
    """
    _validate(first_day=first_day, last_day=last_day, periods=periods, weekday=weekday)
    _validate_holidays(holidays)
    days = _teaching_days(first_day, last_day, holidays)
    year = (first_day, last_day)
    warnings: list[Promise] = []

    year_weeks = _weeks_of(days, year)
    if not year_weeks:
        raise ValueError(
            message(
                _(
                    "The school year (%(range)s) has no teaching weeks: all days fall in the "
                    "weekend or in a holiday."
                ),
                range=date_range(*year),
            )
        )
    if len(year_weeks) < YEAR_MEETING_WEEK:
        raise ValueError(
            message(
                _(
                    "The school year (%(range)s) has only one teaching week; meeting 1 belongs "
                    "in teaching week %(week)s."
                ),
                range=date_range(*year),
                week=YEAR_MEETING_WEEK,
            )
        )

    # (meeting number, span, Monday of the chosen week)
    choices: list[tuple[int, DateRange, date]] = [(1, year, year_weeks[YEAR_MEETING_WEEK - 1])]
    for number, period in enumerate(periods, start=1):
        meeting = number + 1
        weeks = _weeks_of(days, period)
        if not weeks:
            raise ValueError(
                message(
                    _(
                        "Period %(number)s (%(range)s) has no teaching weeks: all days fall in "
                        "the weekend, in a holiday or outside the school year."
                    ),
                    number=number,
                    range=date_range(*period),
                )
            )
        if len(weeks) < PERIOD_MEETING_WEEK:
            warnings.append(_short_period_warning(number, len(weeks), meeting))
        choices.append((meeting, period, weeks[min(PERIOD_MEETING_WEEK, len(weeks)) - 1]))
    choices.append((MEETINGS_PER_YEAR, year, year_weeks[-1]))

    dates: list[date] = []
    for meeting, span, monday in choices:
        day = _day_in_week(monday, weekday, span, days)
        if day.weekday() != weekday:
            wanted = monday + timedelta(days=weekday)
            warnings.append(_moved_day_warning(meeting, day, wanted, wanted in days))
        dates.append(day)
    warnings.extend(_order_warnings(dates))
    return SchedulePlan(dates=dates, warnings=warnings)


def date_warnings(
    day: date,
    *,
    first_day: date,
    last_day: date,
    holidays: Sequence[tuple[str, date, date]],
    period: DateRange | None,
    period_number: int | None = None,
) -> list[Promise]:
    """Warnings for a meeting date chosen by hand; empty when the date looks fine.

    The team leader may move any meeting (schools deviate from the official calendar), so
    these only warn: weekend, a named holiday, outside the meeting's period, outside the year.
    """
    warnings: list[Promise] = []
    label = capfirst(long_date(day, weekday=True))
    if day.weekday() >= 5:
        warnings.append(message(_("%(day)s falls in the weekend."), day=label))
    for name, start, end in holidays:
        if start <= day <= end:
            warnings.append(
                message(
                    _("%(day)s falls in the %(holiday)s (%(range)s)."),
                    day=label,
                    holiday=name,
                    range=date_range(start, end),
                )
            )
    if period is not None and not period[0] <= day <= period[1]:
        if period_number is not None:
            text = _("%(day)s falls outside period %(number)s (%(range)s).")
        else:
            text = _("%(day)s falls outside the period (%(range)s).")
        warnings.append(message(text, day=label, number=period_number, range=date_range(*period)))
    if not first_day <= day <= last_day:
        warnings.append(
            message(
                _("%(day)s falls outside the school year (%(range)s)."),
                day=label,
                range=date_range(first_day, last_day),
            )
        )
    return warnings


def teaching_days(*, first_day: date, last_day: date, holidays: Sequence[DateRange]) -> list[date]:
    """All teaching days of the school year in date order (weekdays that are no holiday)."""
    return sorted(_teaching_days(first_day, last_day, holidays))


def teaching_weeks(
    span: DateRange, *, first_day: date, last_day: date, holidays: Sequence[DateRange]
) -> list[date]:
    """The teaching weeks of `span`, each as its Monday, in date order.

    A week counts when at least one of its teaching days lies in the span; a week that is
    entirely holiday (or outside the school year) does not.
    """
    return _weeks_of(_teaching_days(first_day, last_day, holidays), span)


# --------------------------------------------------------------------------- validation


def _validate(
    *, first_day: date, last_day: date, periods: Sequence[DateRange], weekday: int
) -> None:
    """Reject input the rule cannot sensibly plan with, in the order a planner fixes it."""
    if isinstance(weekday, bool) or weekday not in range(5):
        raise ValueError(
            message(
                _("The weekday must be between 0 (Monday) and 4 (Friday), not %(weekday)r."),
                weekday=weekday,
            )
        )
    if last_day < first_day:
        raise ValueError(
            message(
                _(
                    "The last teaching day (%(last)s) comes before the first teaching day "
                    "(%(first)s)."
                ),
                last=long_date(last_day),
                first=long_date(first_day),
            )
        )
    if len(periods) != PERIODS_PER_YEAR:
        raise ValueError(
            message(
                _("A school year has exactly %(expected)s periods, not %(count)s."),
                expected=PERIODS_PER_YEAR,
                count=len(periods),
            )
        )
    for number, (start, end) in enumerate(periods, start=1):
        if end < start:
            raise ValueError(
                message(
                    _("Period %(number)s ends (%(end)s) before it starts (%(start)s)."),
                    number=number,
                    end=long_date(end),
                    start=long_date(start),
                )
            )
        if start < first_day:
            raise ValueError(
                message(
                    _(
                        "Period %(number)s starts (%(start)s) before the first teaching day of "
                        "the school year (%(first)s)."
                    ),
                    number=number,
                    start=long_date(start),
                    first=long_date(first_day),
                )
            )
        if end > last_day:
            raise ValueError(
                message(
                    _(
                        "Period %(number)s ends (%(end)s) after the last teaching day of the "
                        "school year (%(last)s)."
                    ),
                    number=number,
                    end=long_date(end),
                    last=long_date(last_day),
                )
            )
    for number, ((prev_start, prev_end), (start, _end)) in enumerate(
        zip(periods, periods[1:], strict=False), start=2
    ):
        if start < prev_start:
            raise ValueError(
                message(
                    _(
                        "Period %(number)s (%(start)s) starts before period %(previous)s "
                        "(%(previous_start)s); put the periods in order."
                    ),
                    number=number,
                    start=long_date(start),
                    previous=number - 1,
                    previous_start=long_date(prev_start),
                )
            )
        if start <= prev_end:
            raise ValueError(
                message(
                    _(
                        "Period %(number)s starts (%(start)s) before the end of period "
                        "%(previous)s (%(previous_end)s); periods may not overlap."
                    ),
                    number=number,
                    start=long_date(start),
                    previous=number - 1,
                    previous_end=long_date(prev_end),
                )
            )


def _validate_holidays(holidays: Sequence[DateRange]) -> None:
    """A holiday ending before it starts is a typo the planner must see, not silently skip."""
    for number, (start, end) in enumerate(holidays, start=1):
        if end < start:
            raise ValueError(
                message(
                    _("Holiday %(number)s ends (%(end)s) before it starts (%(start)s)."),
                    number=number,
                    end=long_date(end),
                    start=long_date(start),
                )
            )


# --------------------------------------------------------------------------- the rule


def _teaching_days(
    first_day: date, last_day: date, holidays: Sequence[DateRange]
) -> frozenset[date]:
    """Weekdays of the year outside every holiday; holidays are clipped to the year first."""
    off: set[date] = set()
    for start, end in holidays:
        off.update(_days(max(start, first_day), min(end, last_day)))
    return frozenset(
        day for day in _days(first_day, last_day) if day.weekday() < 5 and day not in off
    )


def _weeks_of(days: frozenset[date], span: DateRange) -> list[date]:
    """Mondays of the weeks with at least one of `days` inside `span`, in date order."""
    start, end = span
    return sorted({_monday(day) for day in days if start <= day <= end})


def _day_in_week(monday: date, weekday: int, span: DateRange, days: frozenset[date]) -> date:
    """The team's weekday in this week, else the nearest teaching day there (earlier on a tie).

    The week is a teaching week of the span, so there is always at least one candidate.
    """
    start, end = span
    candidates = [
        day
        for day in (monday + timedelta(days=offset) for offset in range(5))
        if day in days and start <= day <= end
    ]
    return min(candidates, key=lambda day: (abs(day.weekday() - weekday), day))


def _order_warnings(dates: list[date]) -> list[Promise]:
    """Meetings 2–5 are ordered by their periods, but 1 and 6 use the whole year, so odd
    periods (a first period of one or two weeks, a short last period) can put a meeting on
    or before the previous one."""
    warnings = []
    for number, (before, after) in enumerate(zip(dates, dates[1:], strict=False), start=1):
        if after == before:
            warnings.append(
                message(
                    _("Meetings %(number)s and %(next)s both fall on %(day)s; move one of them."),
                    number=number,
                    next=number + 1,
                    day=long_date(after, weekday=True),
                )
            )
        elif after < before:
            warnings.append(
                message(
                    _(
                        "Meeting %(next)s (%(next_day)s) falls before meeting %(number)s "
                        "(%(day)s); check the periods."
                    ),
                    next=number + 1,
                    next_day=long_date(after, weekday=True),
                    number=number,
                    day=long_date(before, weekday=True),
                )
            )
    return warnings


def _short_period_warning(period_number: int, weeks: int, meeting: int) -> Promise:
    return message(
        ngettext_lazy(
            "Period %(period)s has only %(weeks)s teaching week; meeting %(meeting)s is in the "
            "last teaching week of the period.",
            "Period %(period)s has only %(weeks)s teaching weeks; meeting %(meeting)s is in the "
            "last teaching week of the period.",
            weeks,
        ),
        period=period_number,
        weeks=weeks,
        meeting=meeting,
    )


def _moved_day_warning(meeting: int, day: date, wanted: date, teaching_day: bool) -> Promise:
    """`wanted` (the team's weekday) was no teaching day, or one outside the period."""
    if teaching_day:
        text = _(
            "Meeting %(meeting)s is on %(day)s instead of %(weekday)s, because %(wanted)s "
            "falls outside period %(period)s."
        )
    else:
        text = _(
            "Meeting %(meeting)s is on %(day)s instead of %(weekday)s, because %(wanted)s is "
            "no teaching day."
        )
    return message(
        text,
        meeting=meeting,
        day=long_date(day, weekday=True),
        weekday=weekday_name(wanted),
        wanted=long_date(wanted, weekday=True),
        period=meeting - 1,
    )


# --------------------------------------------------------------------------- small helpers


def _days(start: date, end: date) -> list[date]:
    """Every day from start to end inclusive (empty when end < start)."""
    return [start + timedelta(days=offset) for offset in range((end - start).days + 1)]


def _monday(day: date) -> date:
    """The Monday of the ISO week of `day`: the key that identifies a week."""
    return day - timedelta(days=day.weekday())
