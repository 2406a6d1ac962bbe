"""Workflows of the meeting cycle that touch several models."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.db import transaction
from django.db.models import Count, Q

from meetings import school_holidays
from meetings.models import (
    MEETINGS_PER_YEAR,
    Holiday,
    Meeting,
    Period,
    SchoolYear,
    Theme,
)
from plg.models import Membership, Team, User
from plg.prepared import Prepared

#: The examples of themes from the method (seed 000), offered to a new team.
EXAMPLE_THEMES: tuple[tuple[str, str], ...] = (
    (
        "Startende docenten",
        "Nieuwe collega's wegwijs maken in de systemen en de werkwijze van het team; "
        "zittende docenten delen hun kennis en ervaring. Behandeld in bijeenkomst 1.",
    ),
    ("Sociale media in de klas", ""),
    ("Pesten", ""),
    ("Mentorschap / coaching", ""),
    ("Beroepspraktijkvorming", ""),
    ("Zorgleerlingen", ""),
    ("Autisme", ""),
)
FIRST_THEME_TITLE = EXAMPLE_THEMES[0][0]


@transaction.atomic
def create_school_year(
    *,
    team: Team,
    name: str,
    first_day: datetime.date,
    last_day: datetime.date,
    region: str,
    periods: Sequence[tuple[datetime.date, datetime.date]],
    holidays: Sequence[tuple[str, datetime.date, datetime.date]] | None = None,
) -> tuple[SchoolYear, list[str]]:
    """Create a school year with its periods, holidays and six meetings placed by the rule.

    Holidays default to the official school holidays of the region. Returns the year and the
    planner's warnings (a period with fewer than six teaching weeks, for instance). Raises
    ValueError with a Dutch message when the rule cannot be applied to the dates.
    """
    if holidays is None:
        holidays = school_holidays.official_days_off(region, first_day, last_day)
    year = SchoolYear.objects.create(
        team=team, name=name, first_day=first_day, last_day=last_day, region=region
    )
    Period.objects.bulk_create(
        Period(school_year=year, number=number, first_day=start, last_day=end)
        for number, (start, end) in enumerate(periods, start=1)
    )
    Holiday.objects.bulk_create(
        Holiday(school_year=year, name=title, first_day=start, last_day=end)
        for title, start, end in holidays
    )
    plan = year.plan(team.default_weekday)
    first_theme = Theme.objects.filter(team=team, title__iexact=FIRST_THEME_TITLE).first()
    Meeting.objects.bulk_create(
        Meeting(
            school_year=year,
            number=number,
            date=day,
            planned_date=day,
            start_time=team.default_start_time,
            room=team.default_room,
            team_leader_attends=number in (1, MEETINGS_PER_YEAR),
            theme=first_theme if number == 1 else None,
        )
        for number, day in enumerate(plan.dates, start=1)
    )
    return year, plan.warnings


@transaction.atomic
def replan_school_year(*, school_year: SchoolYear) -> list[str]:
    """Put all six meetings back on the dates the rule gives (after holidays changed)."""
    plan = school_year.plan(school_year.team.default_weekday)
    meetings = sorted(school_year.meetings.all(), key=lambda m: m.number)
    for meeting, day in zip(meetings, plan.dates, strict=True):
        moved = meeting.date != day
        meeting.date = meeting.planned_date = day
        if moved:
            meeting.record_change(["date"])
    Meeting.objects.bulk_update(meetings, ["date", "planned_date", "sequence", "changed_at"])
    return plan.warnings


@transaction.atomic
def save_meeting(form) -> Meeting:
    """Save the planner's meeting form; calendars learn what changed (a moved meeting keeps
    its event and gets a higher SEQUENCE)."""
    meeting = form.save(commit=False)
    meeting.record_change(form.changed_data)
    meeting.save()
    form.save_m2m()
    return meeting


@transaction.atomic
def set_cancelled(*, meeting: Meeting, cancelled: bool) -> bool:
    """Cancel a meeting, or take the cancellation back. Calendars show it as cancelled.
    Returns whether anything changed."""
    if meeting.cancelled == cancelled:
        return False
    meeting.cancelled = cancelled
    meeting.save(update_fields=["cancelled", *meeting.record_change(["cancelled"])])
    return True


def theme_changed(*, theme: Theme) -> None:
    """A theme was renamed or is about to be removed: its meetings' events change title."""
    Meeting.objects.filter(theme=theme).mark_changed()


def preparer_load(*, school_year: SchoolYear) -> dict[User, int]:
    """How many meetings of this year each active development-team member prepares."""
    developers = _PREPARER_LOAD(team=school_year.team_id, year=school_year.pk)
    return {m.user: m.load for m in developers}


_PREPARER_LOAD = Prepared(  # plg/prepared.py
    lambda team, year: (
        Membership.objects.active()
        .filter(team_id=team)
        .developers()
        .select_related("user")
        .annotate(
            load=Count(
                "user__prepared_meetings",
                filter=Q(user__prepared_meetings__school_year_id=year),
            )
        )
    ),
    team=int,
    year=int,
)


def year_meetings_with_preparers(year: SchoolYear) -> list[Meeting]:
    """The year's meetings in order, with theme and preparers (two queries, compiled once);
    each keeps `year` (and what was prefetched on it)."""
    meetings = _MEETINGS_WITH_PREPARERS(year=year.pk)
    for meeting in meetings:
        meeting.school_year = year
    return meetings


_MEETINGS_WITH_PREPARERS = Prepared(
    lambda year: (
        Meeting.objects.filter(school_year_id=year)
        .select_related("theme")
        .prefetch_related("preparers")
        .order_by("number")
    ),
    year=int,
)


def team_years(team_id: int) -> list[SchoolYear]:
    """The team's school years in order (one query, compiled once)."""
    return _TEAM_YEARS(team=team_id)


_TEAM_YEARS = Prepared(
    lambda team: SchoolYear.objects.filter(team_id=team).order_by("first_day"), team=int
)


def suggest_preparers(*, meeting: Meeting) -> list[User]:
    """Two development-team members who prepare the fewest meetings this year.

    Ties go to whoever does not prepare a neighbouring meeting, then by name, so the load
    is spread over the year and over the people.
    """
    load = preparer_load(school_year=meeting.school_year)
    # This meeting's own preparers count as free: the suggestion answers "who should it be".
    for user in meeting.preparers.all():
        if user in load:
            load[user] -= 1
    neighbours = set(
        Meeting.objects.filter(
            school_year=meeting.school_year,
            number__in=(meeting.number - 1, meeting.number + 1),
        ).values_list("preparers", flat=True)
    )
    ranked = sorted(load, key=lambda u: (load[u], u.pk in neighbours, u.first_name, u.last_name))
    return ranked[:2]


def add_example_themes(*, team: Team, titles: Sequence[str], by: User | None) -> list[Theme]:
    """Add the method's example themes that the team chose and does not have yet."""
    existing = {t.lower() for t in Theme.objects.filter(team=team).values_list("title", flat=True)}
    chosen = [
        Theme(team=team, title=title, description=description, proposed_by=by)
        for title, description in EXAMPLE_THEMES
        if title in titles and title.lower() not in existing
    ]
    return Theme.objects.bulk_create(chosen)
