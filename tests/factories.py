"""One factory per model, without surprises: defaults are plain and valid."""

import datetime

import factory
from factory.django import DjangoModelFactory

from meetings.models import Holiday, Meeting, Period, SchoolYear, Theme
from plg.models import Membership, Role, Team, User

TEST_PASSWORD = "test-password-123"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@school.test")
    first_name = factory.Sequence(lambda n: f"Voornaam{n}")
    last_name = factory.Sequence(lambda n: f"Achternaam{n}")
    password = factory.django.Password(TEST_PASSWORD)


class TeamFactory(DjangoModelFactory):
    class Meta:
        model = Team

    name = factory.Sequence(lambda n: f"Team {n}")
    slug = factory.Sequence(lambda n: f"team-{n}")
    region = "midden"
    default_weekday = 1
    default_start_time = datetime.time(14, 30)


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    team = factory.SubFactory(TeamFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.TEACHER


class SchoolYearFactory(DjangoModelFactory):
    """A school year 2026–2027 without periods or holidays; see tests.helpers.plan_year."""

    class Meta:
        model = SchoolYear

    team = factory.SubFactory(TeamFactory)
    name = factory.Sequence(lambda n: f"{2026 + n}–{2027 + n}")
    first_day = datetime.date(2026, 8, 31)
    last_day = datetime.date(2027, 7, 16)
    region = "midden"


class PeriodFactory(DjangoModelFactory):
    class Meta:
        model = Period

    school_year = factory.SubFactory(SchoolYearFactory)
    number = 1
    first_day = datetime.date(2026, 8, 31)
    last_day = datetime.date(2026, 11, 13)


class HolidayFactory(DjangoModelFactory):
    class Meta:
        model = Holiday

    school_year = factory.SubFactory(SchoolYearFactory)
    name = "Herfstvakantie"
    first_day = datetime.date(2026, 10, 17)
    last_day = datetime.date(2026, 10, 25)


class ThemeFactory(DjangoModelFactory):
    class Meta:
        model = Theme

    team = factory.SubFactory(TeamFactory)
    title = factory.Sequence(lambda n: f"Thema {n}")
    description = ""


class MeetingFactory(DjangoModelFactory):
    class Meta:
        model = Meeting

    school_year = factory.SubFactory(SchoolYearFactory)
    number = 2
    date = datetime.date(2026, 10, 6)
    planned_date = factory.SelfAttribute("date")
    start_time = datetime.time(14, 30)
