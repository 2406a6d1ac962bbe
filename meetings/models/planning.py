"""The school year and its six theme meetings (themabijeenkomsten).

Dutch terms are kept where they are the users' own words: a werkcasus is a work case a
teacher brings in, the ontwikkelteam prepares and leads the meetings.
"""

from __future__ import annotations

import datetime
from functools import cached_property

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meetings import schedule
from plg.models import Region, Team

MEETINGS_PER_YEAR = 6
PERIODS_PER_YEAR = 4
DEFAULT_DURATION_MINUTES = 150


class SchoolYearQuerySet(models.QuerySet["SchoolYear"]):
    def for_team(self, team: Team) -> SchoolYearQuerySet:
        return self.filter(team=team)

    def current(self, today: datetime.date) -> SchoolYear | None:
        """The year that is running or comes next; else the most recent one."""
        return current_year(list(self.order_by("first_day")), today)


def current_year(years: list[SchoolYear], today: datetime.date) -> SchoolYear | None:
    """Of `years` in date order, the one that is running or comes next; else the last."""
    return next((y for y in years if y.last_day >= today), years[-1] if years else None)


class SchoolYear(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="school_years")
    name = models.CharField(_("name"), max_length=20, help_text=_("For example 2026–2027."))
    first_day = models.DateField(_("first teaching day"))
    last_day = models.DateField(_("last teaching day"))
    region = models.CharField(_("holiday region"), max_length=10, choices=Region.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SchoolYearQuerySet.as_manager()

    class Meta:
        ordering = ["first_day"]
        constraints = [
            models.UniqueConstraint(fields=["team", "name"], name="unique_school_year_name"),
            models.CheckConstraint(
                condition=models.Q(last_day__gt=models.F("first_day")),
                name="school_year_ends_after_start",
            ),
        ]
        verbose_name = _("school year")
        verbose_name_plural = _("school years")

    def __str__(self) -> str:
        return self.name

    def evaluation(self) -> dict:
        """The year's evaluation as meeting 6 recorded it (its successes and look ahead)
        and the themes not treated this year, for the year bundle (issue 13)."""
        last = self.meetings.filter(number=MEETINGS_PER_YEAR).select_related("run").first()
        run = getattr(last, "run", None)  # None before meeting 6 has a run
        themes = Theme.objects.filter(team_id=self.team_id).exclude(meetings__school_year=self)
        return {
            "successes": [s for s in (run.successes if run else "").splitlines() if s.strip()],
            "look_ahead": run.look_ahead if run else "",
            "themes": [t.title for t in themes.order_by("title")],
        }

    def contains(self, day: datetime.date) -> bool:
        return self.first_day <= day <= self.last_day

    # These read the prefetched periods and holidays when there are any, so the planner
    # asks the database once for all of them.
    def period_ranges(self) -> list[tuple[datetime.date, datetime.date]]:
        return [(p.first_day, p.last_day) for p in sorted(self.periods.all(), key=_number)]

    def holiday_ranges(self) -> list[tuple[datetime.date, datetime.date]]:
        return [(h.first_day, h.last_day) for h in self.holidays.all()]

    def named_holidays(self) -> list[tuple[str, datetime.date, datetime.date]]:
        return [(h.name, h.first_day, h.last_day) for h in self.holidays.all()]

    def plan(self, weekday: int) -> schedule.SchedulePlan:
        """The six dates the method's rule gives for this year, with warnings."""
        return schedule.plan_schedule(
            first_day=self.first_day,
            last_day=self.last_day,
            periods=self.period_ranges(),
            holidays=self.holiday_ranges(),
            weekday=weekday,
        )


def _number(obj: Period | Meeting) -> int:
    return obj.number


class Period(models.Model):
    school_year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE, related_name="periods")
    number = models.PositiveSmallIntegerField(
        _("number"), validators=[MinValueValidator(1), MaxValueValidator(PERIODS_PER_YEAR)]
    )
    first_day = models.DateField(_("start"))
    last_day = models.DateField(_("end"))

    class Meta:
        ordering = ["school_year", "number"]
        constraints = [
            models.UniqueConstraint(fields=["school_year", "number"], name="unique_period_number"),
        ]
        verbose_name = _("period")
        verbose_name_plural = _("periods")

    def __str__(self) -> str:
        return _("Period %(number)s") % {"number": self.number}


class Holiday(models.Model):
    school_year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE, related_name="holidays")
    name = models.CharField(_("name"), max_length=80)
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"))

    class Meta:
        ordering = ["first_day"]
        verbose_name = _("holiday")
        verbose_name_plural = _("holidays")

    def __str__(self) -> str:
        return self.name


class Theme(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="themes")
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposed_themes",
        verbose_name=_("proposed by"),
    )
    case = models.ForeignKey(
        "meetings.Case",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="theme_ideas",
        verbose_name=_("related case"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self) -> str:
        return self.title


#: Dots each person may place in the theme vote before and during meeting 1.
VOTES_PER_PERSON = 3


class ThemeVote(models.Model):
    """A dot placed on a theme in the vote for a school year (dot voting)."""

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="theme_votes"
    )
    school_year = models.ForeignKey(
        "meetings.SchoolYear", on_delete=models.CASCADE, related_name="theme_votes"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["theme", "voter", "school_year"], name="one_vote_per_theme_per_person"
            )
        ]
        verbose_name = _("theme vote")
        verbose_name_plural = _("theme votes")

    def __str__(self) -> str:
        return f"{self.voter} → {self.theme}"


