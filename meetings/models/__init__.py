"""Models of the meeting cycle, split by topic: planning the year, running a meeting."""

from meetings.models.planning import (
    DEFAULT_DURATION_MINUTES,
    MEETINGS_PER_YEAR,
    PERIODS_PER_YEAR,
    Holiday,
    Meeting,
    Period,
    SchoolYear,
    Theme,
)
from meetings.models.running import (
    Absence,
    Attendance,
    Case,
    FirstStep,
    GroupNote,
    MeetingRun,
    Phase,
    PhaseCard,
    PhaseForm,
    Report,
    SmallGroup,
)

__all__ = [
    "DEFAULT_DURATION_MINUTES",
    "MEETINGS_PER_YEAR",
    "PERIODS_PER_YEAR",
    "Absence",
    "Attendance",
    "Case",
    "FirstStep",
    "GroupNote",
    "Holiday",
    "Meeting",
    "MeetingRun",
    "Period",
    "Phase",
    "PhaseCard",
    "PhaseForm",
    "Report",
    "SchoolYear",
    "SmallGroup",
    "Theme",
]
