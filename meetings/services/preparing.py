"""The two-preparers rule over a year's meetings (meetings/preparing.py), for the planner,
the dashboard and the form of meeting 1: one query for the development team, the meetings'
preparers prefetched by the caller."""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterable

from meetings.models import Meeting
from meetings.preparing import preparer_warning
from plg.models import Membership, Team
from plg.prepared import Prepared


def developer_ids(team: Team) -> set[int]:
    """The active development-team members of the team (one query)."""
    return set(_DEVELOPERS(team=team.pk))


_DEVELOPERS = Prepared(  # plg/prepared.py
    lambda team: (
        Membership.objects.active()
        .filter(team_id=team)
        .developers()
        .values_list("user_id", flat=True)
    ),
    team=int,
)


def mark_preparer_warnings(
    meetings: Iterable[Meeting],
    *,
    team: Team,
    today: datetime.date,
    developers: Collection[int] | None = None,
) -> list[Meeting]:
    """Set `preparer_warning` on each meeting (None when it has its two preparers, has
    taken place or is cancelled) and return the meetings that still lack their pair.
    Prefetch `preparers` to keep it at one query; pass `developers` (user ids) when the
    caller has them already."""
    if developers is None:
        developers = developer_ids(team)
    lacking = []
    for meeting in meetings:
        warning = None
        if not meeting.cancelled and meeting.date >= today:
            warning = preparer_warning((p.pk for p in meeting.preparers.all()), developers)
        meeting.preparer_warning = warning
        if warning is not None:
            lacking.append(meeting)
    return lacking
