"""One factory per model, without surprises: defaults are plain, valid and Dutch-looking.

Related objects come from SubFactory and agree with each other (a case of a meeting belongs
to that meeting's team, a vote's theme to the vote's team). Many-to-many fields take a list:
`SmallGroupFactory(members=[carol])`, `MeetingFactory(preparers=[bob, dave])`.
tests/test_factories.py fails when a model of plg or meetings has no factory here.
"""

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from meetings.models import (
    AbsenceRequest,
    Agreement,
    Attendance,
    CalendarFeed,
    Case,
    EvaluationReceipt,
    EvaluationResponse,
    FirstStep,
    GroupNote,
    Holiday,
    LearningQuestion,
    MailKind,
    MailOptOut,
    Meeting,
    MeetingRun,
    OutboxMessage,
    Period,
    Phase,
    PhaseCard,
    PhaseForm,
    Report,
    ReportRevision,
    SchoolYear,
    SmallGroup,
    StoredPdf,
    Theme,
    ThemeVote,
)
from plg.models import AuditEntry, Invitation, Membership, MembershipEvent, Role, Team, User

TEST_PASSWORD = "test-password-123"


def _add_many(field: str):
    """A post-generation hook that adds the given list to a many-to-many field."""

    def add(obj, create, extracted, **kwargs):
        if create and extracted:
            getattr(obj, field).add(*extracted)

    return factory.PostGeneration(add)


# --- plg: people and teams -------------------------------------------------------------------


# Dutch names that no test text, demo person or fixture of the cast (alice, bob, ...) uses,
# so a made-up colleague never matches a name a test looks for. 13 first names with 12 last
# names: any 156 people made one after another have different full names.
FIRST_NAMES = [
    "Inge", "Joost", "Marloes", "Priya", "Ruud", "Sanne", "Wouter",
    "Yara", "Iris", "Pim", "Roos", "Sem", "Tamara",
]  # fmt: skip
LAST_NAMES = [
    "Vermeulen", "Kuipers", "Verhoeven", "Postma", "Koster", "Willems",
    "Hoekstra", "Schouten", "Prins", "Bosman", "Maas", "van Leeuwen",
]  # fmt: skip


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    first_name = factory.Sequence(lambda n: FIRST_NAMES[n % len(FIRST_NAMES)])
    last_name = factory.Sequence(lambda n: LAST_NAMES[n % len(LAST_NAMES)])
    email = factory.Sequence(lambda n: f"person{n}@school.test")
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


class MembershipEventFactory(DjangoModelFactory):
    class Meta:
        model = MembershipEvent

    membership = factory.SubFactory(MembershipFactory)
    kind = MembershipEvent.Kind.JOINED
    new_role = factory.SelfAttribute("membership.role")


class InvitationFactory(DjangoModelFactory):
    """A team leader's pending invitation (plg.services.invite_member makes them)."""

    class Meta:
        model = Invitation

    team = factory.SubFactory(TeamFactory)
    email = factory.Sequence(lambda n: f"invited{n}@school.test")
    first_name = "Marije"
    last_name = "van der Lee"
    role = Role.TEACHER


# --- meetings: the school year and its plan ----------------------------------------------------


class AuditEntryFactory(DjangoModelFactory):
    class Meta:
        model = AuditEntry

    actor = factory.SubFactory(UserFactory)
    team = factory.SubFactory(TeamFactory)
    action = AuditEntry.Action.READ
    object_type = "case"
    object_id = 1
    ip = "192.0.2.0/24"


class SchoolYearFactory(DjangoModelFactory):
    """A school year 2026–2027 without periods, holidays or meetings; for a planned year
    with its six meetings use tests.helpers.plan_year (the `year` fixture)."""

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


class ThemeVoteFactory(DjangoModelFactory):
    """A dot on a theme; the theme belongs to the school year's team."""

    class Meta:
        model = ThemeVote

    school_year = factory.SubFactory(SchoolYearFactory)
    theme = factory.SubFactory(ThemeFactory, team=factory.SelfAttribute("..school_year.team"))
    voter = factory.SubFactory(UserFactory)


class MeetingFactory(DjangoModelFactory):
    class Meta:
        model = Meeting
        skip_postgeneration_save = True

    school_year = factory.SubFactory(SchoolYearFactory)
    number = 2
    date = datetime.date(2026, 10, 6)
    planned_date = factory.SelfAttribute("date")
    start_time = datetime.time(14, 30)
    preparers = _add_many("preparers")


class CalendarFeedFactory(DjangoModelFactory):
    """A person's calendar subscription (the token comes from the model's default)."""

    class Meta:
        model = CalendarFeed

    user = factory.SubFactory(UserFactory)


# --- meetings: preparing and running a meeting -------------------------------------------------


class PhaseCardFactory(DjangoModelFactory):
    """A team's own card, without phases (PhaseCard.for_team copies the default's phases)."""

    class Meta:
        model = PhaseCard

    team = factory.SubFactory(TeamFactory)
    break_minutes = 15
    break_after_phase = 2


class PhaseFactory(DjangoModelFactory):
    class Meta:
        model = Phase

    card = factory.SubFactory(PhaseCardFactory)
    number = 3
    name = "Verdieping"
    purpose = "De groep zoekt uit wat er achter de vraag zit."
    questions = "Wat zie je gebeuren?\nWat heb je al geprobeerd?"
    form = PhaseForm.GROUPS
    minutes = 20


class MeetingRunFactory(DjangoModelFactory):
    """A run being prepared, with no group leaders; services.ensure_run makes the real one
    from the team's phase card."""

    class Meta:
        model = MeetingRun
        skip_postgeneration_save = True

    meeting = factory.SubFactory(MeetingFactory)
    group_leaders = _add_many("group_leaders")


