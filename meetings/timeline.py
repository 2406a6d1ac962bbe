"""The school year as a row of weeks, for the planner's timeline. Pure: dates in, weeks out."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field

WEEK = datetime.timedelta(days=7)


@dataclass
class Week:
    monday: datetime.date
    period: int | None = None
    holiday: str = ""
    meetings: list[int] = field(default_factory=list)

    @property
    def iso_week(self) -> int:
        return self.monday.isocalendar().week

    @property
    def friday(self) -> datetime.date:
        return self.monday + datetime.timedelta(days=4)


def build_weeks(
    *,
    first_day: datetime.date,
    last_day: datetime.date,
    periods: Sequence[tuple[datetime.date, datetime.date]],
    holidays: Sequence[tuple[str, datetime.date, datetime.date]],
    meetings: Sequence[tuple[int, datetime.date]],
) -> list[Week]:
    """One Week per ISO week from the first to the last teaching day.

    A week belongs to the period in which its Monday–Friday mostly falls, and is marked as a
    holiday week when all its weekdays are in one holiday (a single day off is not a holiday
    week: the meeting rule still counts that week as a teaching week).
    """
    monday = first_day - datetime.timedelta(days=first_day.weekday())
    weeks: list[Week] = []
    while monday <= last_day:
        week = Week(monday)
        weekdays = [monday + datetime.timedelta(days=i) for i in range(5)]
        for number, (start, end) in enumerate(periods, start=1):
            if sum(start <= d <= end for d in weekdays) >= 3:
                week.period = number
        for name, start, end in holidays:
            if all(start <= d <= end for d in weekdays):
                week.holiday = name
        weeks.append(week)
        monday += WEEK
    by_monday = {w.monday: w for w in weeks}
    for number, day in meetings:
        week = by_monday.get(day - datetime.timedelta(days=day.weekday()))
        if week:
            week.meetings.append(number)
    return weeks
