"""The archive: earlier school years stay readable (themes, reports and the insights of the
small groups) and searchable by word when the team chooses new themes.

Case texts (werkcasus situation and question) are never read here. Reports follow the rule
of the year review (published for everyone, drafts for the meeting's preparers and the team
leader). The insights (group notes of phases 3 and 4) are for the team leader and the
ontwikkelteam, and for teachers once the meeting's report, which carries them to the whole
team, is published.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Prefetch, Q

from meetings.models import GroupNote, Meeting, Report, SchoolYear, Theme
from meetings.services.year_review import with_review_data
from plg.models import Team

if TYPE_CHECKING:
    from meetings.access import Can

#: Hits shown per kind; a search that finds more asks for a sharper word.
MAX_HITS = 50
SNIPPET_BEFORE, SNIPPET_AFTER = 70, 130


# --- browsing ---------------------------------------------------------------------------------


@dataclass
class ArchiveMeeting:
    meeting: Meeting
    report_visible: bool
    insights: list[GroupNote]


@dataclass
class ArchiveYear:
    year: SchoolYear
    meetings: list[ArchiveMeeting]

    @property
    def insight_count(self) -> int:
        return sum(len(m.insights) for m in self.meetings)


def archive_years(*, team: Team, can: Can) -> list[ArchiveYear]:
    """Every school year of the team, newest first, with its meetings and insights."""
    years = list(SchoolYear.objects.for_team(team).order_by("-first_day"))
    if not years:
        return []
    notes: dict[int, list[GroupNote]] = {}
    for note in can.insights().select_related("group").order_by("group__number", "phase"):
        notes.setdefault(note.group.meeting_id, []).append(note)
    by_year: dict[int, list[ArchiveMeeting]] = {y.pk: [] for y in years}
    meetings = with_review_data(Meeting.objects.for_team(team)).order_by("number")
    for meeting in meetings:
        by_year[meeting.school_year_id].append(
            ArchiveMeeting(
                meeting=meeting,
                report_visible=can.read_report(meeting, meeting.report_status),
                insights=notes.get(meeting.pk, []),
            )
        )
    return [ArchiveYear(year=y, meetings=by_year[y.pk]) for y in years]


def current_year(years: list[ArchiveYear], today: datetime.date) -> SchoolYear | None:
    """The year running or coming next, else the latest (as SchoolYear...current does,
    from the years already loaded)."""
    oldest_first = [entry.year for entry in reversed(years)]
    latest = oldest_first[-1] if oldest_first else None
    return next((y for y in oldest_first if y.last_day >= today), latest)


# --- searching --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Snippet:
    """A piece of text around the first match, to show with the match highlighted."""

    before: str
    match: str
    after: str
    cut_before: bool
    cut_after: bool


def snippet(text: str, query: str) -> Snippet | None:
    lowered = text.lower()
    # Lower-casing keeps positions for nearly all text; where it does not, match exactly.
    start = lowered.find(query.lower()) if len(lowered) == len(text) else text.find(query)
    if start < 0:
        return None
    end = start + len(query)
    left = max(0, start - SNIPPET_BEFORE)
    right = min(len(text), end + SNIPPET_AFTER)
    return Snippet(
        before=text[left:start],
        match=text[start:end],
        after=text[end:right],
        cut_before=left > 0,
        cut_after=right < len(text),
    )


def _first_snippet(query: str, *texts: str) -> Snippet | None:
    return next((s for s in (snippet(t, query) for t in texts) if s is not None), None)


@dataclass
class Hit:
    """A theme, report or insight that contains the word, with where it was found."""

    obj: Theme | Report | GroupNote
    snippet: Snippet | None


@dataclass
class SearchResults:
    query: str
    themes: list[Hit] = field(default_factory=list)
    reports: list[Hit] = field(default_factory=list)
    insights: list[Hit] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.themes) + len(self.reports) + len(self.insights)

    @property
    def truncated(self) -> bool:
        return MAX_HITS in (len(self.themes), len(self.reports), len(self.insights))


def search(*, team: Team, can: Can, query: str) -> SearchResults:
    """Theme titles and descriptions, report texts and conclusions, and insights (phase 3–4
    notes) that contain `query`, as far as this member may read them. Never case texts."""
    themes = (
        Theme.objects.filter(team=team)
        .filter(Q(title__icontains=query) | Q(description__icontains=query))
        .prefetch_related(
            Prefetch(
                "meetings",
                queryset=Meeting.objects.select_related("school_year").order_by("date"),
            )
        )
        .order_by("title")[:MAX_HITS]
    )
    reports = (
        can.reports()
        .filter(Q(text__icontains=query) | Q(conclusions__icontains=query))
        .select_related("meeting__school_year", "meeting__theme")
        .order_by("-meeting__date")[:MAX_HITS]
    )
    notes = (
        can.insights()
        .filter(text__icontains=query)
        .select_related("group__meeting__school_year", "group__meeting__theme")
        .order_by("-group__meeting__date", "group__number", "phase")[:MAX_HITS]
    )
    return SearchResults(
        query=query,
        themes=[Hit(t, _first_snippet(query, t.description)) for t in themes],
        reports=[Hit(r, _first_snippet(query, r.text, r.conclusions)) for r in reports],
        insights=[Hit(n, snippet(n.text, query)) for n in notes],
    )
