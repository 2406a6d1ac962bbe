"""Who may see and do what in the meeting cycle, written once.

Three layers, top to bottom:

1. **Rules** (predicates) and **scopes** (querysets of what a member may read). Every rule is
   written here once; services and templates ask them and never re-write one.
2. **`Can`**: the rules as booleans for one member, for templates and services.
3. **Request helpers**: a view passes the request and the URL's ids and gets the object (with
   the membership) or an error. Another team's object, or one the person may not know of,
   answers 404 (its existence is not revealed); a role that may not do something with an
   object it can see answers 403. Anonymous people never get here: the login middleware sends
   them to the login page first.

People and team rules (active membership of a team, being its team leader) live in
plg/access.py; `meetings` depends on `plg`, never the reverse.

The reason of an absence (afmelding, afmeldverzoek) stays between the person and the team
leader: preparers and everyone else see that someone is excused, never why.

Case texts are sensitive: they may concern students or colleagues. A case is readable by
its owner (the inbrenger), the two preparers of the meeting it is submitted for, and the
leader of a small group that discusses it. Nobody else, the team leader included (unless
they prepare that meeting).

A learning question (leervraag) is private to its owner. Shared with the team, every active
member of that team reads it (colleagues, the ontwikkelteam and the team leader alike: the
module's PLG works on them together); a private one nobody else, the team leader included.
Only the owner writes it, links their cases and steps to it and writes its look back.
"""

from __future__ import annotations

import datetime
import functools
from typing import NamedTuple

from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Exists, FilteredRelation, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from meetings.i18n import message
from meetings.models import (
    MEETINGS_PER_YEAR,
    AbsenceRequest,
    Agreement,
    Attendance,
    CalendarFeed,
    Case,
    FirstStep,
    GroupNote,
    Holiday,
    LearningQuestion,
    Meeting,
    MeetingRun,
    Report,
    SchoolYear,
    SmallGroup,
    StoredPdf,
    Theme,
)
from meetings.notifications import read_unsubscribe_token
from plg import audit
from plg.access import active_memberships, get_leader_membership, get_membership, remember_team
from plg.models import Membership, MembershipEvent, Role, Team, User
from plg.prepared import Prepared

#: The group notes that carry the insights of a meeting (phase 3 and 4).
INSIGHT_PHASES = (3, 4)

# --- 1. rules ---------------------------------------------------------------------------------


def is_preparer(membership: Membership, meeting: Meeting) -> bool:
    """One of the meeting's two preparers. Reads the `preparer_ids` a service set on the
    meeting (services.year_review.year_meetings), or prefetched preparers, when there are."""
    known = getattr(meeting, "preparer_ids", None)
    if known is not None:
        return membership.user_id in known
    if "preparers" in getattr(meeting, "_prefetched_objects_cache", {}):
        return any(p.pk == membership.user_id for p in meeting.preparers.all())
    return membership.user_id in _PREPARER_IDS(meeting=meeting.pk)


_PREPARER_IDS = Prepared(  # plg/prepared.py
    lambda meeting: Meeting.preparers.through.objects.filter(meeting_id=meeting).values_list(
        "user_id", flat=True
    ),
    meeting=int,
)


def is_facilitator(membership: Membership, meeting: Meeting) -> bool:
    """The meeting's two preparers prepare and run it and write its report; the team leader
    may always step in."""
    return membership.is_leader or is_preparer(membership, meeting)


def follows_the_team(membership: Membership) -> bool:
    """The team leader and the ontwikkelteam: they edit the phase card, follow everyone's
    first steps and read every insight."""
    return membership.is_leader or membership.is_developer


def may_read_report(membership: Membership, meeting: Meeting, status: str | None) -> bool:
    """A published report is for the whole team; a draft for those who write it. `status`
    None: the meeting has no report."""
    if status is None:
        return False
    return status == Report.Status.PUBLISHED or is_facilitator(membership, meeting)


def may_read_revisions(membership: Membership, meeting: Meeting) -> bool:
    """A report's trail of changes (ReportRevision) is for its writers (the preparers) and
    the team leader, not for the other readers of a published report."""
    return is_facilitator(membership, meeting)


def may_mark_step(membership: Membership, step: FirstStep) -> bool:
    """The owner marks their own first step; the group leader who wrote it down may too."""
    return membership.user_id in (step.owner_id, step.group.leader_id)


def may_read_learning_question(membership: Membership, question: LearningQuestion) -> bool:
    """The owner reads their learning question; the team reads it once the owner shares it."""
    if question.owner_id == membership.user_id:
        return True
    return question.shared and question.school_year.team_id == membership.team_id


def readable_learning_questions(membership: Membership) -> QuerySet[LearningQuestion]:
    """The team's learning questions this member may read (may_read_learning_question in
    SQL): their own and the shared ones."""
    return LearningQuestion.objects.filter(school_year__team=membership.team).filter(
        Q(owner=membership.user_id) | Q(shared=True)
    )


