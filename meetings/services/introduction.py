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
from meetings.services.planning import EXAMPLE_THEMES, FIRST_THEME_TITLE
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
#: The planned minutes of each item in the run of meeting 1 (the module gives none; the
#: rest of the 2.5 hours is for the first theme, startende docenten, with its phases).
INTRO_MINUTES = {"project": 15, "phases": 15, "themes": 20, "fix_themes": 15, "fix_planning": 10}
#: The meetings whose themes and preparers are fixed in meeting 1.
FIXED_IN_MEETING_1 = (2, 3, 4, 5)
MAX_PREPARERS = 2


@dataclass(frozen=True)
class AgendaItem:
    key: str
    label: str
    done: bool
    minutes: int = 0


def agenda(
    run: MeetingRun | None,
    items: Sequence[tuple[str, str]] = INTRO_AGENDA,
    minutes: dict[str, int] = INTRO_MINUTES,
) -> list[AgendaItem]:
    """The agenda of meeting 1 (or of meeting 6, given its items) with what is ticked off
    (nothing before the run exists)."""
    done = set(run.intro_checklist or []) if run is not None else set()
    return [AgendaItem(key, str(label), key in done, minutes.get(key, 0)) for key, label in items]


@transaction.atomic
def tick_agenda_item(
    *, meeting: Meeting, key: str, done: bool, keys: Sequence[str] = INTRO_KEYS
) -> MeetingRun:
    """Mark one agenda item done or not (meeting 1's, or `keys` of meeting 6's agenda).
    The run row is locked so that two facilitators ticking different items at the same
    time both keep their tick."""
    if key not in keys:
        raise ValueError(
            _("This is not an item of the agenda of meeting %(number)s.")
            % {"number": meeting.number}
        )
    run = MeetingRun.objects.select_for_update().get(pk=ensure_run(meeting=meeting).pk)
    ticked = set(run.intro_checklist or []) - {key}
    if done:
        ticked.add(key)
    run.intro_checklist = [k for k in keys if k in ticked]
    run.save(update_fields=["intro_checklist"])
    return run


def not_fixed_yet(later: Sequence[Meeting], developers: set[int]) -> list[Meeting]:
    """The meetings 2–5 that meeting 1 has not fixed yet: no theme, or not two preparers
    from the development team. Pass them with their preparers prefetched."""
    return [
        m
        for m in later
        if m.theme_id is None or len({p.pk for p in m.preparers.all()} & developers) < MAX_PREPARERS
    ]


@transaction.atomic
def choose_first_theme(*, meeting: Meeting, by: User) -> Theme:
    """Make "Startende docenten" the theme of meeting 1, adding it to the team's themes when
    it is not there yet (the method treats it in meeting 1 every year). Raises ValueError
    (Dutch) when another meeting of the year has it."""
    if meeting.number != 1:
        raise ValueError(_("The first theme is treated in meeting 1."))
    team = meeting.school_year.team
    theme = Theme.objects.filter(team=team, title__iexact=FIRST_THEME_TITLE).first()
    if theme is None:
        theme = Theme.objects.create(
            team=team, title=FIRST_THEME_TITLE, description=EXAMPLE_THEMES[0][1], proposed_by=by
        )
    other = (
        Meeting.objects.filter(school_year=meeting.school_year, theme=theme)
        .exclude(pk=meeting.pk)
        .first()
    )
    if other is not None:
        raise ValueError(
            _("“%(title)s” is already the theme of meeting %(number)s.")
            % {"title": theme, "number": other.number}
        )
    if meeting.theme_id != theme.pk:
        meeting.theme = theme
        meeting.save(update_fields=["theme", *meeting.record_change(["theme"])])
    return theme


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
