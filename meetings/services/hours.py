"""The jaartaak hours of a team's members in one school year, and a member's evidence for
their yearly review (gesprekkencyclus). The arithmetic is meetings/hours.py; this module
reads the database for it, in a fixed number of queries however large the team is.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from meetings import hours as rule
from meetings.attendance import PRESENT
from meetings.models import (
    Attendance,
    Case,
    FirstStep,
    LearningQuestion,
    Meeting,
    SchoolYear,
    SmallGroup,
)
from plg.models import Membership, Team, User


def norms(team: Team) -> rule.Norms:
    return rule.Norms(
        developer_preparation=team.hours_developer_preparation,
        developer_participation=team.hours_developer_participation,
        member_participation=team.hours_member_participation,
    )


@dataclass
class MemberHours:
    membership: Membership
    hours: rule.Hours

    @property
    def user(self) -> User:
        return self.membership.user


def _year_memberships(year: SchoolYear, with_rows: set[int]) -> list[Membership]:
    """The team's memberships during the year: those whose dates overlap it, and anyone with
    an attendance row in it."""
    memberships = Membership.objects.for_team(year.team).select_related("user")
    return [
        m
        for m in memberships
        if m.user_id in with_rows
        or (m.started_on <= year.last_day and (m.ended_on is None or m.ended_on >= year.first_day))
    ]


def _facts(
    meetings: list[Meeting], statuses: dict[tuple[int, int], str], prepared: set[tuple[int, int]]
):
    def facts_for(user_id: int) -> list[rule.MeetingFact]:
        return [
            rule.MeetingFact(
                date=m.date,
                duration_minutes=m.duration_minutes,
                status=statuses.get((m.pk, user_id)),
                prepared=(m.pk, user_id) in prepared,
            )
            for m in meetings
        ]

    return facts_for


def _year_data(year: SchoolYear, user: User | None = None):
    meetings = list(year.meetings.select_related("theme").order_by("number"))
    rows = Attendance.objects.filter(meeting__school_year=year)
    preparers = Meeting.preparers.through.objects.filter(meeting__school_year=year)
    if user is not None:
        rows = rows.filter(user=user)
        preparers = preparers.filter(user=user)
    statuses = {(m, u): s for m, u, s in rows.values_list("meeting_id", "user_id", "status")}
    prepared = set(preparers.values_list("meeting_id", "user_id"))
    return meetings, statuses, prepared


def _hours(membership, facts_for, team_norms, today) -> rule.Hours:
    return rule.member_hours(
        role=membership.role,
        norms=team_norms,
        meetings=facts_for(membership.user_id),
        today=today,
        started_on=membership.started_on,
        ended_on=membership.ended_on,
    )


def team_hours(year: SchoolYear, today: datetime.date) -> list[MemberHours]:
    """Every member's hours in the year, in name order (four queries)."""
    meetings, statuses, prepared = _year_data(year)
    facts_for = _facts(meetings, statuses, prepared)
    team_norms = norms(year.team)
    with_rows = {user for _meeting, user in statuses}
    return [
        MemberHours(membership=m, hours=_hours(m, facts_for, team_norms, today))
        for m in _year_memberships(year, with_rows)
    ]


# --- the evidence for the yearly review ------------------------------------------------------


@dataclass
class Evidence:
    """What a member did in the cycle this year, as evidence for their yearly review."""

    membership: Membership
    year: SchoolYear
    hours: rule.Hours
    attended: list[Meeting] = field(default_factory=list)
    prepared: list[Meeting] = field(default_factory=list)
    led_groups: list[SmallGroup] = field(default_factory=list)
    case_titles: list[Case] = field(default_factory=list)
    first_steps: list[FirstStep] = field(default_factory=list)
    #: Their own learning question of the year (private or not: the evidence is theirs).
    learning_question: LearningQuestion | None = None


def evidence(year: SchoolYear, membership: Membership, today: datetime.date) -> Evidence:
    """The member's meetings attended, hours, roles (preparer, group leader), cases brought
    in (titles only), first steps and learning question with its look back, in this year."""
    user = membership.user
    meetings, statuses, prepared = _year_data(year, user)
    facts_for = _facts(meetings, statuses, prepared)
    return Evidence(
        membership=membership,
        year=year,
        hours=_hours(membership, facts_for, norms(year.team), today),
        attended=[m for m in meetings if statuses.get((m.pk, user.pk)) == PRESENT],
        prepared=[m for m in meetings if (m.pk, user.pk) in prepared],
        led_groups=list(
            SmallGroup.objects.filter(meeting__school_year=year, leader=user)
            .select_related("meeting")
            .order_by("meeting__number", "number")
        ),
        case_titles=list(
            Case.objects.filter(team=year.team, owner=user)
            .filter(meeting__school_year=year)
            .select_related("meeting")
            .only("title", "learning_question", "meeting__number", "meeting__date")
            .order_by("meeting__date", "created_at")
        ),
        first_steps=list(
            FirstStep.objects.filter(owner=user, group__meeting__school_year=year)
            .select_related("group__meeting")
            .order_by("group__meeting__number", "created_at")
        ),
        learning_question=LearningQuestion.objects.filter(owner=user, school_year=year).first(),
    )
