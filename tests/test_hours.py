"""The jaartaak arithmetic (meetings/hours.py): planned, realised and the difference for
each role, with absences, preparation and members who joined or left during the year."""

from __future__ import annotations

import datetime
from decimal import Decimal

from meetings.attendance import ABSENT, EXCUSED, NOT_RECORDED, PRESENT
from meetings.hours import MeetingFact, Norms, member_hours

D = datetime.date
# Six meetings of 150 minutes (2.5 hours), one a month from September.
DATES = [
    D(2026, 9, 15),
    D(2026, 10, 13),
    D(2026, 11, 17),
    D(2027, 1, 19),
    D(2027, 3, 16),
    D(2027, 6, 15),
]
END_OF_YEAR = D(2027, 7, 16)


def _year(statuses=(), prepared=(), minutes=150):
    statuses = list(statuses) + [None] * (6 - len(statuses))
    return [
        MeetingFact(date=d, duration_minutes=minutes, status=s, prepared=i in prepared)
        for i, (d, s) in enumerate(zip(DATES, statuses, strict=True))
    ]


def test_teacher_present_at_all_six_meetings_realises_fifteen_hours():
    hours = member_hours(
        role="teamlid", norms=Norms(), meetings=_year([PRESENT] * 6), today=END_OF_YEAR
    )

    assert hours.planned == Decimal("15.00")
    assert hours.planned_preparation == 0
    assert hours.realised == Decimal("15.00")
    assert hours.difference == 0
    assert hours.meetings_attended == 6


def test_absences_excused_or_not_earn_no_hours():
    meetings = _year([PRESENT, EXCUSED, ABSENT, PRESENT, NOT_RECORDED, PRESENT])

    hours = member_hours(role="teamlid", norms=Norms(), meetings=meetings, today=END_OF_YEAR)

    assert hours.realised_participation == Decimal("7.50")
    assert hours.difference == Decimal("-7.50")
    assert hours.meetings_attended == 3


def test_developer_gets_planned_preparation_split_over_the_meetings_they_prepare():
    # Prepares meetings 2 and 4: 2.5 of the 5 preparation hours each, once held.
    meetings = _year([PRESENT] * 6, prepared={1, 3})

    halfway = member_hours(
        role="ontwikkelteam", norms=Norms(), meetings=meetings, today=D(2026, 12, 1)
    )
    at_the_end = member_hours(
        role="ontwikkelteam", norms=Norms(), meetings=meetings, today=END_OF_YEAR
    )

    assert at_the_end.planned == Decimal("20.00")
    assert halfway.realised_preparation == Decimal("2.50")
    assert at_the_end.realised_preparation == Decimal("5.00")
    assert at_the_end.realised == Decimal("20.00")
    assert at_the_end.meetings_prepared == 2


def test_developer_who_prepares_nothing_realises_no_preparation():
    hours = member_hours(
        role="ontwikkelteam", norms=Norms(), meetings=_year([PRESENT] * 6), today=END_OF_YEAR
    )

    assert hours.realised_preparation == 0
    assert hours.difference == Decimal("-5.00")


def test_member_who_joined_mid_year_is_planned_the_share_of_meetings_in_their_membership():
    # Joined on 1 January: meetings 4, 5 and 6 fall within the membership.
    hours = member_hours(
        role="teamlid",
        norms=Norms(),
        meetings=_year(),
        today=END_OF_YEAR,
        started_on=D(2027, 1, 1),
    )

    assert hours.meetings_in_membership == 3
    assert hours.planned == Decimal("7.50")


def test_developer_who_left_mid_year_keeps_the_meetings_before_leaving():
    meetings = _year([PRESENT, PRESENT], prepared={0})

    hours = member_hours(
        role="ontwikkelteam",
        norms=Norms(),
        meetings=meetings,
        today=END_OF_YEAR,
        started_on=D(2026, 8, 1),
        ended_on=D(2026, 11, 1),
    )

    assert hours.meetings_in_membership == 2
    assert hours.planned_preparation == Decimal("1.67")
    assert hours.planned_participation == Decimal("5.00")
    # The one meeting they prepared gets all of their (pro rata) preparation.
    assert hours.realised_preparation == Decimal("1.67")
    assert hours.realised_participation == Decimal("5.00")
    assert hours.difference == 0


def test_a_recorded_meeting_counts_within_the_membership_whatever_its_dates():
    # Marked present at meeting 1 although the membership says it started later.
    hours = member_hours(
        role="teamlid",
        norms=Norms(),
        meetings=_year([PRESENT]),
        today=END_OF_YEAR,
        started_on=D(2026, 12, 1),
    )

    assert hours.meetings_in_membership == 4
    assert hours.realised == Decimal("2.50")


def test_team_norms_change_the_planned_hours():
    norms = Norms(developer_preparation=10, developer_participation=12, member_participation=20)

    developer = member_hours(role="ontwikkelteam", norms=norms, meetings=_year(), today=END_OF_YEAR)
    teacher = member_hours(role="teamlid", norms=norms, meetings=_year(), today=END_OF_YEAR)

    assert developer.planned == Decimal("22.00")
    assert teacher.planned == Decimal("20.00")


def test_the_team_leader_has_no_jaartaak_for_the_cycle_but_their_hours_count():
    hours = member_hours(
        role="teamleider", norms=Norms(), meetings=_year([PRESENT]), today=END_OF_YEAR
    )

    assert hours.planned == 0
    assert hours.realised == Decimal("2.50")


def test_a_year_without_meetings_plans_nothing():
    hours = member_hours(role="teamlid", norms=Norms(), meetings=[], today=END_OF_YEAR)

    assert hours.planned == 0
    assert hours.realised == 0
