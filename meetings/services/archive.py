"""The archive: earlier school years stay readable (themes, reports and the insights of the
small groups) and searchable by word when the team chooses new themes.

Case texts (werkcasus situation and question) are never read here. Reports follow the rule
of the year review (published for everyone, drafts for the meeting's preparers and the team
leader). The insights (group notes of phases 3 and 4) are for the team leader and the
ontwikkelteam, and for teachers once the meeting's report, which carries them to the whole
team, is published.

History never grows a page: the archive shows YEARS_PER_PAGE school years a page, each
insight as an excerpt (EXCERPT_LENGTH characters, cut in the database), and a search shows
HITS_PER_PAGE hits of each kind a page. On PostgreSQL the search is full-text with the
Dutch configuration ("studenten" finds "student"), served by the GIN indexes of migration
meetings 0016; elsewhere (SQLite) it is a case-insensitive substring match.
"""

from __future__ import annotations

import datetime
import functools
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import BooleanField, Count, Prefetch, Q, QuerySet, Window
from django.db.models.expressions import RawSQL
from django.db.models.functions import Length, Substr
from django.utils.translation import gettext

from meetings import report_text
from meetings.access import follows_the_team, team_insight_notes, team_readable_reports
from meetings.models import GroupNote, Meeting, Report, SchoolYear, Theme
from meetings.services.year_review import with_review_data
from plg.models import Team
from plg.prepared import Prepared

if TYPE_CHECKING:
    from meetings.access import Can

YEARS_PER_PAGE = 2
HITS_PER_PAGE = 10
#: An insight in the archive list is shown up to this many characters, then "…".
EXCERPT_LENGTH = 300
SNIPPET_BEFORE, SNIPPET_AFTER = 70, 130
#: The text search configuration of PostgreSQL; the indexes of migration 0016 use it too.
SEARCH_CONFIG = "dutch"
#: The searched fields per model: on PostgreSQL, the stored vectors of migration 0021 are
#: made of exactly these, so change both together.
SEARCHED_FIELDS = {
    Theme: ("title", "description"),
    Report: ("text", "conclusions"),
    GroupNote: ("text",),
}


# --- browsing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class InsightExcerpt:
    """The start of an insight (a phase 3–4 note) as the archive lists it."""

    group: str
    phase: int
    excerpt: str
    is_cut: bool


@dataclass
class ArchiveMeeting:
    meeting: Meeting
    report_visible: bool
    insights: list[InsightExcerpt]


@dataclass
class ArchiveYear:
    year: SchoolYear
    meetings: list[ArchiveMeeting]

    @property
    def insight_count(self) -> int:
        return sum(len(m.insights) for m in self.meetings)


