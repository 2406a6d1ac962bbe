"""How long case texts are kept, and removing them when that time is over.

A case's situation and question may describe students or colleagues; they are needed while
the case is discussed and followed up, not for ever. Each team sets how many school years
after the case's own they are kept (Team.case_retention_years, default 2: until the end of
the school year after next). `manage.py purge_cases` (run daily by cron) deletes the texts of
the cases whose time is over; the case itself (title, owner, meeting) stays as a stub, so
attendance, groups and reports keep their history.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from meetings.models import Case

#: Dutch school years run from 1 August to 31 July.
SCHOOL_YEAR_FIRST_MONTH = 8


def school_year_start(day: datetime.date) -> int:
    """The calendar year in which the school year of `day` starts."""
    return day.year if day.month >= SCHOOL_YEAR_FIRST_MONTH else day.year - 1


def texts_kept_until(day: datetime.date, years: int) -> datetime.date:
    """The last day a case dated `day` keeps its texts: the end (31 July) of the school year
    `years` school years after its own (0: the end of its own school year)."""
    return datetime.date(school_year_start(day) + years + 1, 7, 31)


def case_day(case: Case) -> datetime.date:
    """The day a case belongs to: its meeting's date, else the day it was written."""
    if case.meeting_id is not None and case.meeting is not None:
        return case.meeting.date
    return timezone.localdate(case.created_at)


def expired_cases(today: datetime.date | None = None) -> list[Case]:
    today = today or timezone.localdate()
    candidates = Case.objects.filter(texts_removed_at__isnull=True).select_related(
        "team", "meeting"
    )
    return [
        case
        for case in candidates.iterator()
        if texts_kept_until(case_day(case), case.team.case_retention_years) < today
    ]


@transaction.atomic
def purge_case_texts(today: datetime.date | None = None) -> int:
    """Delete the situation and question of every case past its team's retention period;
    returns how many cases were emptied."""
    expired = [case.pk for case in expired_cases(today)]
    return Case.objects.filter(pk__in=expired).update(
        situation="", question="", texts_removed_at=timezone.now()
    )