def may_mark_agreement(
    membership: Membership, agreement: Agreement, *, runs_next: bool = False
) -> bool:
    """The owner marks their agreement done, and so do those who follow it up: the team
    leader and the preparers of the meeting that made it, and (`runs_next`) the
    facilitators of the next meeting, whose look back lists it."""
    return (
        agreement.owner_id == membership.user_id
        or runs_next
        or is_facilitator(membership, agreement.report.meeting)
    )


def may_read_absence_reason(membership: Membership, absence: Attendance) -> bool:
    """The reason of an afmelding (often health: "Ziek") is for the team leader, who agreed
    it, and the person themselves; everyone else (the preparers, the run page on the beamer)
    sees only that the person is excused."""
    return membership.is_leader or absence.user_id == membership.user_id


def may_edit_theme(membership: Membership, theme: Theme) -> bool:
    """Whoever proposed a theme edits it, and the team leader."""
    return membership.is_leader or theme.proposed_by_id == membership.user_id


def may_open_group(membership: Membership, group: SmallGroup) -> bool:
    """A small group's page is for its leader and the meeting's facilitators."""
    return group.leader_id == membership.user_id or is_facilitator(membership, group.meeting)


def groups_known_to_team(run: MeetingRun | None) -> bool:
    """Whether everyone may see which small group they are in (and its leader and room):
    from the start of the meeting, or earlier once the preparers published the groups,
    until the meeting is closed."""
    if run is None or run.pk is None or run.is_closed:
        return False
    return run.started_at is not None or run.groups_published_at is not None


def owns_case(membership: Membership, case: Case) -> bool:
    """The case owner (inbrenger) edits and withdraws their case."""
    return case.owner_id == membership.user_id


def may_ask_absence(membership: Membership) -> bool:
    """Members ask the team leader for absence; the team leader decides, so does not ask."""
    return not membership.is_leader


def visible_cases_for(user: User, team: Team) -> QuerySet[Case]:
    """The team's cases this person may read. Subqueries, not joins: no duplicates."""
    prepared = Meeting.objects.filter(preparers=user).values("pk")
    discussed_in_led_group = SmallGroup.objects.filter(leader=user, case__isnull=False).values(
        "case"
    )
    return Case.objects.filter(team=team).filter(
        Q(owner=user) | Q(meeting__in=prepared) | Q(pk__in=discussed_in_led_group)
    )


def can_read_case(membership: Membership, case: Case, *, group: SmallGroup | None = None) -> bool:
    """Whether this member may read the case's texts. `group`, when given, is a group the
    caller already has in hand: its leader reads its case without another query."""
    if case.team_id != membership.team_id:
        return False
    if owns_case(membership, case):
        return True
    if group is not None and group.case_id == case.pk and group.leader_id == membership.user_id:
        return True
    return visible_cases_for(membership.user, membership.team).filter(pk=case.pk).exists()


def may_read_group_case(membership: Membership, group: SmallGroup) -> bool:
    """Whether the group page shows its chosen case's texts to this member."""
    return group.case is not None and can_read_case(membership, group.case, group=group)


def calendar_meetings(user: User | int) -> QuerySet[Meeting]:
    """The meetings in a person's calendar: every meeting of each team they are an active
    member of. A past member gets none of that team's meetings any more."""
    teams = Membership.objects.filter(user=user, is_active=True).values("team")
    return Meeting.objects.filter(school_year__team__in=teams)


def readable_reports(membership: Membership) -> QuerySet[Report]:
    """The team's reports this member may read (the rule of may_read_report, in SQL)."""
    return team_readable_reports(
        membership.team_id, membership.user_id, leader=membership.is_leader
    )


def team_readable_reports(team: int, user: int, *, leader: bool) -> QuerySet[Report]:
    """readable_reports by ids: the team leader (`leader`) reads them all, anyone else
    (`user`) the published ones and those of the meetings they prepare."""
    reports = Report.objects.filter(meeting__school_year__team_id=team)
    if leader:
        return reports
    prepares = Meeting.preparers.through.objects.filter(meeting=OuterRef("meeting"), user_id=user)
    return reports.filter(Q(status=Report.Status.PUBLISHED) | Exists(prepares))


def may_quote_insights(group: SmallGroup) -> bool:
    """Whether a group's phase 3–4 notes may leave the group (the report, its PDF, the
    archive and its search): only when the owner of the case it discussed chose *may be
    quoted*, or when it discussed no case. The group's own page always shows them."""
    return group.case is None or group.case.may_quote


#: may_quote_insights in SQL, for querysets of GroupNote.
QUOTABLE_INSIGHTS = Q(group__case__isnull=True) | Q(group__case__may_quote=True)


