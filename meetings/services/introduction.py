"""Meeting 1, the introductiebijeenkomst, follows its own protocol (seed 000, "Protocol
themabijeenkomst 1"): five agenda items, ending with fixing the themes and the planning of
meetings 2–5.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from meetings.models import Meeting, MeetingRun, Theme
from meetings.services.running import ensure_run
from plg.models import User

#: The protocol's agenda of meeting 1: (key stored in MeetingRun.intro_checklist, item).
INTRO_AGENDA: tuple[tuple[str, str], ...] = (
    ("project", gettext_lazy("Explanation of the CEPM / PLG project")),
    ("phases", gettext_lazy("Structure of the theme meetings (phases 0 to 6)")),
    ("themes", gettext_lazy("Explanation of the described themes / new themes brought in")),
    ("fix_themes", gettext_lazy("Fixing the themes of meetings 2 to 5")),
    ("fix_planning", gettext_lazy("Fixing the planning of meetings 2 to 5")),
)
INTRO_KEYS = tuple(key for key, _item in INTRO_AGENDA)
#: The meetings whose themes and preparers are fixed in meeting 1.
FIXED_IN_MEETING_1 = (2, 3, 4, 5)
MAX_PREPARERS = 2


@dataclass(frozen=True)
class AgendaItem:
    key: str
    label: str
    done: bool


def agenda(run: MeetingRun | None) -> list[AgendaItem]:
    """The agenda of meeting 1 with what is ticked off (nothing before the run exists)."""
    done = set(run.intro_checklist or []) if run is not None else set()
    return [AgendaItem(key, str(label), key in done) for key, label in INTRO_AGENDA]


@transaction.atomic
def tick_agenda_item(*, meeting: Meeting, key: str, done: bool) -> MeetingRun:
    """Mark one agenda item done or not. The run row is locked so that two facilitators
    ticking different items at the same time both keep their tick."""
    if key not in INTRO_KEYS:
        raise ValueError(_("This is not an item of the agenda of meeting 1."))
    run = MeetingRun.objects.select_for_update().get(pk=ensure_run(meeting=meeting).pk)
    ticked = set(run.intro_checklist or []) - {key}
    if done:
        ticked.add(key)
    run.intro_checklist = [k for k in INTRO_KEYS if k in ticked]
    run.save(update_fields=["intro_checklist"])
    return run


@dataclass(frozen=True)
class FixedMeeting:
    """What meeting 1 fixes for one of the meetings 2–5."""

    meeting: Meeting
    theme: Theme | None
    preparers: Sequence[User]


def _save_row(row: FixedMeeting) -> None:
    meeting = row.meeting
    changed = []
    if meeting.theme_id != (row.theme.pk if row.theme else None):
        changed.append("theme")
    if {p.pk for p in meeting.preparers.all()} != {p.pk for p in row.preparers}:
        changed.append("preparers")
    meeting.theme = row.theme
    meeting.save(update_fields=["theme", *meeting.record_change(changed)])
    meeting.preparers.set(row.preparers)


@transaction.atomic
def fix_themes_and_preparers(*, rows: Sequence[FixedMeeting]) -> None:
    """Save the themes and preparer pairs of meetings 2–5 all at once, or nothing.

    Raises ValueError (Dutch) when a theme is used twice or a meeting gets more than two
    preparers; the form says so first, this keeps the rule when called from elsewhere.
    """
    seen: set[int] = set()
    for row in rows:
        if row.meeting.number not in FIXED_IN_MEETING_1:
            raise ValueError(_("Meeting 1 fixes the themes of meetings 2 to 5 only."))
        if len(row.preparers) > MAX_PREPARERS:
            raise ValueError(_("Choose at most two preparers."))
        if row.theme is not None:
            if row.theme.pk in seen:
                raise ValueError(
                    _("Theme “%(title)s” is chosen for more than one meeting.")
                    % {"title": row.theme}
                )
            seen.add(row.theme.pk)
    for row in rows:
        _save_row(row)
