"""The attendance rule (meetings/attendance.py), migration 0006 that made attendance one
model, and the demo fixture built with it."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from meetings import attendance as rule
from meetings.models import Attendance, Meeting, Report
from meetings.services import attendance
from meetings.services.reports import report_contents, reports_with_details
from plg.models import Membership, Role
from tests.factories import AttendanceFactory

LEADER, TEACHER, FORMER = 1, 2, 3


# --- the rule -------------------------------------------------------------------------------------


def members() -> list[rule.Member]:
    return [rule.Member(LEADER, True), rule.Member(TEACHER, False)]


def test_team_leader_is_expected_only_at_the_meetings_they_attend():
    assert rule.expected_ids(members(), team_leader_attends=True) == {LEADER, TEACHER}
    assert rule.expected_ids(members(), team_leader_attends=False) == {TEACHER}


def test_someone_marked_at_the_check_stays_expected_after_leaving_the_team():
    statuses = {FORMER: rule.PRESENT, LEADER: rule.EXCUSED}
    expected = rule.expected_ids(members(), team_leader_attends=False, statuses=statuses)
    # An afmelding of someone not expected does not make them expected.
    assert expected == {TEACHER, FORMER}


@pytest.mark.parametrize(
    ("before", "ticked", "after"),
    [
        (rule.NOT_RECORDED, True, rule.PRESENT),
        (rule.NOT_RECORDED, False, rule.ABSENT),
        (rule.EXCUSED, False, rule.EXCUSED),
        (rule.EXCUSED, True, rule.PRESENT),  # came anyway
        (rule.PRESENT, False, rule.ABSENT),
        (rule.ABSENT, True, rule.PRESENT),
    ],
)
def test_the_attendance_check(before, ticked, after):
    assert rule.after_check(before, ticked=ticked) == after


def test_the_check_starts_with_everyone_ticked_but_the_excused_and_absent():
    ticked = {s: rule.ticked_by_default(s) for s in rule.STATUSES}
    assert ticked == {
        rule.PRESENT: True,
        rule.EXCUSED: False,
        rule.ABSENT: False,
        rule.NOT_RECORDED: True,
    }


def test_summary_counts_and_whether_the_check_was_done():
    summary = rule.summarise(
        [rule.PRESENT, rule.PRESENT, rule.EXCUSED, rule.ABSENT, rule.NOT_RECORDED]
    )
    assert (summary.expected, summary.present, summary.absent, summary.not_recorded) == (5, 2, 2, 1)
    assert summary.recorded
    assert not rule.summarise([rule.EXCUSED, rule.NOT_RECORDED]).recorded
    assert rule.summarise([]).expected == 0


def test_attendance_of_some_meetings_of_a_year_is_theirs_only(meetings, other_year, bob, carol):
    """The overviews read a year's rows in one query (services.attendance._YEAR_STATUSES);
    the rows of the year's other meetings, and of another team's year, stay out."""
    AttendanceFactory(meeting=meetings[2], user=carol, status=rule.ABSENT)
    AttendanceFactory(meeting=meetings[3], user=carol, status=rule.EXCUSED)
    AttendanceFactory(meeting=meetings[4], user=bob, status=rule.ABSENT)
    for meeting in meetings.values():
        meeting.attendance_fixed = True
    elsewhere = other_year.meetings.get(number=2)
    elsewhere.attendance_fixed = True
    AttendanceFactory(meeting=elsewhere, status=rule.PRESENT)

    one_year = attendance.for_meetings([meetings[2], meetings[4]])
    two_years = attendance.for_meetings([meetings[3], elsewhere])

    assert set(one_year) == {meetings[2].pk, meetings[4].pk}
    assert one_year[meetings[2].pk].statuses == {carol.pk: rule.ABSENT}
    assert one_year[meetings[4].pk].statuses == {bob.pk: rule.ABSENT}
    assert two_years[meetings[3].pk].statuses == {carol.pk: rule.EXCUSED}
    assert list(two_years[elsewhere.pk].statuses.values()) == [rule.PRESENT]


# --- migration 0006 -------------------------------------------------------------------------------

BEFORE = [("meetings", "0005_cases_votes_reports_evaluations")]
AFTER = [("meetings", "0006_attendance_one_model")]


@pytest.fixture
def migrator(transactional_db):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    yield executor
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_migration_moves_absences_and_marks_into_one_status_and_fixes_closed_meetings(migrator):
    old = migrator.loader.project_state(BEFORE).apps
    team = old.get_model("plg", "Team").objects.create(name="Team", slug="team")
    user_model = old.get_model("plg", "User")
    people = {
        name: user_model.objects.create(email=f"{name}@school.test", first_name=name)
        for name in ("leider", "er", "weg", "ziek", "toch", "stil", "oud")
    }
    membership = old.get_model("plg", "Membership")
    for name, person in people.items():
        role = Role.TEAM_LEADER if name == "leider" else Role.TEACHER
        membership.objects.create(team=team, user=person, role=role, is_active=name != "oud")
    year = old.get_model("meetings", "SchoolYear").objects.create(
        team=team,
        name="2026–2027",
        first_day=datetime.date(2026, 8, 31),
        last_day=datetime.date(2027, 7, 16),
        region="midden",
    )
    meeting_model = old.get_model("meetings", "Meeting")

    def meeting(number, day):
        return meeting_model.objects.create(
            school_year=year,
            number=number,
            date=day,
            planned_date=day,
            start_time=datetime.time(14, 30),
        )

    held, coming = meeting(2, datetime.date(2026, 10, 6)), meeting(3, datetime.date(2027, 1, 5))
    old.get_model("meetings", "MeetingRun").objects.create(
        meeting=held, status="closed", projector_token="t"
    )
    marks = old.get_model("meetings", "Attendance").objects
    absence = old.get_model("meetings", "Absence").objects
    for name, present in [("er", True), ("weg", False), ("ziek", False), ("toch", True)]:
        marks.create(meeting=held, user=people[name], present=present)
    marks.create(meeting=held, user=people["oud"], present=True)  # left the team since
    absence.create(meeting=held, user=people["ziek"], reason="Ziek", recorded_by=people["leider"])
    absence.create(meeting=held, user=people["toch"], reason="Tandarts")
    absence.create(meeting=coming, user=people["er"], reason="Examen")

    migrator.loader.build_graph()
    migrator.migrate(AFTER)

    new = migrator.loader.project_state(AFTER).apps
    rows = new.get_model("meetings", "Attendance").objects
    held_rows = {r.user.first_name: (r.status, r.reason) for r in rows.filter(meeting_id=held.pk)}
    assert held_rows == {
        "er": ("present", ""),
        "weg": ("absent", ""),
        "ziek": ("excused", "Ziek"),
        "toch": ("present", "Tandarts"),  # excused beforehand, but came
        "stil": ("not_recorded", ""),  # expected, not marked: stored as who was expected
        "oud": ("present", ""),
    }  # the team leader does not attend meeting 2
    ziek = rows.get(meeting_id=held.pk, user_id=people["ziek"].pk)
    assert ziek.recorded_by_id == people["leider"].pk
    assert [(r.user.first_name, r.status, r.reason) for r in rows.filter(meeting_id=coming.pk)] == [
        ("er", "excused", "Examen")
    ]
    meetings = new.get_model("meetings", "Meeting").objects
    assert meetings.get(pk=held.pk).attendance_fixed
    assert not meetings.get(pk=coming.pk).attendance_fixed
    with pytest.raises(LookupError):
        new.get_model("meetings", "Absence")

    migrator.loader.build_graph()
    migrator.migrate(BEFORE)  # and back: the afmeldingen and the marks as they were

    old = migrator.loader.project_state(BEFORE).apps
    back = old.get_model("meetings", "Absence").objects
    assert sorted(back.values_list("user__first_name", "reason")) == [
        ("er", "Examen"),
        ("toch", "Tandarts"),
        ("ziek", "Ziek"),
    ]
    marked = old.get_model("meetings", "Attendance").objects.filter(meeting_id=held.pk)
    assert dict(marked.values_list("user__first_name", "present")) == {
        "er": True,
        "weg": False,
        "toch": True,
        "oud": True,
    }


# --- the demo -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_demo_fixture_loads_and_its_pages_agree_on_attendance():
    call_command("loaddata", "demo", verbosity=0)

    second = Meeting.objects.get(number=2)
    assert second.attendance_fixed
    sheet = attendance.for_meeting(second)
    assert (sheet.expected, sheet.present, sheet.absent) == (22, 19, 3)
    report = reports_with_details().get(meeting=second, status=Report.Status.PUBLISHED)
    [contents] = report_contents([report])
    assert (contents.attendance.present, contents.attendance.expected) == (19, 22)
    excused = Attendance.objects.excused().filter(meeting=second)
    assert sorted(excused.values_list("reason", flat=True)) == ["Examencommissie", "Ziek"]
    leader = Membership.objects.get(role=Role.TEAM_LEADER)
    assert attendance.is_expected(Meeting.objects.get(number=1), leader, rule.PRESENT)


# --- the admin ------------------------------------------------------------------------------------


def test_admin_lists_and_opens_attendance(admin_client, meeting, carol):
    row = AttendanceFactory(meeting=meeting, user=carol, status=Attendance.Status.EXCUSED)

    listing = admin_client.get(reverse("admin:meetings_attendance_changelist"))
    change = admin_client.get(reverse("admin:meetings_attendance_change", args=[row.pk]))

    assert listing.status_code == change.status_code == 200
    assert "Carol" in listing.content.decode()