def insight_notes(membership: Membership) -> QuerySet[GroupNote]:
    """The phase 3–4 notes of the team's groups this member may read: all of them for those
    who follow the team, for teachers once the meeting's report carries them to the team;
    for nobody when the case owner did not agree to be quoted (may_quote_insights)."""
    return team_insight_notes(membership.team_id, follows=follows_the_team(membership))


def team_insight_notes(team: int, *, follows: bool) -> QuerySet[GroupNote]:
    """insight_notes by the team's id, for someone who follows the team (`follows`) or not."""
    notes = (
        GroupNote.objects.filter(
            group__meeting__school_year__team_id=team, phase__in=INSIGHT_PHASES
        )
        .filter(QUOTABLE_INSIGHTS)
        .exclude(text="")
    )
    if not follows:
        notes = notes.filter(group__meeting__report__status=Report.Status.PUBLISHED)
    return notes


def evaluation_closes_at(meeting: Meeting, run: MeetingRun | None) -> datetime.datetime:
    """When the phase 6 evaluation closes: the team's number of hours
    (`Team.evaluation_open_hours`) after the meeting ended (when it was closed; while it
    runs, when it is planned to end, or its length after it started on another day)."""
    duration = datetime.timedelta(minutes=meeting.duration_minutes)
    planned = meeting.starts_at + duration
    end = timezone.make_aware(planned) if timezone.is_naive(planned) else planned
    if run is not None and run.ended_at is not None:
        end = run.ended_at
    elif run is not None and run.started_at is not None:
        end = max(end, run.started_at + duration)  # started on another day than planned
    return end + datetime.timedelta(hours=meeting.school_year.team.evaluation_open_hours)


def evaluation_refusal(
    meeting: Meeting, run: MeetingRun | None, *, expected: bool, now: datetime.datetime
) -> Promise | None:
    """Why this member may not answer the evaluation now, or None when they may: only the
    people expected at the meeting (meetings/attendance.py), only from its start (phase 6)
    until the window the team set has passed."""
    if run is None or run.started_at is None:
        return _(
            "The evaluation opens when the meeting has started. Scan the code again in phase 6."
        )
    if not expected:
        return _(
            "Only the people who were expected at this meeting fill in its evaluation. You "
            "were not expected, so there is nothing to fill in for you."
        )
    closes = evaluation_closes_at(meeting, run)
    if now >= closes:
        local = timezone.localtime(closes)
        return message(
            _("The evaluation of this meeting closed on %(date)s at %(time)s."),
            date=date_format(local, "j F Y"),
            time=date_format(local, "H:i"),
        )
    return None


# --- 2. the rules as booleans, for templates and services --------------------------------------


class Can:
    """What one member may do. Templates read its properties (`can.edit_phase_card`), services
    call its methods; neither writes a rule of its own."""

    def __init__(self, membership: Membership) -> None:
        self.membership = membership

    @property
    def user_id(self) -> int:
        return self.membership.user_id

    @property
    def plan(self) -> bool:
        """Plan the year, edit meetings, record absences, see who was absent."""
        return self.membership.is_leader

    @property
    def decide_absence(self) -> bool:
        """Approve or decline absence requests (only the team leader, as the method says)."""
        return self.membership.is_leader

    @property
    def read_absence_reasons(self) -> bool:
        """Read everyone's absence reasons (each person reads their own)."""
        return self.membership.is_leader

    @property
    def ask_absence(self) -> bool:
        return may_ask_absence(self.membership)

    @property
    def edit_phase_card(self) -> bool:
        return follows_the_team(self.membership)

    @property
    def see_everyones_steps(self) -> bool:
        return follows_the_team(self.membership)

    @property
    def see_preparer_warnings(self) -> bool:
        """Be told which meetings still lack their two preparers (the planner, the dashboard)."""
        return follows_the_team(self.membership)

    def facilitate(self, meeting: Meeting) -> bool:
        return is_facilitator(self.membership, meeting)

    def prepare(self, meeting: Meeting) -> bool:
        return is_preparer(self.membership, meeting)

    def read_report(self, meeting: Meeting, status: str | None) -> bool:
        return may_read_report(self.membership, meeting, status)

    def read_absence_reason(self, absence: Attendance) -> bool:
        return may_read_absence_reason(self.membership, absence)

    def mark_step(self, step: FirstStep) -> bool:
        return may_mark_step(self.membership, step)

    def edit_theme(self, theme: Theme) -> bool:
        return may_edit_theme(self.membership, theme)

    def reports(self) -> QuerySet[Report]:
        return readable_reports(self.membership)

    def read_learning_question(self, question: LearningQuestion) -> bool:
        return may_read_learning_question(self.membership, question)

    def learning_questions(self) -> QuerySet[LearningQuestion]:
        return readable_learning_questions(self.membership)

    def insights(self) -> QuerySet[GroupNote]:
        return insight_notes(self.membership)

    def cases(self) -> QuerySet[Case]:
        return visible_cases_for(self.membership.user, self.membership.team)


