"""What a person's dashboard shows of the year: the meetings with their own attendance and
the report status, in one query."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import F, OuterRef, Q, QuerySet, Subquery

from meetings.access import groups_known_to_team
from meetings.attendance import NOT_RECORDED
from meetings.models import Attendance, Case, Meeting, Report, SchoolYear, SmallGroup
from meetings.services import attendance
from plg.models import Membership, Team, User
from plg.prepared import Prepared

#: Own cases shown on the dashboard; the cases page has them all.
MY_CASES_SHOWN = 5


def _dashboard_meetings(year: int, user: int) -> QuerySet[Meeting]:
    return (
        Meeting.objects.filter(school_year_id=year)
        .with_details()
        .select_related("run")
        .annotate(
            report_status=F("report__status"),
            my_status=Subquery(
                Attendance.objects.filter(meeting=OuterRef("pk"), user_id=user).values("status")[:1]
            ),
        )
        .order_by("number")
    )


_DASHBOARD_MEETINGS = Prepared(_dashboard_meetings, year=int, user=int)  # plg/prepared.py


def dashboard_meetings(year: SchoolYear, user: User) -> list[Meeting]:
    """The year's meetings with preparers, theme, the report's status and `user`'s stored
    attendance status (None: no row)."""
    return _DASHBOARD_MEETINGS(year=year.pk, user=user.pk)


@dataclass(frozen=True)
class MyAttendance:
    meeting: Meeting
    status: str  # one of meetings.attendance.STATUSES


def my_attendance(
    meetings: list[Meeting], membership: Membership, today: datetime.date
) -> list[MyAttendance]:
    """The member's attendance at the meetings so far that they were expected at (the team
    leader only at meetings 1 and 6; at a closed meeting: who was expected then), as the
    report and the year review show it. Pass meetings from dashboard_meetings."""
    rows = []
    for meeting in meetings:
        if meeting.date > today:
            continue
        if not attendance.is_expected(meeting, membership, meeting.my_status):
            continue
        rows.append(MyAttendance(meeting=meeting, status=meeting.my_status or NOT_RECORDED))
    return rows


def published_reports(meetings: list[Meeting]) -> list[Meeting]:
    return [m for m in meetings if m.report_status == Report.Status.PUBLISHED]


def my_cases(*, user: User, team: Team) -> list[Case]:
    """The user's own cases in this team, newest first (owners always see their cases).
    One more than shown is fetched, to know whether there are more."""
    return _MY_CASES(user=user.pk, team=team.pk)


_MY_CASES = Prepared(  # plg/prepared.py
    lambda user, team: (
        Case.objects.filter(owner_id=user, team_id=team)
        .select_related("meeting")
        .only("title", "created_at", "meeting", "meeting__number", "meeting__date")
        .order_by("-created_at")[: MY_CASES_SHOWN + 1]
    ),
    user=int,
    team=int,
)


@dataclass(frozen=True)
class MyGroup:
    """The small group a person is in (or leads) at a meeting, as their dashboard shows it."""

    group: SmallGroup
    leads: bool
    user_id: int

    @property
    def companions(self) -> list[User]:
        """The group's members other than this person."""
        return [m for m in self.group.members.all() if m.pk != self.user_id]


_MY_GROUP = Prepared(  # plg/prepared.py
    lambda meeting, user: (
        SmallGroup.objects.filter(meeting_id=meeting)
        .filter(Q(leader_id=user) | Q(members=user))
        .select_related("leader")
        .prefetch_related("members")
        .order_by("number")
        .distinct()[:1]
    ),
    meeting=int,
    user=int,
)


def my_group(meeting: Meeting | None, user: User) -> MyGroup | None:
    """The user's group at `meeting` once the team may know it (groups_known_to_team), in
    two queries; None before that, or when they are in no group. Pass a meeting from
    dashboard_meetings (its run is selected with it)."""
    if meeting is None or not groups_known_to_team(getattr(meeting, "run", None)):
        return None
    found = _MY_GROUP(meeting=meeting.pk, user=user.pk)
    if not found:
        return None
    group = found[0]
    group.meeting = meeting  # for group.where, without another query
    return MyGroup(group=group, leads=group.leader_id == user.pk, user_id=user.pk)
