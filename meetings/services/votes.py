"""The theme vote before and during meeting 1 (dot voting).

Each person places up to VOTES_PER_PERSON dots, at most one per theme, in the vote of the
team's current (or next) school year. The vote is open until meeting 1 of that year has
been closed; after that the ranking stays as it was. Once the next school year exists
(the rollover at meeting 6, meetings/services/year_review.py), its vote is the one open:
on the themes not used in the year before it.
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass, replace

from django.db import transaction
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Value
from django.utils.translation import gettext as _

from meetings.models import (
    MEETINGS_PER_YEAR,
    VOTES_PER_PERSON,
    Meeting,
    MeetingRun,
    SchoolYear,
    Theme,
    ThemeVote,
)
from plg.models import Membership, Team, User
from plg.prepared import Prepared


class VoteRefused(Exception):
    """The dot was not placed; the message says why (in Dutch)."""


@dataclass(frozen=True)
class Ballot:
    """The vote of one school year as one person sees it."""

    school_year: SchoolYear | None
    first_meeting: Meeting | None
    #: The school year before this vote's: its themes are not offered again.
    previous_year: SchoolYear | None = None
    #: For a closed vote with no next year yet: meeting 6 of its year, where the team
    #: leader starts the next school year (and with it the next vote).
    review_meeting: Meeting | None = None

    @property
    def first_theme_id(self) -> int | None:
        return self.first_meeting.theme_id if self.first_meeting else None

    @property
    def is_open(self) -> bool:
        if self.school_year is None:
            return False
        run = getattr(self.first_meeting, "run", None) if self.first_meeting else None
        return run is None or run.status != MeetingRun.Status.CLOSED


@dataclass(frozen=True)
class RankedTheme:
    theme: Theme
    votes: int
    rank: int
    mine: bool

    @property
    def dots(self) -> range:
        """One per vote, for drawing the dots."""
        return range(self.votes)


_FIRST_MEETING = Prepared(  # plg/prepared.py
    lambda year: (
        Meeting.objects.filter(school_year_id=year, number=1)
        .select_related("theme", "run")
        .order_by("pk")[:1]
    ),
    year=int,
)


def ballot_for(*, school_year: SchoolYear | None) -> Ballot:
    """The vote of this school year, with meeting 1 and its run in one query."""
    if school_year is None:
        return Ballot(None, None)
    first = _FIRST_MEETING(year=school_year.pk)
    return Ballot(school_year, first[0] if first else None)


def current_ballot(*, team: Team, today: datetime.date) -> Ballot:
    """The vote people take part in now: the current year's until its meeting 1 is closed,
    then the next year's once the team leader has started it (at meeting 6); until then
    the closed result, with meeting 6 to point to. A year's vote leaves out the themes of
    the year before it (they stay in the archive)."""
    years = list(SchoolYear.objects.for_team(team).order_by("first_day"))
    if not years:
        return Ballot(None, None)
    # The year that is running or comes next, else the last one (SchoolYear.current).
    index = next((i for i, y in enumerate(years) if y.last_day >= today), len(years) - 1)
    ballot = ballot_for(school_year=years[index])
    if ballot.is_open:
        return replace(ballot, previous_year=years[index - 1] if index else None)
    if index + 1 < len(years):
        return replace(ballot_for(school_year=years[index + 1]), previous_year=years[index])
    review = Meeting.objects.filter(school_year=years[index], number=MEETINGS_PER_YEAR).first()
    return replace(ballot, review_meeting=review)


def competition_ranks(counts: list[int]) -> list[int]:
    """Ranks for counts sorted from high to low; ties share a rank ("1, 1, 3")."""
    ranks: list[int] = []
    for position, count in enumerate(counts, start=1):
        if ranks and count == counts[position - 2]:
            ranks.append(ranks[-1])
        else:
            ranks.append(position)
    return ranks


def _ranked_themes(
    team: int, first_theme=None, previous_year=None, year=None, voter=None
) -> QuerySet[Theme]:
    """ranking's queryset; a value left None leaves its part out."""
    themes = Theme.objects.filter(team_id=team).select_related("proposed_by", "case")
    if first_theme is not None:
        themes = themes.exclude(pk=first_theme)
    if previous_year is not None:  # treated last year: in the archive, not again
        themes = themes.exclude(meetings__school_year_id=previous_year)
    if year is None:
        themes = themes.annotate(vote_count=Value(0, output_field=IntegerField()))
    else:
        themes = themes.annotate(vote_count=Count("votes", filter=Q(votes__school_year_id=year)))
    if voter is not None and year is not None:
        mine = ThemeVote.objects.filter(theme=OuterRef("pk"), voter_id=voter, school_year_id=year)
        themes = themes.annotate(mine=Exists(mine))
    return themes.order_by("-vote_count", "title")


@functools.cache
def _ranking_query(given: tuple[str, ...]) -> Prepared:
    """The ranking's query for the values that are given (each combination its own SQL),
    compiled once (plg/prepared.py)."""
    return Prepared(_ranked_themes, **dict.fromkeys(given, int))


def ranking(*, team: Team, ballot: Ballot, voter: User | None = None) -> list[RankedTheme]:
    """The team's themes by number of dots in this vote, in one query.

    The theme of meeting 1 itself (startende docenten) is not part of the vote.
    """
    year = ballot.school_year
    values = {
        "team": team.pk,
        "first_theme": ballot.first_theme_id,
        "previous_year": ballot.previous_year.pk if ballot.previous_year is not None else None,
        "year": year.pk if year is not None else None,
        "voter": voter.pk if voter is not None and year is not None else None,
    }
    given = tuple(sorted(name for name, value in values.items() if value is not None))
    themes = _ranking_query(given)(**{name: values[name] for name in given})
    ranks = competition_ranks([t.vote_count for t in themes])
    return [
        RankedTheme(theme=t, votes=t.vote_count, rank=rank, mine=getattr(t, "mine", False))
        for t, rank in zip(themes, ranks, strict=True)
    ]


@transaction.atomic
def toggle_vote(*, ballot: Ballot, theme: Theme, voter: User) -> bool:
    """Place a dot on the theme, or take it away when it is there. True when placed.

    Raises VoteRefused when the vote is closed, the theme is not part of it, or the voter
    has no dots left.
    """
    year = ballot.school_year
    if year is None:
        raise VoteRefused(_("There is no school year to vote for yet."))
    if not ballot.is_open:
        raise VoteRefused(
            _("The vote is closed: meeting 1 of %(year)s has been closed.") % {"year": year}
        )
    if (
        theme.team_id != year.team_id
        or theme.pk == ballot.first_theme_id
        or (
            ballot.previous_year is not None
            and theme.meetings.filter(school_year=ballot.previous_year).exists()
        )
    ):
        raise VoteRefused(_("This theme is not part of the vote."))
    # One person's clicks are handled one after the other, so two quick clicks cannot
    # place more dots than allowed.
    list(Membership.objects.select_for_update().filter(team_id=year.team_id, user=voter))
    removed, _details = ThemeVote.objects.filter(
        theme=theme, voter=voter, school_year=year
    ).delete()
    if removed:
        return False
    if ThemeVote.objects.filter(voter=voter, school_year=year).count() >= VOTES_PER_PERSON:
        raise VoteRefused(
            _("You have used all your %(count)s dots. Take a dot away from another theme first.")
            % {"count": VOTES_PER_PERSON}
        )
    ThemeVote.objects.create(theme=theme, voter=voter, school_year=year)
    return True