# --- 3. request helpers -----------------------------------------------------------------------


class Scoped(NamedTuple):
    """What a request helper returns: the membership that was checked and the object."""

    membership: Membership
    obj: object


def member(request: HttpRequest, team_slug: str) -> Membership:
    """The user's active membership of the team in the URL, or 404; with it, in the same
    query, the team's current school year for the navigation bar's year plan link
    (meetings/context_processors.py)."""
    membership = get_membership(request, team_slug, query=_MEMBERSHIPS, today=timezone.localdate())
    request.nav_year_pk = membership.nav_year_pk
    return membership


def team_leader(request: HttpRequest, team_slug: str) -> Membership:
    """The team leader's membership; another member gets 403."""
    membership = get_leader_membership(
        request, team_slug, query=_MEMBERSHIPS, today=timezone.localdate()
    )
    request.nav_year_pk = membership.nav_year_pk
    return membership


def _current_year_pk(today: datetime.date) -> Coalesce:
    """SchoolYearQuerySet.current's year of the membership's team, as a subquery: the year
    that is running or comes next on `today`; else the most recent one."""
    years = SchoolYear.objects.filter(team=OuterRef("team_id"))
    running_or_next = years.filter(last_day__gte=today).order_by("first_day")
    latest = years.order_by("-first_day")
    return Coalesce(Subquery(running_or_next.values("pk")[:1]), Subquery(latest.values("pk")[:1]))


#: The memberships of every team page, with each team's current school year: compiled once
#: (plg/prepared.py), as building this query took Django longer than a trivial page.
_MEMBERSHIPS = Prepared(
    lambda user, today: active_memberships(user, nav_year_pk=_current_year_pk(today)),
    user=int,
    today=datetime.date,
)


_ALL_MEETINGS = Meeting.objects.all()  # never run: the template of the lookups below
_ALL_YEARS = SchoolYear.objects.all()


@functools.lru_cache(maxsize=32)
def _team_meeting(meetings: QuerySet[Meeting]) -> Prepared:
    """The lookup of one meeting of a team in `meetings` (Meeting.objects, or a module's
    constant queryset with more in it, as the planner's), compiled once (plg/prepared.py)."""
    return Prepared(
        lambda team, pk: meetings.filter(pk=pk, school_year__team_id=team).select_related(
            "theme", "school_year__team"
        ),
        team=int,
        pk=int,
    )


def _meeting(membership: Membership, pk: int, queryset: QuerySet[Meeting] | None) -> Meeting:
    meetings = _team_meeting(_ALL_MEETINGS if queryset is None else queryset)
    return meetings.get_or_404(team=membership.team_id, pk=pk)


def meeting_for(
    request: HttpRequest,
    team_slug: str,
    pk: int,
    *,
    leader: bool = False,
    queryset: QuerySet[Meeting] | None = None,
) -> Scoped:
    """A meeting of the member's team (else 404); `leader`: for the team leader (else 403).
    `queryset`: a module's constant (its lookup is compiled once, _team_meeting)."""
    membership = team_leader(request, team_slug) if leader else member(request, team_slug)
    return Scoped(membership, _meeting(membership, pk, queryset))


def facilitated_meeting(request: HttpRequest, team_slug: str, pk: int) -> Scoped:
    """A meeting its preparers (or the team leader) prepare and run; others get 403."""
    membership, meeting = meeting_for(request, team_slug, pk)
    if not is_facilitator(membership, meeting):
        raise PermissionDenied
    return Scoped(membership, meeting)


def check_facilitator(request: HttpRequest, team_slug: str, pk: int) -> None:
    """`facilitated_meeting`'s rule in one query, for a poll that then answers from the
    cache (meetings/run_cache.py): 404 unless the user is an active member of the team in
    the URL and the meeting is the team's, 403 unless they lead the team or prepare it.

    Written in SQL: the poll comes every second from each facilitator's laptop, and building
    this query with the ORM (two EXISTS subqueries) cost more than running it."""
    with connection.cursor() as cursor:
        cursor.execute(_check_facilitator_sql(), [pk, pk, team_slug, request.user.pk])
        row = cursor.fetchone()
    if row is None or not row[1]:
        raise Http404
    role, _has_meeting, prepares = row
    if not (role == Role.TEAM_LEADER or prepares):
        raise PermissionDenied


