"""The benchmark's own data: a school of several teams, each with years of history.

`build_school()` fills an empty (migrated) database and returns a `School` with what the
benchmarks open: per team its people by role and the objects behind each main page.
School years are placed by the app's rule (meetings/services) and meetings are closed and
their reports drafted by the app; the bulky rows of an earlier meeting (attendance, groups,
notes, cases, first steps, evaluations) are written in bulk, so a school of five years
builds in well under a minute. Today's meeting has its attendance checked and its groups
composed by the app (the solver).

The current school year is the one of today: its meetings before today took place, the
next one is running now (groups composed, notes being written, the projector open).
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from meetings import services as meeting_services
from meetings.models import (
    Agreement,
    Attendance,
    CalendarFeed,
    Case,
    EvaluationReceipt,
    EvaluationResponse,
    FirstStep,
    GroupNote,
    Meeting,
    MeetingRun,
    Report,
    SmallGroup,
    Theme,
)
from meetings.school_holidays import suggest_school_year
from meetings.services import running
from plg.models import Membership, MembershipEvent, Role, Team, User

PASSWORD = "bench-password-123"

#: (people, earlier school years) per team; the first is "small", the last "big". Teams of
#: 35 or more have five group leaders or more (a development team of one in seven), which
#: the load test's meetings need.
FULL_SCHOOL = [(15, 1), (35, 2), (45, 1), (60, 5)]
QUICK_SCHOOL = [(15, 1), (35, 1), (40, 1), (60, 5)]
TINY_SCHOOL = [(6, 1), (8, 1)]  # the package's own test

_WORDS = (
    "pesten klas mentor stage ouders groepsapp feedback rust orde motivatie verzuim "
    "samenwerken toetsing begeleiding gesprek grenzen vertrouwen planning leerling student "
    "praktijkles werkplek taal rekenen examen zorg welzijn collega startende docent"
)
WORDS = _WORDS.split()


@dataclass
class TeamData:
    team: Team
    people: int
    years: int
    leader: User
    developers: list[User]
    teachers: list[User]
    current_year: object = None
    last_past_year: object = None
    running_meeting: Meeting | None = None
    run: MeetingRun | None = None
    group_leader: User | None = None
    group: object = None
    first_meeting: Meeting | None = None
    report_meeting: Meeting | None = None
    year_review_meeting: Meeting | None = None
    feed_token: str = ""
    search_word: str = "pesten"


@dataclass
class School:
    teams: list[TeamData] = field(default_factory=list)

    @property
    def small(self) -> TeamData:
        return self.teams[0]

    @property
    def big(self) -> TeamData:
        return self.teams[-1]


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def _school_year_start(today: datetime.date) -> int:
    return today.year if today.month >= 8 else today.year - 1


def build_school(sizes=FULL_SCHOOL, *, today: datetime.date | None = None) -> School:
    """Build every team of `sizes` ((people, earlier years) each) on an empty database."""
    today = today or timezone.localdate()
    password = make_password(PASSWORD)
    school = School()
    for index, (people, years) in enumerate(sizes):
        with transaction.atomic():
            school.teams.append(_build_team(index, people, years, today, password))
    return school


def _build_team(index: int, people: int, years: int, today, password: str) -> TeamData:
    rng = random.Random(index)
    slug = f"team-{index + 1}-{people}"
    team = Team.objects.create(
        name=f"Team {index + 1} ({people})",
        slug=slug,
        school="Benchmarkcollege",
        region="midden",
        default_weekday=1,
        default_start_time=datetime.time(14, 30),
        default_room="B1.12",
    )
    n_developers = max(3, people // 7)
    users = User.objects.bulk_create(
        User(
            email=f"{slug}-{n}@bench.test",
            first_name=f"Persoon{n}",
            last_name=f"{team.name.split()[1]}-{n}",
            password=password,
        )
        for n in range(people)
    )
    roles = [Role.TEAM_LEADER] + [Role.DEVELOPER] * n_developers
    roles += [Role.TEACHER] * (people - len(roles))
    joined = datetime.date(_school_year_start(today) - years, 8, 20)
    memberships = Membership.objects.bulk_create(
        Membership(team=team, user=user, role=role, started_on=joined)
        for user, role in zip(users, roles, strict=True)
    )
    MembershipEvent.objects.bulk_create(
        MembershipEvent(
            membership=m,
            kind=MembershipEvent.Kind.JOINED,
            new_role=m.role,
            at=timezone.make_aware(datetime.datetime.combine(joined, datetime.time(9))),
        )
        for m in memberships
    )
    data = TeamData(
        team=team,
        people=people,
        years=years,
        leader=users[0],
        developers=users[1 : 1 + n_developers],
        teachers=users[1 + n_developers :],
    )
    meeting_services.add_example_themes(
        team=team, titles=[t for t, _d in meeting_services.EXAMPLE_THEMES], by=None
    )
    Theme.objects.bulk_create(
        Theme(team=team, title=f"Thema {n}: {_text(rng, 3)}", proposed_by=rng.choice(users))
        for n in range(3 * years)
    )
    themes = list(Theme.objects.filter(team=team).exclude(title__iexact="Introductie"))
    start = _school_year_start(today)
    for offset in range(years, -1, -1):
        year = _school_year(team, start - offset)
        meetings = list(year.meetings.order_by("number"))
        for meeting in meetings:
            if 2 <= meeting.number <= 5:
                meeting.theme = rng.choice(themes)
                meeting.save(update_fields=["theme"])
            meeting.preparers.set(rng.sample(data.developers, 2))
        if offset:
            data.last_past_year = year
            for meeting in meetings:
                _past_meeting(data, meeting, rng)
            data.year_review_meeting = meetings[-1]
            continue
        data.current_year = year
        data.first_meeting = meetings[0]
        upcoming = [m for m in meetings if m.date >= today]
        past = [m for m in meetings if m.date < today]
        for meeting in past:
            _past_meeting(data, meeting, rng)
        data.report_meeting = past[-1] if past else None
        running_meeting = upcoming[0] if upcoming else meetings[-1]
        _running_meeting(data, running_meeting, today, rng)
    # Two people left the team (the members page lists former members).
    for membership in Membership.objects.filter(team=team, role=Role.TEACHER).order_by("-pk")[:2]:
        membership.deactivate(by=data.leader)
    data.feed_token = CalendarFeed.objects.create(user=data.leader).token
    return data


def _school_year(team: Team, start_year: int):
    suggestion = suggest_school_year("midden", start_year)
    year, _warnings = meeting_services.create_school_year(
        team=team,
        name=f"{start_year}–{start_year + 1}",
        first_day=suggestion["first_day"],
        last_day=suggestion["last_day"],
        region="midden",
        periods=suggestion["periods"],
    )
    return year


def _cases(data: TeamData, meeting: Meeting, groups, rng: random.Random) -> None:
    """One case per group, brought in by one of its members, and the group's score."""
    cases = Case.objects.bulk_create(
        Case(
            team=data.team,
            meeting=meeting,
            owner_id=(list(group.members.values_list("pk", flat=True)) or [group.leader_id])[0],
            title=_text(rng, 6),
            situation=_text(rng, 40),
            question=_text(rng, 12) + "?",
            may_quote=group.number % 2 == 1,
        )
        for group in groups
    )
    for group, case in zip(groups, cases, strict=True):
        group.case = case
        group.answer_score = rng.randint(4, 9)
    SmallGroup.objects.bulk_update(groups, ["case", "answer_score"])


