"""Shared fixtures. The cast, as in healthchecks' tests:

- alice: team leader of `team`
- bob, dave: development-team members (ontwikkelteam) of `team`
- carol: teacher (teamlid) of `team`
- charlie: team leader of `other_team`, a stranger to `team`

and what they work on: `year` (2026–2027, planned, six meetings; `meetings` by number),
`meeting` (meeting 3, prepared by bob and dave), `meeting2`, and on meeting 2 bob's `group`
with carol in it and carol's first `step`. Shared helpers (dutch(), plan_year) are in
tests/helpers.py, factories for every model in tests/factories.py.
"""

import pytest
from django.utils import translation

from meetings.models import FirstStep, Meeting, SmallGroup
from plg.models import Role
from tests.factories import FirstStepFactory, MembershipFactory, SmallGroupFactory, TeamFactory
from tests.helpers import PERIODS_2026, plan_year

__all__ = ["PERIODS_2026"]  # imported from here by older tests; tests.helpers holds it


@pytest.fixture
def team(db):
    return TeamFactory(name="Team Dier & Groen", slug="dier-en-groen")


@pytest.fixture
def other_team(db):
    return TeamFactory(name="Team Techniek", slug="techniek")


@pytest.fixture
def alice(team):
    return MembershipFactory(team=team, role=Role.TEAM_LEADER, user__first_name="Alice").user


@pytest.fixture
def bob(team):
    return MembershipFactory(team=team, role=Role.DEVELOPER, user__first_name="Bob").user


@pytest.fixture
def dave(team):
    return MembershipFactory(team=team, role=Role.DEVELOPER, user__first_name="Dave").user


@pytest.fixture
def carol(team):
    return MembershipFactory(team=team, role=Role.TEACHER, user__first_name="Carol").user


@pytest.fixture
def charlie(other_team):
    return MembershipFactory(
        team=other_team, role=Role.TEAM_LEADER, user__first_name="Charlie"
    ).user


@pytest.fixture
def year(team):
    """The planned school year 2026–2027 of `team`, with its six meetings."""
    return plan_year(team)


@pytest.fixture
def other_year(other_team):
    return plan_year(other_team)


@pytest.fixture
def meetings(year) -> dict[int, Meeting]:
    """The six meetings of `year` by number."""
    return {m.number: m for m in year.meetings.all()}


@pytest.fixture
def meeting(year, bob, dave) -> Meeting:
    """Meeting 3 (the second theme meeting) of `year`, prepared by bob and dave."""
    meeting = year.meetings.get(number=3)
    meeting.preparers.set([bob, dave])
    return meeting


@pytest.fixture
def meeting2(year) -> Meeting:
    """Meeting 2 (the first theme meeting) of `year`, without preparers."""
    return year.meetings.get(number=2)


@pytest.fixture
def group(meeting2, bob, carol) -> SmallGroup:
    """Group 1 of meeting 2: bob leads it, carol is in it."""
    return SmallGroupFactory(meeting=meeting2, number=1, leader=bob, members=[carol])


@pytest.fixture
def step(group, carol) -> FirstStep:
    """Carol's first step from `group`, not done yet."""
    return FirstStepFactory(group=group, owner=carol, what="Mentorgesprek plannen")


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the default language (Dutch). A request leaves the language it
    activated on the thread, and lazy messages are translated when they are read, so an
    English page in one test would otherwise make the next test's messages English."""
    translation.deactivate()
    yield
    translation.deactivate()