@functools.cache
def _check_facilitator_sql() -> str:
    membership, team = Membership._meta.db_table, Team._meta.db_table
    meeting, year = Meeting._meta.db_table, SchoolYear._meta.db_table
    preparers = Meeting.preparers.through._meta.db_table
    return (
        f'SELECT m."role", '
        f'EXISTS (SELECT 1 FROM "{meeting}" mt'
        f' INNER JOIN "{year}" y ON mt."school_year_id" = y."id"'
        f' WHERE mt."id" = %s AND y."team_id" = m."team_id"), '
        f'EXISTS (SELECT 1 FROM "{preparers}" p WHERE p."meeting_id" = %s'
        f' AND p."user_id" = m."user_id") '
        f'FROM "{membership}" m INNER JOIN "{team}" t ON m."team_id" = t."id" '
        f'WHERE t."slug" = %s AND m."user_id" = %s AND m."is_active"'
    )


def prepared_meeting(request: HttpRequest, team_slug: str, pk: int) -> Scoped:
    """A meeting for its two preparers only (its cases: not the team leader's business unless
    they prepare it); others get 403."""
    membership, meeting = meeting_for(request, team_slug, pk)
    if not is_preparer(membership, meeting):
        raise PermissionDenied
    return Scoped(membership, meeting)


def introduction_meeting(request: HttpRequest, team_slug: str, pk: int) -> Scoped:
    """Meeting 1 of one of the team's years, for its facilitators; other meetings 404."""
    membership, meeting = meeting_for(request, team_slug, pk)
    if meeting.number != 1:
        raise Http404
    if not is_facilitator(membership, meeting):
        raise PermissionDenied
    return Scoped(membership, meeting)


def run_evaluation_meeting(request: HttpRequest, team_slug: str, pk: int) -> Scoped:
    """Meeting 6 of one of the team's years, for its facilitators; other meetings 404."""
    membership, meeting = meeting_for(request, team_slug, pk)
    if meeting.number != MEETINGS_PER_YEAR:
        raise Http404
    if not is_facilitator(membership, meeting):
        raise PermissionDenied
    return Scoped(membership, meeting)


def evaluation_meeting(
    request: HttpRequest, team_slug: str, pk: int, *, leader: bool = False
) -> Scoped:
    """Meeting 6 of the user's team; any other meeting has no year page (404)."""
    membership, meeting = meeting_for(request, team_slug, pk, leader=leader)
    if meeting.number != MEETINGS_PER_YEAR:
        raise Http404
    return Scoped(membership, meeting)


def meeting_team(request: HttpRequest, pk: int) -> Membership:
    """The user's active membership of the team a meeting belongs to (a URL without the
    team, such as the evaluation's short address), or 404."""
    return get_object_or_404(
        Membership.objects.select_related("team"),
        user=request.user,
        is_active=True,
        team__school_years__meetings__pk=pk,
    )


def projector_run(pk: int, token: str) -> MeetingRun:
    """The projector needs no login: the token works for this meeting only; any other
    combination is a 404."""
    return _PROJECTOR_RUN.get_or_404(meeting=pk, token=token)


#: Every projector asks again after each change: compiled once (plg/prepared.py).
_PROJECTOR_RUN = Prepared(
    lambda meeting, token: MeetingRun.objects.select_related(
        "meeting__school_year__team", "meeting__theme"
    ).filter(meeting_id=meeting, projector_token=token),
    meeting=int,
    token=str,
)


def calendar_feed_for(token: str) -> CalendarFeed:
    """A calendar feed needs no login: the token is the key. An unknown or replaced token,
    or a person who can no longer log in, is a 404. (The URL lets only token characters
    through: no NUL byte reaches PostgreSQL.)

    The feed comes with `memberships_changed`, the time the person last joined or left a
    team (or changed role), read in the same query: leaving a team changes the feed without
    changing a meeting, and its Last-Modified has to move on for it."""
    return _CALENDAR_FEED.get_or_404(token=token)


#: Feed clients poll every few minutes for every person: compiled once (plg/prepared.py).
_CALENDAR_FEED = Prepared(
    lambda token: (
        CalendarFeed.objects.select_related("user")
        .annotate(
            memberships_changed=Subquery(
                MembershipEvent.objects.filter(membership__user=OuterRef("user"))
                .order_by("-at")
                .values("at")[:1]
            )
        )
        .filter(token=token, user__is_active=True)
    ),
    token=str,
)


def own_calendar_feed(request: HttpRequest) -> CalendarFeed | None:
    """The logged-in person's own feed, None before they made one."""
    return CalendarFeed.objects.filter(user=request.user).first()


def school_year_for(
    request: HttpRequest,
    team_slug: str,
    pk: int,
    *,
    leader: bool = False,
    queryset: QuerySet[SchoolYear] | None = None,
) -> Scoped:
    membership = team_leader(request, team_slug) if leader else member(request, team_slug)
    years = _team_year(_ALL_YEARS if queryset is None else queryset)
    return Scoped(membership, years.get_or_404(team=membership.team_id, pk=pk))


@functools.lru_cache(maxsize=32)
def _team_year(years: QuerySet[SchoolYear]) -> Prepared:
    """As _team_meeting, for a school year."""
    return Prepared(lambda team, pk: years.filter(pk=pk, team_id=team), team=int, pk=int)


