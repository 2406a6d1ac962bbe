"""Attendance of theme meetings: the stored rows read and written through the one rule in
meetings/attendance.py. Every page that shows attendance reads it here.

While a meeting is open, who is expected follows the team (the active members, by role).
When it is closed (`fix`: its run is closed, or it is in the past when the team changes)
a row is stored for every expected person, and from then on the rows alone are who was
expected: members added or removed later do not change a past meeting or its report.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from django.db import router, transaction
from django.db.models import QuerySet
from django.utils import timezone

from meetings import attendance as rule
from meetings.models import Attendance, Meeting
from plg.models import Membership, Role, Team, User
from plg.prepared import Prepared


@dataclass
class MeetingAttendance:
    """Who was expected at one meeting and their status, in name order. Names are for the
    team leader (and the facilitators at the check); the counts are for everyone."""

    meeting: Meeting
    #: The row is an Attendance for one meeting (for_meeting), a StoredStatus for several.
    people: list[tuple[User, Attendance | StoredStatus | None]]

    def status_of(self, row: Attendance | None) -> str:
        return row.status if row is not None else rule.NOT_RECORDED

    @property
    def statuses(self) -> dict[int, str]:
        return {user.pk: self.status_of(row) for user, row in self.people}

    @property
    def summary(self) -> rule.Summary:
        return rule.summarise(self.status_of(row) for _user, row in self.people)

    @property
    def expected(self) -> int:
        return len(self.people)

    @property
    def present(self) -> int:
        return self.summary.present

    @property
    def absent(self) -> int:
        return self.summary.absent

    @property
    def not_recorded(self) -> int:
        return self.summary.not_recorded

    @property
    def recorded(self) -> bool:
        return self.summary.recorded

    @property
    def absentees(self) -> list[tuple[User, bool]]:
        """(person, excused beforehand) of everyone who was not there."""
        return [
            (user, row.status == rule.EXCUSED)
            for user, row in self.people
            if row is not None and row.status in (rule.EXCUSED, rule.ABSENT)
        ]

    @property
    def users(self) -> list[User]:
        return [user for user, _row in self.people]


def _by_name(user: User) -> tuple:
    return (user.first_name, user.last_name, user.pk)


#: The team's active members with their accounts, compiled once (plg/prepared.py).
_MEMBERS = Prepared(
    lambda team: Membership.objects.active().filter(team_id=team).select_related("user"),
    team=int,
)


def team_members(team_id: int) -> list[Membership]:
    """The team's active memberships with their accounts (one query, compiled once)."""
    return _MEMBERS(team=team_id)


def _members(team: Team) -> list[Membership]:
    return team_members(team.pk)


def _build(
    meeting: Meeting, members: list[Membership], rows: Iterable[Attendance | StoredStatus]
) -> MeetingAttendance:
    by_user = {row.user_id: row for row in rows}
    if meeting.attendance_fixed:
        people = [(row.user, row) for row in by_user.values()]
    else:
        users = {m.user_id: m.user for m in members}
        users.update({row.user_id: row.user for row in by_user.values()})
        expected = rule.expected_ids(
            [rule.Member(m.user_id, m.role == Role.TEAM_LEADER) for m in members],
            team_leader_attends=meeting.team_leader_attends,
            statuses={user: row.status for user, row in by_user.items()},
        )
        people = [(users[pk], by_user.get(pk)) for pk in expected]
    people.sort(key=lambda pair: _by_name(pair[0]))
    return MeetingAttendance(meeting=meeting, people=people)


_ATTENDANCE = Prepared(  # plg/prepared.py
    lambda meeting: Attendance.objects.filter(meeting_id=meeting).select_related("user"),
    meeting=int,
)


def for_meetings(meetings: list[Meeting]) -> dict[int, MeetingAttendance]:
    """The attendance of meetings of one team, in two queries however many there are."""
    if not meetings:
        return {}
    open_meetings = [m for m in meetings if not m.attendance_fixed]
    members = _members(open_meetings[0].school_year.team) if open_meetings else []
    rows: dict[int, list[Attendance | StoredStatus]] = {m.pk: [] for m in meetings}
    if len(meetings) == 1:  # the run view and the attendance check: compiled once
        for row in _ATTENDANCE(meeting=meetings[0].pk):
            rows[row.meeting_id].append(row)
    else:
        for meeting_id, row in _stored_statuses(meetings, members):
            rows[meeting_id].append(row)
    return {m.pk: _build(m, members, rows[m.pk]) for m in meetings}


