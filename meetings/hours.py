"""The jaartaak: a member's planned and realised hours for the meeting cycle in one school
year, without the database (meetings/services/hours.py feeds it).

- Planned: the team's norms by role (ontwikkelteam 5 preparation + 15 participation, other
  members 15; the team leader none), pro rata for part of a year: a member who joined or
  left during the year gets the share of the year's meetings within their membership.
- Realised: the meetings attended (present at the check) × their duration, and preparation:
  the planned preparation hours split evenly over the meetings the member prepares, counted
  for each of those meetings that has taken place.
- The difference: realised minus planned (negative: hours still to go).

A meeting falls within a membership when it is on or after the day the member joined and on
or before the day they left, or when the member has an attendance row for it (they were
expected then, whatever the membership's dates say).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from meetings.attendance import PRESENT

# plg.models.Role values, without importing the models.
DEVELOPER = "ontwikkelteam"
TEAM_LEADER = "teamleider"
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Norms:
    """Hours per school year; the team changes them in its settings."""

    developer_preparation: int = 5
    developer_participation: int = 15
    member_participation: int = 15


@dataclass(frozen=True)
class MeetingFact:
    """One meeting of the year as one member's hours need it."""

    date: datetime.date
    duration_minutes: int
    status: str | None = None  # the member's stored attendance status (None: no row)
    prepared: bool = False  # the member is one of its preparers


@dataclass(frozen=True)
class Hours:
    planned_preparation: Decimal
    planned_participation: Decimal
    realised_preparation: Decimal
    realised_participation: Decimal
    meetings_in_membership: int
    meetings_attended: int
    meetings_prepared: int

    @property
    def planned(self) -> Decimal:
        return self.planned_preparation + self.planned_participation

    @property
    def realised(self) -> Decimal:
        return self.realised_preparation + self.realised_participation

    @property
    def difference(self) -> Decimal:
        return self.realised - self.planned


def _round(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def in_membership(
    fact: MeetingFact, started_on: datetime.date | None, ended_on: datetime.date | None
) -> bool:
    if fact.status is not None:
        return True
    if started_on is not None and fact.date < started_on:
        return False
    return ended_on is None or fact.date <= ended_on


def norms_for(role: str, norms: Norms) -> tuple[int, int]:
    """(preparation, participation) hours a full year asks of this role. The team leader
    leads the team and is expected only at meetings 1 and 6: no jaartaak for the cycle."""
    if role == TEAM_LEADER:
        return 0, 0
    if role == DEVELOPER:
        return norms.developer_preparation, norms.developer_participation
    return 0, norms.member_participation


def member_hours(
    *,
    role: str,
    norms: Norms,
    meetings: Iterable[MeetingFact],
    today: datetime.date,
    started_on: datetime.date | None = None,
    ended_on: datetime.date | None = None,
) -> Hours:
    """A member's hours in one school year; `meetings` are all the year's meetings."""
    meetings = list(meetings)
    within = [m for m in meetings if in_membership(m, started_on, ended_on)]
    share = Decimal(len(within)) / Decimal(len(meetings)) if meetings else Decimal(0)
    preparation, participation = norms_for(role, norms)
    planned_preparation = Decimal(preparation) * share
    attended = [m for m in within if m.status == PRESENT]
    prepared = [m for m in within if m.prepared]
    held_prepared = [m for m in prepared if m.date <= today]
    per_prepared = planned_preparation / len(prepared) if prepared else Decimal(0)
    return Hours(
        planned_preparation=_round(planned_preparation),
        planned_participation=_round(Decimal(participation) * share),
        realised_preparation=_round(per_prepared * len(held_prepared)),
        realised_participation=_round(
            sum((Decimal(m.duration_minutes) for m in attended), Decimal(0)) / 60
        ),
        meetings_in_membership=len(within),
        meetings_attended=len(attended),
        meetings_prepared=len(prepared),
    )