def own_learning_question(
    request: HttpRequest, team_slug: str, year_pk: int
) -> tuple[Membership, SchoolYear, LearningQuestion | None]:
    """The logged-in member's own learning question for one of the team's years (None
    before they wrote one). The URL names no person: nobody reaches another's question here."""
    membership, year = school_year_for(request, team_slug, year_pk)
    question = (
        LearningQuestion.objects.filter(owner=membership.user_id, school_year=year)
        .select_related("school_year")
        .first()
    )
    return membership, year, question


def holiday_for(request: HttpRequest, team_slug: str, pk: int) -> Scoped:
    """A holiday of one of the team's years, for the team leader who plans them."""
    membership = team_leader(request, team_slug)
    holiday = get_object_or_404(
        Holiday.objects.select_related("school_year"), pk=pk, school_year__team=membership.team
    )
    return Scoped(membership, holiday)


def absence_for(request: HttpRequest, team_slug: str, pk: int) -> Scoped:
    """An absence (afmelding) recorded for one of the team's meetings, for the team leader."""
    membership = team_leader(request, team_slug)
    absence = get_object_or_404(
        Attendance.objects.excused().select_related("user"),
        pk=pk,
        meeting__school_year__team=membership.team,
    )
    return Scoped(membership, absence)


def absence_meeting(request: HttpRequest, team_slug: str, pk: int) -> Scoped:
    """A meeting of the member's team to ask absence for; the team leader gets 403."""
    membership, meeting = meeting_for(request, team_slug, pk)
    if not may_ask_absence(membership):
        raise PermissionDenied
    return Scoped(membership, meeting)


def absence_request_for(request: HttpRequest, team_slug: str, pk: int) -> Scoped:
    """An absence request for one of the team's meetings, for the team leader who decides
    (other members 403, another team's request 404)."""
    membership = team_leader(request, team_slug)
    absence_request = get_object_or_404(
        AbsenceRequest.objects.select_related("user", "meeting__school_year__team"),
        pk=pk,
        meeting__school_year__team=membership.team,
    )
    return Scoped(membership, absence_request)


def theme_for(request: HttpRequest, team_slug: str, pk: int) -> Scoped:
    """A theme of the team (every member votes on them)."""
    membership = member(request, team_slug)
    return Scoped(membership, get_object_or_404(Theme, pk=pk, team=membership.team))


def editable_theme(request: HttpRequest, team_slug: str, pk: int) -> Scoped:
    """A theme its proposer or the team leader edits; other members get 403."""
    membership, theme = theme_for(request, team_slug, pk)
    if not may_edit_theme(membership, theme):
        raise PermissionDenied
    return Scoped(membership, theme)


def editable_theme_ids(membership: Membership, themes) -> set[int]:
    """Of `themes`, those this member may edit (for the themes page's buttons)."""
    return {t.pk for t in themes if may_edit_theme(membership, t)}


#: group_for's query, compiled once (plg/prepared.py): the group leader's page and autosave.
_TEAM_GROUP = Prepared(
    lambda team, pk: SmallGroup.objects.select_related(
        "leader", "case", "meeting__school_year__team", "meeting__theme"
    ).filter(pk=pk, meeting__school_year__team_id=team),
    team=int,
    pk=int,
)


def group_for(request: HttpRequest, team_slug: str, pk: int) -> Scoped:
    """A small group, for its leader, the meeting's facilitators and the team leader."""
    membership = member(request, team_slug)
    group = _TEAM_GROUP.get_or_404(team=membership.team_id, pk=pk)
    if not may_open_group(membership, group):
        raise PermissionDenied
    return Scoped(membership, group)


def group_step(
    request: HttpRequest, team_slug: str, pk: int, step_pk: int
) -> tuple[Membership, SmallGroup, FirstStep]:
    """A first step written down in a group the member may open."""
    membership, group = group_for(request, team_slug, pk)
    return membership, group, get_object_or_404(FirstStep, pk=step_pk, group=group)


def markable_step(request: HttpRequest, team_slug: str, pk: int) -> Scoped:
    """A first step of the user's team (else 404) that they may mark (else 403)."""
    membership = member(request, team_slug)
    step = get_object_or_404(
        FirstStep.objects.select_related("owner", "group__meeting__theme"),
        pk=pk,
        group__meeting__school_year__team=membership.team,
    )
    if not may_mark_step(membership, step):
        raise PermissionDenied
    return Scoped(membership, step)


def _runs_next_meeting(membership: Membership, meeting: Meeting) -> bool:
    """Whether the member prepares the team's meeting after `meeting` (whose look back
    lists its agreements)."""
    after = (
        Meeting.objects.for_team(membership.team)
        .filter(Q(date__gt=meeting.date) | Q(date=meeting.date, start_time__gt=meeting.start_time))
        .order_by("date", "start_time")
        .first()
    )
    return after is not None and after.preparers.filter(pk=membership.user_id).exists()