def _composed(data: TeamData, meeting: Meeting, rng: random.Random):
    """The meeting of today: the attendance check and the groups as the app makes them."""
    running.ensure_run(meeting=meeting)
    running.set_attendance(meeting=meeting, present=_present(data, meeting, rng))
    groups = running.compose_meeting_groups(meeting=meeting, seed=meeting.pk)
    _cases(data, meeting, groups, rng)
    return groups


def _dealt(data: TeamData, meeting: Meeting, rng: random.Random):
    """An earlier meeting, written in bulk: the attendance rows, and groups of the people
    present dealt out in turn to the development team (the solver's work is the grouping
    benchmark's business; here only the rows matter)."""
    running.ensure_run(meeting=meeting)
    present = _present(data, meeting, rng)
    expected = [u.pk for u in running.expected_people(meeting)]
    Attendance.objects.bulk_create(
        Attendance(
            meeting=meeting,
            user_id=pk,
            status=Attendance.Status.PRESENT if pk in present else Attendance.Status.ABSENT,
        )
        for pk in expected
    )
    leaders = [d.pk for d in data.developers if d.pk in present]
    others = [pk for pk in expected if pk in present and pk not in leaders]
    rng.shuffle(others)
    groups = SmallGroup.objects.bulk_create(
        SmallGroup(meeting=meeting, number=n, leader_id=pk) for n, pk in enumerate(leaders, 1)
    )
    Members = SmallGroup.members.through
    Members.objects.bulk_create(
        Members(smallgroup_id=groups[i % len(groups)].pk, user_id=pk) for i, pk in enumerate(others)
    )
    _cases(data, meeting, groups, rng)
    return groups