class StoredStatus(NamedTuple):
    """An attendance row as the overviews of several meetings read it (a year of a team of
    60 has 360 rows: plain rows and one User per person, not a model object per row)."""

    user_id: int
    status: str
    user: User


_USER_FIELDS = ("id", "first_name", "last_name", "email")  # what the overviews show


def _statuses(rows: QuerySet[Attendance]) -> QuerySet:
    return rows.values_list("meeting_id", "status", *(f"user__{name}" for name in _USER_FIELDS))


_YEAR_STATUSES = Prepared(  # plg/prepared.py
    lambda year: _statuses(Attendance.objects.filter(meeting__school_year_id=year)),
    year=int,
)


def _stored_statuses(
    meetings: list[Meeting], members: list[Membership]
) -> list[tuple[int, StoredStatus]]:
    users = {m.user_id: m.user for m in members}
    years = {m.school_year_id for m in meetings}
    if len(years) == 1:  # the year review and the reports of a year: compiled once
        found = _YEAR_STATUSES(year=years.pop())
    else:
        found = _statuses(Attendance.objects.filter(meeting__in=meetings))
    wanted = {m.pk for m in meetings}
    rows = []
    for meeting_id, status, *user_values in found:
        if meeting_id not in wanted:  # another meeting of the year
            continue
        user = users.get(user_values[0])
        if user is None:  # a deferred User, as .only(*_USER_FIELDS) would give
            user = users[user_values[0]] = User.from_db(
                router.db_for_read(User), _USER_FIELDS, user_values
            )
        rows.append((meeting_id, StoredStatus(user.pk, status, user)))
    return rows


_ACTIVE_USERS = Prepared(  # plg/prepared.py
    lambda team: (
        Membership.objects.active()
        .filter(team_id=team)
        .values_list(*(f"user__{name}" for name in _USER_FIELDS))
    ),
    team=int,
)


def add_active_members(team_id: int, people: dict[int, User]) -> dict[int, User]:
    """`people` (user pk: User) with the team's active members added, read as plain rows:
    the overviews have most of them from the attendance already."""
    for values in _ACTIVE_USERS(team=team_id):
        if values[0] not in people:
            people[values[0]] = User.from_db(router.db_for_read(User), _USER_FIELDS, values)
    return people


def for_meeting(meeting: Meeting) -> MeetingAttendance:
    return for_meetings([meeting])[meeting.pk]


def expected_people(meeting: Meeting) -> list[User]:
    """Everyone who should be (or was) there, in name order."""
    return for_meeting(meeting).users


def present_ids(meeting: Meeting) -> list[int]:
    """Who is there: expected, not excused and not marked absent at the check."""
    return [
        user.pk
        for user, row in for_meeting(meeting).people
        if row is None or row.status not in (rule.EXCUSED, rule.ABSENT)
    ]


def is_expected(meeting: Meeting, membership: Membership, status: str | None) -> bool:
    """Whether the member of `membership` is expected at `meeting`, given their stored
    status there (None: no row)."""
    if meeting.attendance_fixed:
        return status is not None
    statuses = {membership.user_id: status} if status else {}
    member = rule.Member(membership.user_id, membership.is_leader)
    return membership.user_id in rule.expected_ids(
        [member] if membership.is_active else [],
        team_leader_attends=meeting.team_leader_attends,
        statuses=statuses,
    )


def expects(meeting: Meeting, membership: Membership) -> bool:
    """Whether this member is (or was) expected at the meeting, from their stored row."""
    status = (
        Attendance.objects.filter(meeting=meeting, user_id=membership.user_id)
        .values_list("status", flat=True)
        .first()
    )
    return is_expected(meeting, membership, status)


def attendance_check(meeting: Meeting) -> list[dict]:
    """The rows of the attendance check: each expected person, their afmelding if any
    (for its reason), and whether they start ticked."""
    return [
        {
            "user": user,
            "absence": row if row is not None and row.status == rule.EXCUSED else None,
            "present": rule.ticked_by_default(row.status if row is not None else rule.NOT_RECORDED),
        }
        for user, row in for_meeting(meeting).people
    ]


