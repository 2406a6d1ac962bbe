"""The yearly schedule of the six theme meetings (DESIGN.md, "The yearly schedule").

Plain dates in, plain data out: no Django here, so the rule can be tested exhaustively and
reused by forms, views and the year roll-over alike.

The rule (seed 000, "Jaarplanning en randvoorwaarden"):

- a *teaching day* is a Monday–Friday inside [first_day, last_day] that is in no holiday;
- an ISO week (Monday to Sunday) is a *teaching week* of a span when at least one of its
  teaching days lies in that span, so a week that falls entirely in a holiday does not count;
- meeting 1 is in the 2nd teaching week of the school year, meetings 2–5 in the 6th teaching
  week of periods 1–4 (the last teaching week of a period that has fewer than six, with a
  warning), meeting 6 in the last teaching week of the school year;
- in the chosen week the meeting is on the team's weekday or, when that is no teaching day
  of the span, on the nearest teaching day of that week in the span (the earlier on a tie).

Messages are Dutch because they are shown as-is to the team leader in forms.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

MEETINGS_PER_YEAR = 6
PERIODS_PER_YEAR = 4
PERIOD_MEETING_WEEK = 6
"""Meetings 2–5 fall in this teaching week of their period."""
YEAR_MEETING_WEEK = 2
"""Meeting 1 falls in this teaching week of the school year."""

_WEEKDAYS_NL = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
_MONTHS_NL = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)

DateRange = tuple[date, date]


@dataclass(frozen=True)
class SchedulePlan:
    """The planned dates of meetings 1–6 plus what the planner should double-check."""

    dates: list[date]
    warnings: list[str]


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

    Raises ValueError (Dutch message) on invalid input.
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
    """Plan the six meetings and collect Dutch warnings for the planner.

    Warnings are not errors: a short period, a meeting moved off the team's weekday, or two
    meetings out of order are all plannable, but the team leader should look at them.
    """
    _validate(first_day=first_day, last_day=last_day, periods=periods, weekday=weekday)
    _validate_holidays(holidays)
    days = _teaching_days(first_day, last_day, holidays)
    year = (first_day, last_day)
    warnings: list[str] = []

    year_weeks = _weeks_of(days, year)
    if not year_weeks:
        raise ValueError(
            f"Het schooljaar ({nl_range(year)}) heeft geen lesweken: "
            "alle dagen vallen in het weekend of in een vakantie."
        )
    if len(year_weeks) < YEAR_MEETING_WEEK:
        raise ValueError(
            f"Het schooljaar ({nl_range(year)}) heeft maar één lesweek; "
            f"bijeenkomst 1 hoort in de {YEAR_MEETING_WEEK}e lesweek."
        )

    # (meeting number, span, Monday of the chosen week)
    choices: list[tuple[int, DateRange, date]] = [(1, year, year_weeks[YEAR_MEETING_WEEK - 1])]
    for number, period in enumerate(periods, start=1):
        meeting = number + 1
        weeks = _weeks_of(days, period)
        if not weeks:
            raise ValueError(
                f"Periode {number} ({nl_range(period)}) heeft geen lesweken: alle dagen "
                "vallen in het weekend, in een vakantie of buiten het schooljaar."
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
            reason = (
                "geen lesdag is" if wanted not in days else f"buiten periode {meeting - 1} valt"
            )
            warnings.append(_moved_day_warning(meeting, day, wanted, reason))
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
) -> list[str]:
    """Dutch warnings for a meeting date chosen by hand; empty when the date looks fine.

    The team leader may move any meeting (schools deviate from the official calendar), so
    these only warn: weekend, a named holiday, outside the meeting's period, outside the year.
    """
    warnings: list[str] = []
    label = nl_date(day, weekday=True)
    label = label[0].upper() + label[1:]
    if day.weekday() >= 5:
        warnings.append(f"{label} valt in het weekend.")
    for name, start, end in holidays:
        if start <= day <= end:
            warnings.append(f"{label} valt in de {name} ({nl_range((start, end))}).")
    if period is not None and not period[0] <= day <= period[1]:
        which = f"periode {period_number}" if period_number is not None else "de periode"
        warnings.append(f"{label} valt buiten {which} ({nl_range(period)}).")
    if not first_day <= day <= last_day:
        warnings.append(f"{label} valt buiten het schooljaar ({nl_range((first_day, last_day))}).")
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
            f"De weekdag moet tussen 0 (maandag) en 4 (vrijdag) liggen, niet {weekday!r}."
        )
    if last_day < first_day:
        raise ValueError(
            f"De laatste lesdag ({nl_date(last_day)}) ligt vóór de eerste lesdag "
            f"({nl_date(first_day)})."
        )
    if len(periods) != PERIODS_PER_YEAR:
        raise ValueError(
            f"Een schooljaar heeft precies {PERIODS_PER_YEAR} periodes, niet {len(periods)}."
        )
    for number, (start, end) in enumerate(periods, start=1):
        if end < start:
            raise ValueError(
                f"Periode {number} eindigt ({nl_date(end)}) vóór het begin ({nl_date(start)})."
            )
        if start < first_day:
            raise ValueError(
                f"Periode {number} begint ({nl_date(start)}) vóór de eerste lesdag van het "
                f"schooljaar ({nl_date(first_day)})."
            )
        if end > last_day:
            raise ValueError(
                f"Periode {number} eindigt ({nl_date(end)}) na de laatste lesdag van het "
                f"schooljaar ({nl_date(last_day)})."
            )
    for number, ((prev_start, prev_end), (start, _end)) in enumerate(
        zip(periods, periods[1:], strict=False), start=2
    ):
        if start < prev_start:
            raise ValueError(
                f"Periode {number} ({nl_date(start)}) begint vóór periode {number - 1} "
                f"({nl_date(prev_start)}); zet de periodes op volgorde."
            )
        if start <= prev_end:
            raise ValueError(
                f"Periode {number} begint ({nl_date(start)}) vóór het einde van periode "
                f"{number - 1} ({nl_date(prev_end)}); periodes mogen niet overlappen."
            )


def _validate_holidays(holidays: Sequence[DateRange]) -> None:
    """A holiday ending before it starts is a typo the planner must see, not silently skip."""
    for number, (start, end) in enumerate(holidays, start=1):
        if end < start:
            raise ValueError(
                f"Vakantie {number} eindigt ({nl_date(end)}) vóór het begin ({nl_date(start)})."
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


def _order_warnings(dates: list[date]) -> list[str]:
    """Meetings 2–5 are ordered by their periods, but 1 and 6 use the whole year, so odd
    periods (a first period of one or two weeks, a short last period) can put a meeting on
    or before the previous one."""
    warnings = []
    for number, (before, after) in enumerate(zip(dates, dates[1:], strict=False), start=1):
        if after == before:
            warnings.append(
                f"Bijeenkomst {number} en {number + 1} vallen allebei op "
                f"{nl_date(after, weekday=True)}; verplaats er één."
            )
        elif after < before:
            warnings.append(
                f"Bijeenkomst {number + 1} ({nl_date(after, weekday=True)}) valt vóór "
                f"bijeenkomst {number} ({nl_date(before, weekday=True)}); "
                "controleer de periodes."
            )
    return warnings


def _short_period_warning(period_number: int, weeks: int, meeting: int) -> str:
    noun = "lesweek" if weeks == 1 else "lesweken"
    return (
        f"Periode {period_number} heeft maar {weeks} {noun}; bijeenkomst {meeting} staat in de "
        "laatste lesweek van de periode."
    )


def _moved_day_warning(meeting: int, day: date, wanted: date, reason: str) -> str:
    return (
        f"Bijeenkomst {meeting} staat op {nl_date(day, weekday=True)} in plaats van op "
        f"{_WEEKDAYS_NL[wanted.weekday()]}, omdat {nl_date(wanted, weekday=True)} {reason}."
    )


# --------------------------------------------------------------------------- small helpers


def _days(start: date, end: date) -> list[date]:
    """Every day from start to end inclusive (empty when end < start)."""
    return [start + timedelta(days=offset) for offset in range((end - start).days + 1)]


def _monday(day: date) -> date:
    """The Monday of the ISO week of `day`: the key that identifies a week."""
    return day - timedelta(days=day.weekday())


def nl_date(day: date, *, weekday: bool = False) -> str:
    """'31 augustus 2026' (or 'maandag 31 augustus 2026'), independent of the server locale."""
    text = f"{day.day} {_MONTHS_NL[day.month - 1]} {day.year}"
    return f"{_WEEKDAYS_NL[day.weekday()]} {text}" if weekday else text


def nl_range(span: DateRange) -> str:
    """'31 augustus 2026 t/m 6 november 2026'."""
    return f"{nl_date(span[0])} t/m {nl_date(span[1])}"
