"""Meeting 6 (evaluatiebijeenkomst): the year in review, and rolling the team over to the
next school year.

What comes along to the new year: the members and their roles, the team's phase card and
the themes (all per team, so they stay); themes used this year stay in the archive but are
not offered again for the new year's planning (`themes_for_planning`). What stays behind
with the old year: its meetings, preparers, groups, attendance, absences, cases, reports
and theme votes. Open first steps keep following their owners (they are not per year).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count, F, Q, QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from meetings import school_holidays
from meetings.attendance import NOT_RECORDED, PRESENT
from meetings.models import (
    FirstStep,
    Meeting,
    SchoolYear,
    Theme,
)
from meetings.services import attendance
from meetings.services.planning import create_school_year
from plg.access import is_team_leader
from plg.models import Team, User
from plg.prepared import Prepared

if TYPE_CHECKING:
    from meetings.access import Can


# --- the year in review -----------------------------------------------------------------------


@dataclass
class MeetingSummary:
    meeting: Meeting
    report_status: str | None
    report_visible: bool
    average_score: float | None
    scored_groups: int
    steps_total: int = 0
    steps_done: int = 0
    present: int = 0
    expected: int = 0
    attendance_recorded: bool = False


@dataclass
class AttendanceRow:
    """One person's attendance over the year: a status per meeting (meetings.attendance)."""

    user: User
    cells: list[str]

    @property
    def present_count(self) -> int:
        return self.cells.count(PRESENT)


@dataclass
class YearReview:
    year: SchoolYear
    meetings: list[MeetingSummary]
    steps: list[ReviewStep]
    steps_total: int
    steps_done: int
    theme_ideas: list[Theme]
    next_year: SchoolYear | None
    attendance_rows: list[AttendanceRow] = field(default_factory=list)

    @property
    def visible_reports(self) -> list[MeetingSummary]:
        return [s for s in self.meetings if s.report_visible]


