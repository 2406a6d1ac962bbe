"""Workflows of the meeting cycle that touch several models, split by topic."""

from meetings.services.autosave import EditConflict, save_versioned
from meetings.services.planning import (
    EXAMPLE_THEMES,
    FIRST_THEME_TITLE,
    add_example_themes,
    create_school_year,
    preparer_load,
    replan_school_year,
    save_meeting,
    set_cancelled,
    suggest_preparers,
    theme_changed,
)
from meetings.services.running import (
    close_meeting,
    compose_meeting_groups,
    draft_report_text,
    ensure_run,
    fit_groups_to_attendance,
    group_leaders,
    move_person,
    save_note,
    set_attendance,
    shown_run,
)

__all__ = [
    "EXAMPLE_THEMES",
    "FIRST_THEME_TITLE",
    "EditConflict",
    "add_example_themes",
    "close_meeting",
    "compose_meeting_groups",
    "fit_groups_to_attendance",
    "create_school_year",
    "draft_report_text",
    "ensure_run",
    "group_leaders",
    "move_person",
    "preparer_load",
    "replan_school_year",
    "save_meeting",
    "save_note",
    "save_versioned",
    "set_attendance",
    "set_cancelled",
    "shown_run",
    "suggest_preparers",
    "theme_changed",
]
