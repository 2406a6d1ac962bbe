"""Models of the meeting cycle, split by topic: planning the year, running a meeting."""

from meetings.models.absence import AbsenceRequest
from meetings.models.calendar import CalendarFeed
from meetings.models.learning import LEARNING_TEXT_MAX_LENGTH, LearningQuestion
from meetings.models.notifications import MailKind, MailOptOut, OutboxMessage
from meetings.models.pdfs import StoredPdf
from meetings.models.planning import (
    CALENDAR_FIELDS,
    DEFAULT_DURATION_MINUTES,
    MEETINGS_PER_YEAR,
    PERIODS_PER_YEAR,
    VOTES_PER_PERSON,
    Holiday,
    Meeting,
    Period,
    SchoolYear,
    Theme,
    ThemeVote,
)
from meetings.models.reports import (
    Agreement,
    EvaluationReceipt,
    EvaluationResponse,
    Report,
    ReportRevision,
)
from meetings.models.running import (
    Attendance,
    AttendanceStatus,
    Case,
    FirstStep,
    GroupNote,
    MeetingRun,
    Phase,
    PhaseCard,
    PhaseForm,
    SmallGroup,
)

__all__ = [
    "StoredPdf",
    "CALENDAR_FIELDS",
    "CalendarFeed",
    "DEFAULT_DURATION_MINUTES",
    "LEARNING_TEXT_MAX_LENGTH",
    "MEETINGS_PER_YEAR",
    "PERIODS_PER_YEAR",
    "VOTES_PER_PERSON",
    "AbsenceRequest",
    "Agreement",
    "EvaluationReceipt",
    "EvaluationResponse",
    "Attendance",
    "AttendanceStatus",
    "Case",
    "FirstStep",
    "GroupNote",
    "Holiday",
    "LearningQuestion",
    "MailKind",
    "MailOptOut",
    "Meeting",
    "MeetingRun",
    "OutboxMessage",
    "Period",
    "Phase",
    "PhaseCard",
    "PhaseForm",
    "Report",
    "ReportRevision",
    "SchoolYear",
    "SmallGroup",
    "Theme",
    "ThemeVote",
]
