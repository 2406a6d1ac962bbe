"""Forms of the meeting cycle, split by topic."""

from meetings.forms.absence import AbsenceDecisionForm, AbsenceRequestForm
from meetings.forms.planning import (
    AbsenceForm,
    AttendanceForm,
    DateInput,
    ExampleThemesForm,
    GroupLeadersForm,
    GroupRoomForm,
    HolidayForm,
    MeetingForm,
    MovePersonForm,
    PeopleField,
    PhaseCardForm,
    PhaseFormSet,
    PreparersField,
    RunPlanForm,
    SchoolYearForm,
    ThemeForm,
)

__all__ = [
    "AbsenceDecisionForm",
    "AbsenceRequestForm",
    "AbsenceForm",
    "AttendanceForm",
    "DateInput",
    "ExampleThemesForm",
    "GroupLeadersForm",
    "GroupRoomForm",
    "HolidayForm",
    "MeetingForm",
    "MovePersonForm",
    "PeopleField",
    "PhaseCardForm",
    "PhaseFormSet",
    "PreparersField",
    "RunPlanForm",
    "SchoolYearForm",
    "ThemeForm",
]