def _present(data: TeamData, meeting: Meeting, rng: random.Random) -> set[int]:
    """Everyone expected, but one in eight teachers (never a group leader)."""
    ids = {u.pk for u in running.expected_people(meeting)}
    leaders = {d.pk for d in data.developers}
    missing = rng.sample(sorted(ids - leaders), k=len(ids) // 8)
    return ids - set(missing)


def _past_meeting(data: TeamData, meeting: Meeting, rng: random.Random) -> None:
    """A meeting that took place: groups with notes, first steps and cases, evaluations,
    its report drafted by the app, with agreements, published."""
    groups = _dealt(data, meeting, rng)
    run = running.find_run(meeting)
    run.phase0_format, run.phase0_who, run.phase0_what = "presentation", "", _text(rng, 20)
    run.save()
    GroupNote.objects.bulk_create(
        GroupNote(group=group, phase=phase, text=_text(rng, 30 if phase >= 3 else 12), version=1)
        for group in groups
        for phase in (1, 2, 3, 4, 5)
    )
    FirstStep.objects.bulk_create(
        FirstStep(group=group, owner_id=pk, what=_text(rng, 8))
        for group in groups
        for pk in list(group.members.values_list("pk", flat=True))[:3]
    )
    start = timezone.make_aware(datetime.datetime.combine(meeting.date, meeting.start_time))
    MeetingRun.objects.filter(pk=run.pk).update(
        status=MeetingRun.Status.RUNNING, started_at=start, current_step=0, step_started_at=start
    )
    present = list(
        Attendance.objects.filter(meeting=meeting, status=Attendance.Status.PRESENT).values_list(
            "user", flat=True
        )
    )
    answering = present[: max(1, len(present) * 2 // 3)]
    EvaluationReceipt.objects.bulk_create(
        EvaluationReceipt(meeting=meeting, user_id=pk) for pk in answering
    )
    EvaluationResponse.objects.bulk_create(
        EvaluationResponse(
            meeting=meeting,
            experience=rng.randint(2, 5),
            learning=_text(rng, 10),
            method=_text(rng, 8),
            bothers=_text(rng, 6) if rng.random() < 0.3 else "",
        )
        for _ in answering
    )
    report = running.close_meeting(meeting=meeting, now=start + datetime.timedelta(minutes=150))
    report.conclusions = _text(rng, 40)
    report.save(update_fields=["conclusions"])
    Agreement.objects.bulk_create(
        Agreement(
            report=report,
            what=_text(rng, 8),
            who=rng.choice(data.developers).get_full_name(),
            due=meeting.date + datetime.timedelta(days=21 * (n + 1)),
        )
        for n in range(2)
    )
    # Published as reports.publish_report does, without queueing a notice to everyone.
    Report.objects.filter(pk=report.pk).update(
        status=Report.Status.PUBLISHED,
        published_at=start + datetime.timedelta(days=2),
        published_by=data.developers[0],
    )


def _running_meeting(data: TeamData, meeting: Meeting, today, rng: random.Random) -> None:
    """The meeting of today, in phase 3: groups composed, phase 1 and 3 notes written."""
    Meeting.objects.filter(pk=meeting.pk).update(date=today)
    meeting.refresh_from_db()
    groups = _composed(data, meeting, rng)
    run = running.find_run(meeting)
    GroupNote.objects.bulk_create(
        GroupNote(group=group, phase=phase, text=_text(rng, 20), version=1)
        for group in groups
        for phase in (1, 3)
    )
    now = timezone.now()
    MeetingRun.objects.filter(pk=run.pk).update(
        status=MeetingRun.Status.RUNNING,
        started_at=now - datetime.timedelta(minutes=40),
        current_step=3,
        step_started_at=now - datetime.timedelta(minutes=5),
    )
    run.refresh_from_db()
    data.running_meeting = meeting
    data.run = run
    data.group = groups[0]
    data.group_leader = groups[0].leader
    return run, groups


@dataclass
class LoadMeeting:
    team: TeamData
    meeting: Meeting
    run: MeetingRun
    groups: list  # SmallGroup, each with its leader


def load_meetings(school: School, count: int, *, leaders: int) -> list[LoadMeeting]:
    """`count` meetings running at once for the load test: each team's meeting of today and,
    as if they were other teams' meetings of today, its later meetings of this year, taken
    from the teams with at least `leaders` groups. Changes the data: run it after the pages
    and PDF benchmarks."""
    from django.utils import timezone as tz

    found: list[LoadMeeting] = []
    teams = [t for t in school.teams if len(t.developers) >= leaders]
    for team in teams:
        found.append(
            LoadMeeting(
                team,
                team.running_meeting,
                team.run,
                list(team.running_meeting.groups.order_by("number")),
            )
        )
    later = {
        t.team.pk: list(
            t.current_year.meetings.filter(number__gt=t.running_meeting.number).order_by("number")
        )
        for t in teams
    }
    while len(found) < count and any(later.values()):
        for team in teams:
            if len(found) >= count or not later[team.team.pk]:
                continue
            meeting = later[team.team.pk].pop(0)
            rng = random.Random(meeting.pk)
            with transaction.atomic():
                Meeting.objects.filter(pk=meeting.pk).update(date=tz.localdate())
                meeting.refresh_from_db()
                groups = _composed(team, meeting, rng)
                run = running.find_run(meeting)
                now = tz.now()
                MeetingRun.objects.filter(pk=run.pk).update(
                    status=MeetingRun.Status.RUNNING,
                    started_at=now - datetime.timedelta(minutes=40),
                    current_step=3,
                    step_started_at=now - datetime.timedelta(minutes=5),
                )
                run.refresh_from_db()
            found.append(LoadMeeting(team, meeting, run, groups))
    return found[:count]
