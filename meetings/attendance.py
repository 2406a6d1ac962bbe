"""Who is expected at a theme meeting and who was there: the one rule, without the database.

Attendance is compulsory: every active member is expected, the team leader only at the
meetings they attend (1 and 6, `Meeting.team_leader_attends`). Someone marked at the
attendance check was expected then, so they stay expected even if they left the team since.
Each expected person has one status; an afmelding (absence agreed with the team leader)
is `EXCUSED`. Once a meeting is closed the expected people are stored with their status and
this rule is no longer asked (meetings.services.attendance).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

PRESENT = "present"
EXCUSED = "excused"  # afgemeld: absent, agreed with the team leader beforehand
ABSENT = "absent"  # absent without notice
NOT_RECORDED = "not_recorded"
STATUSES = (PRESENT, EXCUSED, ABSENT, NOT_RECORDED)
#: Statuses set at the attendance check itself (an afmelding is set beforehand).
CHECKED = (PRESENT, ABSENT)


@dataclass(frozen=True)
class Member:
    """An active membership as the rule needs it."""

    user_id: int
    is_team_leader: bool


def is_expected(*, is_team_leader: bool, team_leader_attends: bool) -> bool:
    return team_leader_attends or not is_team_leader


def expected_ids(
    members: Iterable[Member],
    *,
    team_leader_attends: bool,
    statuses: Mapping[int, str] | None = None,
) -> set[int]:
    """The ids of the people expected at a meeting that is still open: the active
    `members` by their role, and anyone already marked at the check (`statuses`: the
    stored status per user id)."""
    expected = {
        m.user_id
        for m in members
        if is_expected(is_team_leader=m.is_team_leader, team_leader_attends=team_leader_attends)
    }
    expected |= {user for user, status in (statuses or {}).items() if status in CHECKED}
    return expected


def after_check(status: str, *, ticked: bool) -> str:
    """A person's status after the attendance check: ticked is present; an afmelding
    stays an afmelding; anyone else not ticked is absent without notice."""
    if ticked:
        return PRESENT
    return EXCUSED if status == EXCUSED else ABSENT


def ticked_by_default(status: str) -> bool:
    """The check starts from: everyone present except who is excused or marked absent."""
    return status in (PRESENT, NOT_RECORDED)


@dataclass(frozen=True)
class Summary:
    """The counts of one meeting's attendance."""

    expected: int
    present: int
    excused: int
    absent_without_notice: int
    not_recorded: int

    @property
    def absent(self) -> int:
        """Everyone not there: excused beforehand or absent without notice."""
        return self.excused + self.absent_without_notice

    @property
    def recorded(self) -> bool:
        """Whether the attendance check was done (an afmelding alone is not a check)."""
        return self.present + self.absent_without_notice > 0


def summarise(statuses: Iterable[str]) -> Summary:
    """Counts of the statuses of the expected people (one status per person)."""
    statuses = list(statuses)
    return Summary(
        expected=len(statuses),
        present=statuses.count(PRESENT),
        excused=statuses.count(EXCUSED),
        absent_without_notice=statuses.count(ABSENT),
        not_recorded=statuses.count(NOT_RECORDED),
    )
