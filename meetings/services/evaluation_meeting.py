"""Meeting 6, the evaluatiebijeenkomst (seed 000): "Ter voorbereiding op deze bijeenkomst
worden de verslagen van alle themabijeenkomsten verzameld. Er kan dan gekozen worden voor een
presentatie van de successen. Vervolgens kan vooruitgeblikt worden naar het volgende
schooljaar, er kunnen eventueel nieuwe thema's ingebracht worden."

Its run carries that agenda instead of cases: the reports collected (the year review), the
successes recorded and presented, a look ahead, and new themes gathered. Themes are the
team's, so a theme brought in here is in the next school year's vote; the successes and the
look ahead are summarised in the year bundle.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from meetings.models import MEETINGS_PER_YEAR, Meeting, MeetingRun, Theme
from meetings.services.introduction import AgendaItem, agenda, tick_agenda_item
from meetings.services.running import ensure_run
from plg.models import User

EVALUATION_AGENDA: tuple[tuple[str, str], ...] = (
    ("reports", gettext_lazy("The reports of the year's theme meetings, collected")),
    ("successes", gettext_lazy("Presentation of the successes")),
    ("look_ahead", gettext_lazy("Looking ahead to the next school year")),
    ("new_themes", gettext_lazy("New themes brought in for next year")),
)
EVALUATION_KEYS = tuple(key for key, _label in EVALUATION_AGENDA)
EVALUATION_MINUTES = {"reports": 30, "successes": 50, "look_ahead": 35, "new_themes": 35}


def evaluation_agenda(run: MeetingRun | None) -> list[AgendaItem]:
    return agenda(run, EVALUATION_AGENDA, EVALUATION_MINUTES)


def _check(meeting: Meeting) -> None:
    if meeting.number != MEETINGS_PER_YEAR:
        raise ValueError(_("Only meeting 6 is the evaluation meeting."))


def tick_evaluation_item(*, meeting: Meeting, key: str, done: bool) -> MeetingRun:
    _check(meeting)
    return tick_agenda_item(meeting=meeting, key=key, done=done, keys=EVALUATION_KEYS)


@transaction.atomic
def record_evaluation(*, meeting: Meeting, successes: str, look_ahead: str) -> MeetingRun:
    """Save the successes and the look ahead of the year (meeting 6's run)."""
    _check(meeting)
    run = MeetingRun.objects.select_for_update().get(pk=ensure_run(meeting=meeting).pk)
    run.successes = successes.strip()
    run.look_ahead = look_ahead.strip()
    run.save(update_fields=["successes", "look_ahead"])
    run.bump()
    return run


def bring_in_theme(*, meeting: Meeting, title: str, description: str, by: User) -> Theme:
    """A new theme for next year, brought in at meeting 6: one of the team's themes, so the
    next school year's vote offers it. Raises ValueError (Dutch) when the team has it."""
    _check(meeting)
    team = meeting.school_year.team
    title = title.strip()
    if Theme.objects.filter(team=team, title__iexact=title).exists():
        raise ValueError(_("The team already has the theme “%(title)s”.") % {"title": title})
    return Theme.objects.create(
        team=team, title=title, description=description.strip(), proposed_by=by
    )
