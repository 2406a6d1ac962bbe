"""Shared fixtures. The cast, as in healthchecks' tests:

- alice: team leader of `team`
- bob: development-team member (ontwikkelteam) of `team`
- carol: teacher (teamlid) of `team`
- charlie: team leader of `other_team`, a stranger to `team`
"""

import datetime

import pytest

from meetings.services import create_school_year
from plg.models import Role
from tests.factories import MembershipFactory, TeamFactory

# Periods of 2026–2027 used throughout the tests (MBO-like, four blocks).
PERIODS_2026 = [
    (datetime.date(2026, 8, 31), datetime.date(2026, 11, 13)),
    (datetime.date(2026, 11, 16), datetime.date(2027, 2, 5)),
    (datetime.date(2027, 2, 8), datetime.date(2027, 4, 23)),
    (datetime.date(2027, 4, 26), datetime.date(2027, 7, 16)),
]


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
    school_year, _warnings = create_school_year(
        team=team,
        name="2026–2027",
        first_day=datetime.date(2026, 8, 31),
        last_day=datetime.date(2027, 7, 16),
        region="midden",
        periods=PERIODS_2026,
    )
    return school_year


@pytest.fixture
def other_year(other_team):
    school_year, _warnings = create_school_year(
        team=other_team,
        name="2026–2027",
        first_day=datetime.date(2026, 8, 31),
        last_day=datetime.date(2027, 7, 16),
        region="midden",
        periods=PERIODS_2026,
    )
    return school_year


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
