"""Follow-up between meetings: the phase 5 first small steps.

A first step belongs to a person (its owner): it shows on their dashboard until it is marked
done, and the next meeting opens with a look back at the steps of the meeting before.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from meetings.models import FirstStep, Meeting
from plg.models import Team, User

#: How long a step marked done stays on the dashboard, so an accidental tick can be undone.
RECENTLY_DONE = datetime.timedelta(days=7)


def set_step_done(*, step: FirstStep, done: bool, now: datetime.datetime | None = None) -> None:
    """Mark a first step done (keeping the first moment it was done) or undo that."""
    if done == (step.done_at is not None):
        return
    step.done_at = (now or timezone.now()) if done else None
    step.save(update_fields=["done_at"])


def steps_for_dashboard(
    *, user: User, team: Team, now: datetime.datetime | None = None
) -> QuerySet[FirstStep]:
    """The user's open steps in this team, and those done recently (so they can be undone)."""
    since = (now or timezone.now()) - RECENTLY_DONE
    return (
        FirstStep.objects.filter(owner=user, group__meeting__school_year__team=team)
        .filter(Q(done_at__isnull=True) | Q(done_at__gte=since))
        .select_related("group__meeting__theme")
        .order_by(F("done_at").asc(nulls_first=True), "group__meeting__date", "created_at")
    )


@dataclass(frozen=True)
class LookBack:
    """The first steps of the meeting before, for the opening of the next one."""

    meeting: Meeting
    steps: list[FirstStep]

    @property
    def done_count(self) -> int:
        return sum(step.done_at is not None for step in self.steps)


def previous_meeting(meeting: Meeting) -> Meeting | None:
    """The team's meeting before this one (across school years: meeting 1 looks back at
    last year's meeting 6)."""
    return (
        Meeting.objects.for_team(meeting.school_year.team)
        .filter(Q(date__lt=meeting.date) | Q(date=meeting.date, start_time__lt=meeting.start_time))
        .select_related("theme")
        .order_by("-date", "-start_time")
        .first()
    )


def look_back(meeting: Meeting) -> LookBack | None:
    """The previous meeting's first steps (who, what, done or not), in group order."""
    before = previous_meeting(meeting)
    if before is None:
        return None
    steps = list(
        FirstStep.objects.filter(group__meeting=before)
        .select_related("owner", "group")
        .order_by("group__number", "created_at")
    )
    return LookBack(meeting=before, steps=steps)