@dataclass(frozen=True)
class PageLinks:
    """Where a paged list is and the page numbers to link to (None: an ellipsis)."""

    number: int
    num_pages: int

    @property
    def links(self) -> list[int | None]:
        elided = Paginator(range(self.num_pages), 1).get_elided_page_range(
            self.number, on_each_side=2, on_ends=1
        )
        return [n if isinstance(n, int) else None for n in elided]

    @property
    def previous(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.number < self.num_pages else None


@dataclass
class ArchivePage:
    """One page of the archive: its years (newest first), where it is among the pages, and
    the year running now (from all years, which are loaded as one small list)."""

    years: list[ArchiveYear]
    pages: PageLinks
    current_year: SchoolYear | None


def _excerpts(notes: QuerySet[GroupNote]) -> dict[int, list[InsightExcerpt]]:
    """The notes' excerpts by meeting id: the start of each text, cut in the database, read
    as plain rows (hundreds of model instances would cost more than the page itself)."""
    group_label = gettext("Group %(number)s")
    rows = notes.values_list(
        "group__meeting_id",
        "group__number",
        "phase",
        Substr("text", 1, EXCERPT_LENGTH),
        Length("text"),
    ).order_by("group__number", "phase")
    by_meeting: dict[int, list[InsightExcerpt]] = {}
    for meeting_id, number, phase, excerpt, length in rows:
        by_meeting.setdefault(meeting_id, []).append(
            InsightExcerpt(
                group=group_label % {"number": number},
                phase=phase,
                excerpt=excerpt,
                is_cut=length > EXCERPT_LENGTH,
            )
        )
    return by_meeting


_ARCHIVE_YEARS = Prepared(  # plg/prepared.py
    lambda team: (
        SchoolYear.objects.filter(team_id=team)
        .only("pk", "name", "first_day", "last_day", "team_id")
        .order_by("-first_day")
    ),
    team=int,
)


def archive_page(
    *, team: Team, can: Can, page_number: int, today: datetime.date | None = None
) -> ArchivePage:
    """The school years of page `page_number` (past the last page: the last page), newest
    first, with their meetings and insight excerpts."""
    all_years = _ARCHIVE_YEARS(team=team.pk)
    if today and any(y.first_day <= today for y in all_years):
        # An archive looks back: a year planned ahead (the rollover at meeting 6) has
        # nothing in it yet and would stand above the running one.
        all_years = [y for y in all_years if y.first_day <= today]
    page = Paginator(all_years, YEARS_PER_PAGE).get_page(page_number)
    pages = PageLinks(number=page.number, num_pages=page.paginator.num_pages)
    current = current_year(all_years, today) if today else None
    years = list(page.object_list)
    if not years:
        return ArchivePage(years=[], pages=pages, current_year=current)
    notes = _excerpts(can.insights().filter(group__meeting__school_year__in=years))
    by_year: dict[int, list[ArchiveMeeting]] = {y.pk: [] for y in years}
    meetings = (
        with_review_data(Meeting.objects.filter(school_year__in=years))
        .prefetch_related("preparers")  # for can.read_report (meetings.access.is_preparer)
        .order_by("number")
    )
    for meeting in meetings:
        by_year[meeting.school_year_id].append(
            ArchiveMeeting(
                meeting=meeting,
                report_visible=can.read_report(meeting, meeting.report_status),
                insights=notes.get(meeting.pk, []),
            )
        )
    return ArchivePage(
        years=[ArchiveYear(year=y, meetings=by_year[y.pk]) for y in years],
        pages=pages,
        current_year=current,
    )


def current_year(newest_first: list[SchoolYear], today: datetime.date) -> SchoolYear | None:
    """The year running or coming next, else the latest (as SchoolYear...current does,
    from the years already loaded)."""
    oldest_first = list(reversed(newest_first))
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


def _opening(text: str) -> Snippet | None:
    """The start of a text in which full-text search matched a form of the word that is not
    written as typed ("studenten" for "student"): shown without a highlight."""
    if not text:
        return None
    right = min(len(text), SNIPPET_BEFORE + SNIPPET_AFTER)
    return Snippet(
        before=text[:right], match="", after="", cut_before=False, cut_after=right < len(text)
    )


def _first_snippet(query: str, *texts: str) -> Snippet | None:
    """Around the query as typed, else around its first word found; with full-text search
    (which also finds other forms of a word) else the start of the first text."""
    texts = tuple(report_text.plain(t) for t in texts)  # "Groep 1", not "# Groep 1"
    for word in (query, *query.split()):
        found = next((s for s in (snippet(t, word) for t in texts) if s is not None), None)
        if found is not None:
            return found
    if full_text_search():
        return next((s for s in map(_opening, texts) if s is not None), None)
    return None


@dataclass
class Hit:
    """A theme, report or insight that contains the word, with where it was found."""

    obj: Theme | Report | GroupNote
    snippet: Snippet | None


@dataclass
class HitPage:
    """The hits of one kind on this page, and how many there are in all."""

    hits: list[Hit] = field(default_factory=list)
    count: int = 0
    num_pages: int = 0


@dataclass
class SearchResults:
    query: str
    themes: HitPage = field(default_factory=HitPage)
    reports: HitPage = field(default_factory=HitPage)
    insights: HitPage = field(default_factory=HitPage)
    number: int = 1

    @property
    def total(self) -> int:
        return self.themes.count + self.reports.count + self.insights.count

    @property
    def num_pages(self) -> int:
        return max(self.themes.num_pages, self.reports.num_pages, self.insights.num_pages, 1)

    @property
    def pages(self) -> PageLinks:
        return PageLinks(number=self.number, num_pages=self.num_pages)


def full_text_search() -> bool:
    """PostgreSQL searches by word with the Dutch configuration; other databases by text."""
    return connection.vendor == "postgresql"


def matching(queryset: QuerySet, query: str) -> QuerySet:
    """The rows of `queryset` whose searched fields (SEARCHED_FIELDS) contain `query`."""
    fields = SEARCHED_FIELDS[queryset.model]
    if full_text_search():
        # The stored vector of migration 0021 (the ORM does not know the column, so no page
        # ever loads it); the same words as SearchQuery(search_type="websearch") finds.
        table = queryset.model._meta.db_table
        return queryset.filter(
            RawSQL(
                f'"{table}"."search_nl" @@ websearch_to_tsquery(%s::regconfig, %s)',
                (SEARCH_CONFIG, query),
                output_field=BooleanField(),
            )
        )
    condition = Q()
    for name in fields:
        condition |= Q(**{f"{name}__icontains": query})
    return queryset.filter(condition)


def _themes(team: int, query: str) -> QuerySet[Theme]:
    return (
        matching(Theme.objects.filter(team_id=team), query)
        .prefetch_related(
            Prefetch(
                "meetings",
                queryset=Meeting.objects.select_related("school_year").order_by("date"),
            )
        )
        .order_by("title", "pk")
    )


def _reports(team: int, query: str, user: int | None = None) -> QuerySet[Report]:
    return (
        matching(team_readable_reports(team, user, leader=user is None), query)
        .select_related("meeting__school_year", "meeting__theme")
        .order_by("-meeting__date", "pk")
    )


def _insights(team: int, query: str, *, follows: bool) -> QuerySet[GroupNote]:
    return (
        matching(team_insight_notes(team, follows=follows), query)
        .select_related("group__meeting__school_year", "group__meeting__theme")
        .order_by("-group__meeting__date", "group__number", "phase", "pk")
    )


@functools.lru_cache(maxsize=128)
def _hits_query(kind: str, number: int, *, leader: bool, follows: bool) -> Prepared:
    """Page `number` of one kind of hits, each row with `hit_total` (how many there are in
    all: a window over the rows, so no count query), compiled once (plg/prepared.py) for
    each kind, page and reader (the team leader reads every report; whoever follows the
    team every insight)."""
    start = (number - 1) * HITS_PER_PAGE
    if kind == "themes":
        build, kinds = _themes, {"team": int, "query": str}
    elif kind == "reports" and leader:
        build, kinds = _reports, {"team": int, "query": str}
    elif kind == "reports":
        build, kinds = _reports, {"team": int, "query": str, "user": int}
    else:
        build = functools.partial(_insights, follows=follows)
        kinds = {"team": int, "query": str}
    return Prepared(
        lambda **values: build(**values).annotate(hit_total=Window(Count("pk")))[
            start : start + HITS_PER_PAGE
        ],
        **kinds,
    )


def _page(kind: str, number: int, values: dict, make_hit, **reader) -> HitPage:
    rows = _hits_query(kind, number, **reader)(**values)
    if rows:
        count = rows[0].hit_total
    elif number > 1:  # past this kind's last page (another kind has more): count from page 1
        first = _hits_query(kind, 1, **reader)(**values)
        count = first[0].hit_total if first else 0
    else:
        count = 0
    return HitPage(
        hits=[make_hit(r) for r in rows],
        count=count,
        num_pages=math.ceil(count / HITS_PER_PAGE),
    )


def search(*, team: Team, can: Can, query: str, page_number: int = 1) -> SearchResults:
    """Theme titles and descriptions, report texts and conclusions, and insights (phase 3–4
    notes) that contain `query`, as far as this member may read them, HITS_PER_PAGE of each
    kind on page `page_number`. Never case texts."""
    membership = can.membership
    reader = {"leader": membership.is_leader, "follows": follows_the_team(membership)}
    values = {"team": team.pk, "query": query}
    reports = values if reader["leader"] else {**values, "user": membership.user_id}
    results = SearchResults(
        query=query,
        themes=_page(
            "themes",
            page_number,
            values,
            lambda t: Hit(t, _first_snippet(query, t.description)),
            **reader,
        ),
        reports=_page(
            "reports",
            page_number,
            reports,
            lambda r: Hit(r, _first_snippet(query, r.text, r.conclusions)),
            **reader,
        ),
        insights=_page(
            "insights",
            page_number,
            values,
            lambda n: Hit(n, _first_snippet(query, n.text)),
            **reader,
        ),
        number=page_number,
    )
    if page_number > results.num_pages:  # past the last page: show the last one
        return search(team=team, can=can, query=query, page_number=results.num_pages)
    return results