def markable_agreement(request: HttpRequest, team_slug: str, pk: int) -> Scoped:
    """An agreement of the team's reports that the member may know of (its owner, or a
    reader of its report; else 404) and may mark done (else 403)."""
    membership = member(request, team_slug)
    agreement = get_object_or_404(
        Agreement.objects.select_related("owner", "report__meeting__theme").prefetch_related(
            "report__meeting__preparers"
        ),
        pk=pk,
        report__meeting__school_year__team=membership.team,
    )
    meeting = agreement.report.meeting
    owner = agreement.owner_id == membership.user_id
    if not owner and not may_read_report(membership, meeting, agreement.report.status):
        raise Http404
    if not may_mark_agreement(membership, agreement) and not _runs_next_meeting(
        membership, meeting
    ):
        raise PermissionDenied
    return Scoped(membership, agreement)


def markable_agreement_ids(membership: Membership, agreements, *, runs_next: bool = False):
    """Of `agreements`, those this member may mark done (for the follow-up rows)."""
    return {a.pk for a in agreements if may_mark_agreement(membership, a, runs_next=runs_next)}


def markable_step_ids(membership: Membership, steps) -> set[int]:
    """Of `steps`, those this member may mark done (for the follow-up rows)."""
    return {s.pk for s in steps if may_mark_step(membership, s)}


#: A team's report with its details (_report), compiled once (plg/prepared.py).
_TEAM_REPORT = Prepared(
    lambda team, meeting: Report.objects.with_details().filter(
        meeting_id=meeting, meeting__school_year__team_id=team
    ),
    team=int,
    meeting=int,
)


def _report(
    membership: Membership, meeting_pk: int, queryset: QuerySet[Report] | None = None
) -> Report:
    if queryset is None:
        report = _TEAM_REPORT.get_or_404(team=membership.team_id, meeting=meeting_pk)
    else:
        report = get_object_or_404(
            queryset, meeting_id=meeting_pk, meeting__school_year__team=membership.team
        )
    if not may_read_report(membership, report.meeting, report.status):
        raise Http404  # a draft does not exist yet for whoever does not write it
    return report


def report_for(
    request: HttpRequest,
    team_slug: str,
    pk: int,
    *,
    leader: bool = False,
    export: bool = False,
) -> Scoped:
    """The report of a meeting of the member's team. A published report is for the whole
    team; a draft only for its writers: for everyone else it does not exist yet (404).
    `leader`: something only the team leader does with a report they can read (else 403).
    Opening it is logged (a read; `export`: a PDF download)."""
    membership = member(request, team_slug)
    report = _report(membership, pk)
    if leader and not membership.is_leader:
        raise PermissionDenied
    if export:
        audit.record(request, audit.Action.EXPORT, report)
    else:
        audit.record_read(request, report)
    return Scoped(membership, report)


def _with_reader(queryset: QuerySet, request: HttpRequest, team_slug: str, team: str) -> QuerySet:
    """`queryset` limited to the team in the URL (reached by the path `team`), with the
    person's active membership of it joined in the same query as `reader`: nothing of a
    team the person is no active member of is found (404), as with `member`."""
    memberships = f"{team}__memberships"
    reader = FilteredRelation(
        memberships,
        condition=Q(**{f"{memberships}__user": request.user, f"{memberships}__is_active": True}),
    )
    return (
        queryset.annotate(reader=reader)
        .select_related(team, "reader")
        .filter(**{f"{team}__slug": team_slug, "reader__isnull": False})
    )


def _reader(request: HttpRequest, team_slug: str, row, team: Team) -> Membership:
    """The membership `_with_reader` joined to `row`, as `member` returns it."""
    membership = row.reader
    membership.team, membership.user = team, request.user
    remember_team(request, team_slug)
    return membership


def report_download(request: HttpRequest, team_slug: str, pk: int) -> Scoped:
    """A report to download as a PDF, on the same terms as report_for (a draft for its
    writers only). The membership, the report, its meeting, year and team and its stored PDF
    come in one query, and nothing else is read: a stored PDF is served without reading what
    it shows. Logged as an export (the second query)."""
    # Not its texts: a stored PDF is served without them, a render reads them itself.
    reports = Report.objects.select_related("stored_pdf").defer("text", "conclusions")
    report = get_object_or_404(
        _with_reader(reports, request, team_slug, "meeting__school_year__team"), meeting_id=pk
    )
    membership = _reader(request, team_slug, report, report.meeting.school_year.team)
    if not may_read_report(membership, report.meeting, report.status):
        raise Http404  # a draft does not exist yet for whoever does not write it
    audit.record(request, audit.Action.EXPORT, report)
    return Scoped(membership, report)