class AttendanceFactory(DjangoModelFactory):
    """A person's attendance at a meeting: present unless `status` says otherwise; an
    afmelding is `status=Attendance.Status.EXCUSED` with its `reason`."""

    class Meta:
        model = Attendance

    meeting = factory.SubFactory(MeetingFactory)
    user = factory.SubFactory(UserFactory)
    status = Attendance.Status.PRESENT
    reason = ""


class AbsenceRequestFactory(DjangoModelFactory):
    """An open absence request (afmeldverzoek) for a meeting, with its reason."""

    class Meta:
        model = AbsenceRequest

    meeting = factory.SubFactory(MeetingFactory)
    user = factory.SubFactory(UserFactory)
    reason = "Bruiloft van mijn zus"


class CaseFactory(DjangoModelFactory):
    """A werkcasus; brought into a meeting when `meeting` is given, then of its team."""

    class Meta:
        model = Case

    meeting = None
    team = factory.Maybe(
        "meeting",
        yes_declaration=factory.SelfAttribute("meeting.school_year.team"),
        no_declaration=factory.SubFactory(TeamFactory),
    )
    owner = factory.SubFactory(UserFactory)
    title = "Onrustige klas"
    situation = "Klas 2B is na de pauze onrustig."
    question = "Hoe krijg ik rust?"


class SmallGroupFactory(DjangoModelFactory):
    class Meta:
        model = SmallGroup
        skip_postgeneration_save = True

    meeting = factory.SubFactory(MeetingFactory)
    number = 1
    leader = factory.SubFactory(UserFactory)
    members = _add_many("members")


class GroupNoteFactory(DjangoModelFactory):
    class Meta:
        model = GroupNote

    group = factory.SubFactory(SmallGroupFactory)
    phase = 3
    text = "Pesten zie je pas als je ernaar vraagt."


class FirstStepFactory(DjangoModelFactory):
    class Meta:
        model = FirstStep

    group = factory.SubFactory(SmallGroupFactory)
    owner = factory.SubFactory(UserFactory)
    what = "Mentorgesprek plannen"


class LearningQuestionFactory(DjangoModelFactory):
    """A private learning question (leervraag) of a person for a school year."""

    class Meta:
        model = LearningQuestion

    school_year = factory.SubFactory(SchoolYearFactory)
    owner = factory.SubFactory(UserFactory)
    question = "Hoe krijg ik studenten in jaar 1 zover dat ze hun werk zelf plannen?"
    team_plan = ""
    shared = False


# --- meetings: the report and the evaluation ---------------------------------------------------


class ReportFactory(DjangoModelFactory):
    """A draft report; services.close_meeting drafts the real one from the run notes."""

    class Meta:
        model = Report

    meeting = factory.SubFactory(MeetingFactory)
    status = Report.Status.DRAFT
    text = ""


class AgreementFactory(DjangoModelFactory):
    class Meta:
        model = Agreement

    report = factory.SubFactory(ReportFactory)
    what = "Signalenlijst rondsturen"
    who = "Het ontwikkelteam"
    due = datetime.date(2027, 1, 26)


class ReportRevisionFactory(DjangoModelFactory):
    class Meta:
        model = ReportRevision

    report = factory.SubFactory(ReportFactory, status=Report.Status.PUBLISHED)
    field = ReportRevision.Field.TEXT
    old_text = "Pesten zie je pas als je ernaar vraagt."
    new_text = "Pesten zie je pas als je er zelf naar vraagt."
    author = factory.SubFactory(UserFactory)
    started_at = factory.LazyFunction(timezone.now)
    at = factory.LazyFunction(timezone.now)


class EvaluationResponseFactory(DjangoModelFactory):
    """An anonymous answer; report_services.submit_evaluation also records the receipt."""

    class Meta:
        model = EvaluationResponse

    meeting = factory.SubFactory(MeetingFactory)
    experience = 4
    learning = "Dat ik eerder mag ingrijpen."


class EvaluationReceiptFactory(DjangoModelFactory):
    class Meta:
        model = EvaluationReceipt

    meeting = factory.SubFactory(MeetingFactory)
    user = factory.SubFactory(UserFactory)


# --- meetings: e-mail -------------------------------------------------------------------------


class MailOptOutFactory(DjangoModelFactory):
    class Meta:
        model = MailOptOut

    user = factory.SubFactory(UserFactory)
    kind = MailKind.MEETING_REMINDER


class OutboxMessageFactory(DjangoModelFactory):
    """A waiting message with the report notice's template."""

    class Meta:
        model = OutboxMessage

    person = factory.SubFactory(UserFactory)
    kind = MailKind.REPORT_PUBLISHED
    key = factory.Sequence(lambda n: f"report-{n}")
    subject = "Het verslag van themabijeenkomst 3 is gepubliceerd"
    template = "report_published"
    context = factory.LazyFunction(
        lambda: {
            "meeting": "themabijeenkomst 3",
            "date": "dinsdag 2 maart 2027",
            "theme": "Grenzen stellen",
            "team": "Team Dier & Groen",
            "report_url": "http://localhost:8000/t/dier-en-groen/bijeenkomsten/3/verslag/",
        }
    )


class StoredPdfFactory(DjangoModelFactory):
    """A report's stored PDF row, rendered (its file named after its digest)."""

    class Meta:
        model = StoredPdf

    report = factory.SubFactory(ReportFactory)
    digest = factory.Sequence(lambda n: f"{n:064x}")
    file = factory.LazyAttribute(lambda o: f"pdfs/{o.digest}.pdf")
    rendered_at = factory.LazyFunction(timezone.now)