def with_review_data(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """Meetings with theme, report status and average phase 4 score."""
    return meetings.select_related("theme").annotate(
        report_status=F("report__status"),
        average_score=Avg("groups__answer_score"),
        scored_groups=Count("groups__answer_score"),
    )


_YEAR_MEETINGS = Prepared(  # plg/prepared.py
    lambda year: with_review_data(Meeting.objects.filter(school_year_id=year)).order_by("number"),
    year=int,
)

#: Who prepares which meeting of the year, for meetings.access.is_preparer (a draft report
#: is for its writers): plain pairs, where a prefetch of the preparers built twelve Users
#: and compiled its query on every request.
_YEAR_PREPARERS = Prepared(
    lambda year: Meeting.preparers.through.objects.filter(meeting__school_year_id=year).values_list(
        "meeting_id", "user_id"
    ),
    year=int,
)


def year_meetings(year: SchoolYear) -> list[Meeting]:
    meetings = _YEAR_MEETINGS(year=year.pk)
    preparers: dict[int, set[int]] = {m.pk: set() for m in meetings}
    for meeting_id, user_id in _YEAR_PREPARERS(year=year.pk):
        preparers[meeting_id].add(user_id)
    for meeting in meetings:
        meeting.school_year = year
        meeting.preparer_ids = frozenset(preparers[meeting.pk])
    return meetings


class ReviewStep(NamedTuple):
    """A first step as the year review lists it (a team of 60 writes some 300 a year: plain
    rows, not four model objects each)."""

    owner_id: int
    owner: str  # the owner's name, as str(User): User.shown_name
    what: str
    done_at: datetime.datetime | None
    meeting_id: int
    meeting_number: int


_REVIEW_STEPS = Prepared(  # plg/prepared.py
    lambda year: (
        FirstStep.objects.filter(group__meeting__school_year_id=year)
        .order_by("group__meeting__number", "group__number", "created_at")
        .values_list(
            "owner_id",
            "owner__first_name",
            "owner__last_name",
            "owner__email",
            "what",
            "done_at",
            "group__meeting_id",
            "group__meeting__number",
        )
    ),
    year=int,
)


def _review_steps(year: SchoolYear) -> list[ReviewStep]:
    rows = _REVIEW_STEPS(year=year.pk)
    return [
        ReviewStep(owner, User.shown_name(first, last, email), what, done, meeting, number)
        for owner, first, last, email, what, done, meeting, number in rows
    ]


def build_year_review(*, year: SchoolYear, can: Can) -> YearReview:
    """Everything the evaluation meeting looks back on, in a fixed number of queries, as far
    as the member (`can`, meetings/access.py) may see it."""
    meetings = year_meetings(year)
    summaries = {
        m.pk: MeetingSummary(
            meeting=m,
            report_status=m.report_status,
            report_visible=can.read_report(m, m.report_status),
            average_score=m.average_score,
            scored_groups=m.scored_groups,
        )
        for m in meetings
    }
    all_steps = _review_steps(year)
    for step in all_steps:
        summary = summaries[step.meeting_id]
        summary.steps_total += 1
        summary.steps_done += step.done_at is not None
    if can.see_everyones_steps:
        steps = all_steps
    else:
        steps = [s for s in all_steps if s.owner_id == can.user_id]
    attendance_of = attendance.for_meetings(meetings)
    for pk, sheet in attendance_of.items():
        counts = sheet.summary
        summary = summaries[pk]
        summary.present, summary.expected = counts.present, counts.expected
        summary.attendance_recorded = counts.recorded
    review = YearReview(
        year=year,
        meetings=list(summaries.values()),
        steps=steps,
        steps_total=len(all_steps),
        steps_done=sum(s.done_at is not None for s in all_steps),
        theme_ideas=theme_ideas(year),
        next_year=following_year(year),
    )
    if can.plan:
        review.attendance_rows = _attendance_rows(year, meetings, attendance_of)
    return review


def _attendance_rows(
    year: SchoolYear,
    meetings: list[Meeting],
    attendance_of: dict[int, attendance.MeetingAttendance],
) -> list[AttendanceRow]:
    """Per person and meeting: present, absent, excused (afmelding) or not recorded. The
    active members have a row, and so has anyone expected at one of the meetings."""
    people: dict[int, User] = {}
    statuses = {}
    for pk, sheet in attendance_of.items():
        for user, _row in sheet.people:
            people.setdefault(user.pk, user)
        statuses[pk] = sheet.statuses
    attendance.add_active_members(year.team_id, people)
    rows = []
    for user in sorted(people.values(), key=lambda u: (u.first_name, u.last_name, u.pk)):
        cells = [statuses[m.pk].get(user.pk, NOT_RECORDED) for m in meetings]
        rows.append(AttendanceRow(user=user, cells=cells))
    return rows


def theme_ideas(year: SchoolYear) -> list[Theme]:
    """The team's themes not used in this year's meetings, most votes first. Votes cast for
    this year or a later one count (the vote gathers themes for the coming year)."""
    return _THEME_IDEAS(team=year.team_id, year=year.pk, first_day=year.first_day)


_THEME_IDEAS = Prepared(  # plg/prepared.py
    lambda team, year, first_day: (
        Theme.objects.filter(team_id=team)
        .exclude(meetings__school_year_id=year)
        .annotate(vote_count=Count("votes", filter=Q(votes__school_year__first_day__gte=first_day)))
        .order_by("-vote_count", "title")
    ),
    team=int,
    year=int,
    first_day=datetime.date,
)


def themes_for_planning(school_year: SchoolYear) -> QuerySet[Theme]:
    """The themes to offer when planning `school_year`: all of the team's themes except
    those used in the school year before it (they stay in the archive)."""
    previous = (
        SchoolYear.objects.for_team(school_year.team)
        .filter(first_day__lt=school_year.first_day)
        .order_by("-first_day")
        .values("pk")[:1]
    )
    return (
        Theme.objects.filter(team=school_year.team)
        .exclude(meetings__school_year__in=previous)
        .order_by("title")
    )


def following_year(year: SchoolYear) -> SchoolYear | None:
    found = _FOLLOWING_YEAR(team=year.team_id, first_day=year.first_day)
    return found[0] if found else None


_FOLLOWING_YEAR = Prepared(  # plg/prepared.py
    lambda team, first_day: SchoolYear.objects.filter(
        team_id=team, first_day__gt=first_day
    ).order_by("first_day")[:1],
    team=int,
    first_day=datetime.date,
)


# --- rolling over -----------------------------------------------------------------------------


class RolloverError(Exception):
    """The team cannot be rolled over (the new year exists already); the message is Dutch."""


@dataclass(frozen=True)
class NewYearPlan:
    """The dates of the new school year; holidays default to the region's official ones."""

    name: str
    region: str
    first_day: datetime.date
    last_day: datetime.date
    periods: list[tuple[datetime.date, datetime.date]]
    holidays: list[tuple[str, datetime.date, datetime.date]] | None = None

    @classmethod
    def suggested(cls, team: Team, from_year: SchoolYear) -> NewYearPlan:
        """The year after `from_year`, as the school holidays of the team's region give it
        (the same suggestion as SchoolYearForm.initial_for)."""
        start = from_year.last_day.year
        suggestion = school_holidays.suggest_school_year(team.region, start)
        return cls(
            name=f"{start}–{start + 1}",
            region=team.region,
            first_day=suggestion["first_day"],
            last_day=suggestion["last_day"],
            periods=list(suggestion["periods"]),
        )


def _existing_year(team: Team, from_year: SchoolYear, plan: NewYearPlan) -> SchoolYear | None:
    """A year that makes the rollover a duplicate: same name, overlapping dates, or any
    year after the one rolled over from."""
    return (
        SchoolYear.objects.for_team(team)
        .filter(
            Q(name=plan.name)
            | Q(first_day__lte=plan.last_day, last_day__gte=plan.first_day)
            | Q(first_day__gt=from_year.first_day)
        )
        .exclude(pk=from_year.pk)
        .order_by("first_day")
        .first()
    )


@transaction.atomic
def roll_over(
    *, team: Team, from_year: SchoolYear, by: User, plan: NewYearPlan | None = None
) -> SchoolYear:
    """Start the next school year: its six meetings are planned by the method's rule.

    Members, roles, the phase card and the themes are the team's, so they come along as
    they are. Raises RolloverError (Dutch message) when the next year already exists, and
    PermissionDenied when `by` is not the team's leader.
    """
    if from_year.team_id != team.pk:
        raise ValueError("The school year belongs to another team.")
    if not is_team_leader(team, by):
        raise PermissionDenied
    plan = plan or NewYearPlan.suggested(team, from_year)
    if plan.first_day <= from_year.last_day:
        raise RolloverError(
            _("The new school year must start after the last teaching day of %(name)s (%(date)s).")
            % {"name": from_year.name, "date": date_format(from_year.last_day, "j F Y")}
        )
    existing = _existing_year(team, from_year, plan)
    if existing is not None:
        raise RolloverError(
            _("School year %(name)s already exists: the team has already been rolled over.")
            % {"name": existing.name}
        )
    try:
        new_year, _warnings = create_school_year(
            team=team,
            name=plan.name,
            first_day=plan.first_day,
            last_day=plan.last_day,
            region=plan.region,
            periods=plan.periods,
            holidays=plan.holidays,
        )
    except IntegrityError as error:  # a second click that raced the first
        raise RolloverError(
            _("School year %(name)s already exists: the team has already been rolled over.")
            % {"name": plan.name}
        ) from error
    return new_year