class StoredReportPdf(NamedTuple):
    """A published report's stored, ready PDF (stored_report_pdf)."""

    report_id: int
    team_id: int
    number: int
    date: datetime.date
    file_name: str


def stored_report_pdf(request: HttpRequest, team_slug: str, pk: int) -> StoredReportPdf | None:
    """The stored PDF of the meeting's published report, ready to be sent, when the person is
    an active member of the team in the URL: one query, in SQL, for the download every member
    makes of every report (built with the ORM, the query cost more than running it). None
    when there is nothing to send straight away (a draft, a render pending, nothing stored,
    or not theirs): report_download then decides, with its 404s and its waiting page."""
    with connection.cursor() as cursor:
        cursor.execute(
            _stored_report_pdf_sql(), [pk, Report.Status.PUBLISHED, team_slug, request.user.pk]
        )
        row = cursor.fetchone()
    if row is None:
        return None
    remember_team(request, team_slug)
    report_id, team_id, number, date, file_name = row
    if isinstance(date, str):  # SQLite hands dates over as text
        date = datetime.date.fromisoformat(date)
    return StoredReportPdf(report_id, team_id, number, date, file_name)


@functools.cache
def _stored_report_pdf_sql() -> str:
    report, meeting, year = Report._meta.db_table, Meeting._meta.db_table, SchoolYear._meta.db_table
    stored, team = StoredPdf._meta.db_table, Team._meta.db_table
    membership = Membership._meta.db_table
    # StoredPdf.ready: a file, and no render pending.
    return (
        f'SELECT r."id", y."team_id", mt."number", mt."date", s."file" '
        f'FROM "{report}" r '
        f'INNER JOIN "{meeting}" mt ON r."meeting_id" = mt."id" '
        f'INNER JOIN "{year}" y ON mt."school_year_id" = y."id" '
        f'INNER JOIN "{team}" t ON y."team_id" = t."id" '
        f'INNER JOIN "{membership}" m ON m."team_id" = t."id" '
        f'INNER JOIN "{stored}" s ON s."report_id" = r."id" '
        f'WHERE r."meeting_id" = %s AND r."status" = %s AND t."slug" = %s '
        f'AND m."user_id" = %s AND m."is_active" '
        f'AND s."file" <> \'\' AND s."pending_since" IS NULL'
    )


def year_download(request: HttpRequest, team_slug: str, pk: int) -> Scoped:
    """A school year of the member's team with its stored bundle, the membership in the same
    query (as report_download)."""
    years = SchoolYear.objects.select_related("stored_bundle")
    year = get_object_or_404(_with_reader(years, request, team_slug, "team"), pk=pk)
    return Scoped(_reader(request, team_slug, year, year.team), year)


def report_for_writing(request: HttpRequest, team_slug: str, pk: int) -> Scoped:
    """A report its writers may edit; a reader of a published report gets 403."""
    membership, report = report_for(request, team_slug, pk)
    if not is_facilitator(membership, report.meeting):
        raise PermissionDenied
    return Scoped(membership, report)


def report_agreement(
    request: HttpRequest, team_slug: str, pk: int, agreement_pk: int
) -> tuple[Membership, Report, Agreement]:
    """An agreement of a report its writers may edit."""
    membership, report = report_for_writing(request, team_slug, pk)
    return membership, report, get_object_or_404(Agreement, pk=agreement_pk, report=report)


def visible_case(request: HttpRequest, team_slug: str, pk: int) -> Scoped:
    """A case the member may read, or 404."""
    membership = member(request, team_slug)
    case = get_object_or_404(
        visible_cases_for(membership.user, membership.team).select_related(
            "owner", "theme", "meeting__theme", "meeting__school_year"
        ),
        pk=pk,
    )
    audit.record_read(request, case)
    return Scoped(membership, case)


def own_case(request: HttpRequest, team_slug: str, pk: int) -> Scoped:
    """A case the member owns: a preparer or group leader who may read it gets 403,
    everyone else 404."""
    membership, case = visible_case(request, team_slug, pk)
    if not owns_case(membership, case):
        raise PermissionDenied
    return Scoped(membership, case)


# --- e-mail: the person's own preferences and the unsubscribe link -----------------------------


class BadUnsubscribeLink(Exception):
    """The unsubscribe token is not one this site signed (altered, cut off, or made up)."""


def own_person(request: HttpRequest) -> User:
    """The logged-in person, for pages about themselves only (their e-mail preferences).
    The login middleware has already sent anonymous people to the login page."""
    return request.user


def unsubscribe_target(token: str) -> tuple[User, str]:
    """The person and the kind of mail a signed unsubscribe token names; no login needed, the
    signature is the proof. Raises BadUnsubscribeLink for anything else."""
    try:
        user_id, kind = read_unsubscribe_token(token)
    except signing.BadSignature as error:
        raise BadUnsubscribeLink from error
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise BadUnsubscribeLink
    return user, kind
