"""Werkcasussen (cases): submitting, changing, withdrawing, and bringing one in on the spot.

A case is "discussed" once a small group has chosen it; from then on its text is part of
the meeting's record and its owner can no longer change or withdraw it.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext as _

from meetings.models import Case, Meeting, MeetingRun, SmallGroup
from plg.models import Membership, Team, User


class CaseLocked(Exception):
    """The case has been discussed in a group; it stays as it was."""


def is_discussed(case: Case) -> bool:
    return SmallGroup.objects.filter(case=case).exists()


def with_discussed(cases: QuerySet[Case]) -> QuerySet[Case]:
    """Annotate `discussed` so a list knows it without a query per case."""
    return cases.annotate(discussed=Exists(SmallGroup.objects.filter(case=OuterRef("pk"))))


def open_meetings(team: Team, today: datetime.date) -> QuerySet[Meeting]:
    """The meetings a case can still be submitted for: not past and not closed."""
    closed = MeetingRun.objects.filter(meeting=OuterRef("pk"), status=MeetingRun.Status.CLOSED)
    return (
        Meeting.objects.for_team(team)
        .filter(date__gte=today)
        .exclude(Exists(closed))
        .select_related("theme")
        .order_by("date", "number")
    )


# --- names in a case text --------------------------------------------------------------------


def team_names(team: Team, *, exclude: User | None = None) -> list[str]:
    """The full names and first names of the team's active members (not `exclude`'s)."""
    people = Membership.objects.active().for_team(team)
    if exclude is not None:
        people = people.exclude(user=exclude)
    names: list[str] = []
    for first, last in people.values_list("user__first_name", "user__last_name"):
        first, last = first.strip(), last.strip()
        if first and last:
            names.append(f"{first} {last}")
        if len(first) >= 2:
            names.append(first)
    return names


def names_in_text(text: str, names: Iterable[str]) -> list[str]:
    """The names that occur in the text as whole words, case-insensitive.

    A full name that matches hides its first name ("Anouk Jansen", not also "Anouk").
    Plain data in and out, so it is tested without a database.
    """
    found: list[str] = []
    for name in sorted(set(names), key=lambda n: (-len(n), n.lower())):
        parts = [re.escape(part) for part in name.split()]
        pattern = r"(?<!\w)" + r"\s+".join(parts) + r"(?!\w)"
        if not re.search(pattern, text, flags=re.IGNORECASE):
            continue
        if any(re.search(pattern, longer, flags=re.IGNORECASE) for longer in found):
            continue
        found.append(name)
    return sorted(found, key=str.lower)


# --- changing cases --------------------------------------------------------------------------


def save_case(*, case: Case) -> Case:
    """Save a new or changed case; refuses once it has been discussed.

    A case for a meeting with a theme takes that theme (the form's theme is for a case that
    is not for a particular meeting yet), so it follows when the owner moves it.
    """
    if case.pk and is_discussed(case):
        raise CaseLocked(_("This case has been discussed in a group; it can no longer be changed."))
    if case.meeting is not None and case.meeting.theme_id is not None:
        case.theme_id = case.meeting.theme_id
    case.save()
    return case


@transaction.atomic
def withdraw_case(*, case: Case) -> None:
    """Withdraw (delete) a case: it is the owner's text. Refused once it was discussed."""
    if is_discussed(case):
        raise CaseLocked(
            _("This case has been discussed in a group; it can no longer be withdrawn.")
        )
    case.delete()


@transaction.atomic
def bring_in_on_the_spot(*, group: SmallGroup, owner: User, title: str) -> Case:
    """Phase 1: a case brought in at the table, chosen by the group at once."""
    meeting = group.meeting
    case = Case.objects.create(
        team=meeting.school_year.team,
        meeting=meeting,
        theme_id=meeting.theme_id,
        owner=owner,
        title=title,
    )
    group.case = case
    group.save(update_fields=["case"])
    return case