# --- writing ----------------------------------------------------------------------------


@transaction.atomic
def record_check(*, meeting: Meeting, present: set[int]) -> None:
    """The attendance check: each expected person is present, excused or absent."""
    for user, row in for_meeting(meeting).people:
        current = row.status if row is not None else rule.NOT_RECORDED
        status = rule.after_check(current, ticked=user.pk in present)
        if row is None:
            Attendance.objects.create(meeting=meeting, user=user, status=status)
        elif row.status != status:
            row.status = status
            row.save(update_fields=["status", "updated_at"])


def excuse(*, meeting: Meeting, user: User, reason: str, by: User | None) -> Attendance:
    """Record an afmelding agreed with the team leader."""
    row, _created = Attendance.objects.update_or_create(
        meeting=meeting,
        user=user,
        defaults={"status": rule.EXCUSED, "reason": reason, "recorded_by": by},
    )
    return row


def withdraw_excuse(row: Attendance) -> None:
    """The afmelding is withdrawn: the person is expected as anyone else again."""
    row.status = rule.NOT_RECORDED
    row.reason = ""
    row.save(update_fields=["status", "reason", "updated_at"])


def excused(meeting: Meeting) -> list[Attendance]:
    """The meeting's afmeldingen, with the people (the preparation page lists them)."""
    return _EXCUSED(meeting=meeting.pk)


_EXCUSED = Prepared(  # plg/prepared.py
    lambda meeting: Attendance.objects.excused().filter(meeting_id=meeting).select_related("user"),
    meeting=int,
)


def is_excused(meeting: Meeting, user: User) -> bool:
    return Attendance.objects.excused().filter(meeting=meeting, user=user).exists()


@transaction.atomic
def fix(meeting: Meeting) -> None:
    """Store who was expected at the closed meeting: a row per expected person (not
    recorded where the check did not say), and no rows for anyone else."""
    locked = (
        Meeting.objects.select_for_update().select_related("school_year__team").get(pk=meeting.pk)
    )
    meeting.attendance_fixed = True
    if locked.attendance_fixed:
        return
    sheet = for_meeting(locked)
    Attendance.objects.bulk_create(
        Attendance(meeting=locked, user=user) for user, row in sheet.people if row is None
    )
    Attendance.objects.filter(meeting=locked).exclude(user__in=sheet.users).delete()
    Meeting.objects.filter(pk=locked.pk).update(attendance_fixed=True)


def fix_past_meetings(team_id: int, today: datetime.date) -> None:
    """Fix the attendance of the team's meetings before `today` (called before the team
    changes, so a past meeting keeps the people it had)."""
    for meeting in Meeting.objects.filter(
        school_year__team_id=team_id, date__lt=today, attendance_fixed=False
    ):
        fix(meeting)


def on_membership_changing(sender, *, team_id: int, **kwargs) -> None:
    fix_past_meetings(team_id, timezone.localdate())


# --- the team leader's overview ---------------------------------------------------------------


@dataclass
class MemberRow:
    """One person's attendance over the year: a status per meeting (None: not expected)."""

    user: User
    cells: list[str | None]

    @property
    def summary(self) -> rule.Summary:
        return rule.summarise(cell for cell in self.cells if cell is not None)


@dataclass
class YearOverview:
    meetings: list[Meeting]
    sheets: dict[int, MeetingAttendance]
    rows: list[MemberRow]

    @property
    def columns(self) -> list[tuple[Meeting, rule.Summary]]:
        """Each meeting with its counts."""
        return [(m, self.sheets[m.pk].summary) for m in self.meetings]


def year_overview(year) -> YearOverview:
    """Per meeting and per member: present, excused (agreed absence), absent without notice
    or not recorded, for the whole year in three queries."""
    meetings = list(year.meetings.select_related("theme", "school_year__team").order_by("number"))
    sheets = for_meetings(meetings)
    statuses = {pk: sheet.statuses for pk, sheet in sheets.items()}
    users = {user.pk: user for sheet in sheets.values() for user in sheet.users}
    rows = [
        MemberRow(user=user, cells=[statuses[m.pk].get(user.pk) for m in meetings])
        for user in sorted(users.values(), key=_by_name)
    ]
    return YearOverview(meetings=meetings, sheets=sheets, rows=rows)