class MeetingQuerySet(models.QuerySet["Meeting"]):
    def for_team(self, team: Team) -> MeetingQuerySet:
        return self.filter(school_year__team=team)

    def upcoming(self, today: datetime.date) -> MeetingQuerySet:
        return self.filter(date__gte=today).order_by("date", "start_time")

    def with_details(self) -> MeetingQuerySet:
        return self.select_related("theme", "school_year").prefetch_related("preparers")

    def mark_changed(self, *, reschedule: bool = True) -> int:
        """Tell calendars these meetings changed: `changed_at` moves on, and when what a
        calendar shows changed (`reschedule`), the event's SEQUENCE goes up too."""
        values: dict = {"changed_at": timezone.now()}
        if reschedule:
            values["sequence"] = models.F("sequence") + 1
        return self.update(**values)


#: The fields whose change a calendar must show over an older copy (SEQUENCE goes up).
CALENDAR_FIELDS = ("date", "start_time", "duration_minutes", "room", "theme", "cancelled")


class Meeting(models.Model):
    """One of the six 2.5-hour themabijeenkomsten of a school year."""

    class Kind(models.TextChoices):
        INTRODUCTION = "introduction", _("introduction meeting")
        THEME = "theme", _("theme meeting")
        EVALUATION = "evaluation", _("evaluation meeting")

    school_year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE, related_name="meetings")
    number = models.PositiveSmallIntegerField(
        _("number"), validators=[MinValueValidator(1), MaxValueValidator(MEETINGS_PER_YEAR)]
    )
    date = models.DateField(_("date"))
    planned_date = models.DateField(
        _("date by the rule"), help_text=_("Where the method's rule places this meeting.")
    )
    start_time = models.TimeField(_("start time"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"),
        default=DEFAULT_DURATION_MINUTES,
        validators=[MinValueValidator(15), MaxValueValidator(8 * 60)],
    )
    room = models.CharField(_("room"), max_length=80, blank=True)
    theme = models.ForeignKey(
        Theme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("theme"),
    )
    preparers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="prepared_meetings",
        verbose_name=_("preparers"),
    )
    team_leader_attends = models.BooleanField(_("team leader attends"), default=False)
    #: Set when the meeting is closed: its attendance rows are then who was expected.
    attendance_fixed = models.BooleanField(_("attendance fixed"), default=False)
    cancelled = models.BooleanField(
        _("cancelled"), default=False, help_text=_("Calendars show the meeting as cancelled.")
    )
    #: The iCalendar SEQUENCE: raised on every change of date, time, room, theme or
    #: cancellation, so a calendar replaces its copy of the event instead of keeping it.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    #: When anything a calendar shows of this meeting last changed (LAST-MODIFIED).
    changed_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["school_year", "number"]
        constraints = [
            models.UniqueConstraint(fields=["school_year", "number"], name="unique_meeting_number"),
        ]
        verbose_name = _("theme meeting")
        verbose_name_plural = _("theme meetings")

    def __str__(self) -> str:
        return _("Meeting %(number)s") % {"number": self.number}

    @property
    def kind(self) -> str:
        if self.number == 1:
            return self.Kind.INTRODUCTION
        if self.number == MEETINGS_PER_YEAR:
            return self.Kind.EVALUATION
        return self.Kind.THEME

    def get_kind_display(self) -> str:
        return self.Kind(self.kind).label

    def record_change(self, fields) -> list[str]:
        """Before saving: note that `fields` changed, for calendars. Returns the extra
        fields to save (changed_at, and sequence when a calendar must show the change)."""
        if not fields:
            return []
        self.changed_at = timezone.now()
        if set(fields) & set(CALENDAR_FIELDS):
            self.sequence += 1
            return ["changed_at", "sequence"]
        return ["changed_at"]

    @property
    def period_number(self) -> int | None:
        """Meetings 2–5 belong to periods 1–4."""
        return self.number - 1 if 1 < self.number < MEETINGS_PER_YEAR else None

    @property
    def starts_at(self) -> datetime.datetime:
        return datetime.datetime.combine(self.date, self.start_time)

    @property
    def end_time(self) -> datetime.time:
        return (self.starts_at + datetime.timedelta(minutes=self.duration_minutes)).time()

    @property
    def is_moved(self) -> bool:
        return self.date != self.planned_date

    @cached_property
    def date_warnings(self) -> list[str]:
        """Why this date deserves a second look (holiday, weekend, outside its period)."""
        year = self.school_year
        period = None
        if self.period_number:
            ranges = year.period_ranges()
            if len(ranges) >= self.period_number:
                period = ranges[self.period_number - 1]
        return schedule.date_warnings(
            self.date,
            first_day=year.first_day,
            last_day=year.last_day,
            holidays=year.named_holidays(),
            period=period,
            period_number=self.period_number,
        )
