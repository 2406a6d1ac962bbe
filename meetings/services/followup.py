"""Follow-up between meetings: the phase 5 first small steps and the report's agreements.

A first step belongs to a person (its owner): it shows on their dashboard until it is marked
done, and the next meeting opens with a look back at the steps of the meeting before.

An agreement of the report (what, who, by when) is followed up the same way (seed 004: "Nood
aan opvolging voorafgaand aan de volgende bijeenkomst"): when its "who" names one member of
the team, it is on that member's dashboard once the report is published, and the next
meeting's look back lists it with done / not done.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import F, Q
from django.utils import timezone

from meetings.models import Agreement, FirstStep, Meeting, Report
from plg.models import Membership, Team, User
from plg.prepared import Prepared

#: How long a step marked done stays on the dashboard, so an accidental tick can be undone.
RECENTLY_DONE = datetime.timedelta(days=7)


def set_step_done(*, step: FirstStep, done: bool, now: datetime.datetime | None = None) -> None:
    """Mark a first step done (keeping the first moment it was done) or undo that."""
    if done == (step.done_at is not None):
        return
    step.done_at = (now or timezone.now()) if done else None
    step.save(update_fields=["done_at"])


def set_agreement_done(
    *, agreement: Agreement, done: bool, now: datetime.datetime | None = None
) -> None:
    """Mark an agreement done (keeping the first moment it was done) or undo that."""
    if done == (agreement.done_at is not None):
        return
    agreement.done_at = (now or timezone.now()) if done else None
    agreement.save(update_fields=["done_at"])


def _name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def agreement_owner(*, team: Team, who: str) -> User | None:
    """The team member an agreement's "who" names: exactly one active member with that full
    name (as the report's list of names offers them, in any case). "Het ontwikkelteam",
    two names or a name two members share name nobody: such an agreement is only in the
    report and the look back."""
    key = _name_key(who)
    if not key:
        return None
    found = [
        m.user
        for m in Membership.objects.filter(team=team, is_active=True).select_related("user")
        if _name_key(m.user.get_full_name()) == key
    ]
    return found[0] if len(found) == 1 else None


def agreements_for_dashboard(
    *, user: User, team: Team, now: datetime.datetime | None = None
) -> list[Agreement]:
    """The user's agreements in this team's published reports: open ones, and those done
    recently (so they can be undone). A draft's agreements are for its writers only."""
    since = (now or timezone.now()) - RECENTLY_DONE
    return _DASHBOARD_AGREEMENTS(user=user.pk, team=team.pk, since=since)


_DASHBOARD_AGREEMENTS = Prepared(  # plg/prepared.py
    lambda user, team, since: (
        Agreement.objects.filter(
            owner_id=user,
            report__meeting__school_year__team_id=team,
            report__status=Report.Status.PUBLISHED,
        )
        .filter(Q(done_at__isnull=True) | Q(done_at__gte=since))
        .select_related("report__meeting")
        .order_by(F("done_at").asc(nulls_first=True), F("due").asc(nulls_last=True), "created_at")
    ),
    user=int,
    team=int,
    since=datetime.datetime,
)


def steps_for_dashboard(
    *, user: User, team: Team, now: datetime.datetime | None = None
) -> list[FirstStep]:
    """The user's open steps in this team, and those done recently (so they can be undone)."""
    since = (now or timezone.now()) - RECENTLY_DONE
    return _DASHBOARD_STEPS(user=user.pk, team=team.pk, since=since)


_DASHBOARD_STEPS = Prepared(  # plg/prepared.py
    lambda user, team, since: (
        FirstStep.objects.filter(owner_id=user, group__meeting__school_year__team_id=team)
        .filter(Q(done_at__isnull=True) | Q(done_at__gte=since))
        .select_related("group__meeting__theme")
        .order_by(F("done_at").asc(nulls_first=True), "group__meeting__date", "created_at")
    ),
    user=int,
    team=int,
    since=datetime.datetime,
)


@dataclass(frozen=True)
class LookBack:
    """The first steps and the agreements of the meeting before, for the opening of the
    next one."""

    meeting: Meeting
    steps: list[FirstStep]
    agreements: list[Agreement] = field(default_factory=list)

    @property
    def done_count(self) -> int:
        return sum(step.done_at is not None for step in self.steps)

    @property
    def agreements_done_count(self) -> int:
        return sum(a.done_at is not None for a in self.agreements)


def previous_meeting(meeting: Meeting) -> Meeting | None:
    """The team's meeting before this one (across school years: meeting 1 looks back at
    last year's meeting 6)."""
    found = _PREVIOUS_MEETING(
        team=meeting.school_year.team_id, date=meeting.date, start=meeting.start_time
    )
    return found[0] if found else None


_PREVIOUS_MEETING = Prepared(  # plg/prepared.py
    lambda team, date, start: (
        Meeting.objects.filter(school_year__team_id=team)
        .filter(Q(date__lt=date) | Q(date=date, start_time__lt=start))
        .select_related("theme")
        .order_by("-date", "-start_time")[:1]
    ),
    team=int,
    date=datetime.date,
    start=datetime.time,
)


_LOOK_BACK_STEPS = Prepared(  # plg/prepared.py
    lambda meeting: (
        FirstStep.objects.filter(group__meeting_id=meeting)
        .select_related("owner", "group")
        .order_by("group__number", "created_at")
    ),
    meeting=int,
)
_LOOK_BACK_AGREEMENTS = Prepared(
    lambda meeting: (
        Agreement.objects.filter(report__meeting_id=meeting)
        .select_related("report", "owner")
        .in_order()
    ),
    meeting=int,
)


def look_back(meeting: Meeting, *, can=None) -> LookBack | None:
    """The previous meeting's first steps (who, what, done or not), in group order, and the
    agreements of its report in the report's order when `can` (meetings.access.Can of the
    viewer) may read that report (a draft is for its writers)."""
    before = previous_meeting(meeting)
    if before is None:
        return None
    steps = _LOOK_BACK_STEPS(meeting=before.pk)
    agreements = []
    if can is not None:
        agreements = _LOOK_BACK_AGREEMENTS(meeting=before.pk)
        if agreements and not can.read_report(before, agreements[0].report.status):
            agreements = []
    return LookBack(meeting=before, steps=steps, agreements=agreements)
