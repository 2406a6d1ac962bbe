"""Workflows for preparing, running and closing a theme meeting."""

from __future__ import annotations

import datetime
import hashlib
import json

from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from meetings import grouping, report_text, yeargrouping
from meetings.access import INSIGHT_PHASES, may_quote_insights
from meetings.models import (
    Case,
    GroupNote,
    Meeting,
    MeetingRun,
    PhaseCard,
    Report,
    SmallGroup,
)
from meetings.services import attendance
from meetings.services.autosave import save_versioned
from plg.models import Membership, User
from plg.prepared import Prepared


def default_group_leaders(meeting: Meeting) -> list[User]:
    """Who leads the groups until the preparers choose: the team's development team."""
    developers = (
        Membership.objects.active()
        .for_team(meeting.school_year.team)
        .developers()
        .values_list("user", flat=True)
    )
    return list(User.objects.filter(pk__in=developers))


def _new_run(meeting: Meeting) -> MeetingRun:
    """An unsaved run with the minutes of the team's phase card (the default card if the
    team has none of its own)."""
    card = PhaseCard.for_team(meeting.school_year.team)
    return MeetingRun(
        meeting=meeting,
        phase_minutes={str(p.number): p.minutes for p in card.phases.all()},
        break_minutes=card.break_minutes,
        break_after_phase=card.break_after_phase,
    )


#: find_run's query, compiled once (plg/prepared.py): every run, group and projector page.
_RUN = Prepared(lambda meeting: MeetingRun.objects.filter(meeting_id=meeting), meeting=int)


def find_run(meeting: Meeting) -> MeetingRun | None:
    """The meeting's run if it has one; none before anyone prepared or started it."""
    found = _RUN(meeting=meeting.pk)  # one at most: MeetingRun.meeting is one-to-one
    if not found:
        return None
    found[0].meeting = meeting
    return found[0]


def shown_run(meeting: Meeting) -> MeetingRun:
    """The meeting's run for a page that only shows it: the saved run, or before anyone
    prepared or started the meeting an unsaved one in the not-started state, so a GET
    writes nothing. Its `pk` is None then; `ensure_run` saves it on the first POST."""
    run = find_run(meeting)
    return run if run is not None else _new_run(meeting)


def ensure_run(*, meeting: Meeting) -> MeetingRun:
    """The meeting's run, made on first use (by a POST) with the minutes of the team's phase
    card and the team's development-team members as group leaders."""
    run = find_run(meeting)
    if run is not None:
        return run
    with transaction.atomic():
        run = _new_run(meeting)
        run.save()
        run.group_leaders.set(default_group_leaders(meeting))
    return run


def group_leaders(run: MeetingRun) -> list[User]:
    """The run's group leaders; for a run not saved yet, the ones it will start with."""
    if run.pk is None:
        return default_group_leaders(run.meeting)
    return _GROUP_LEADERS(run=run.pk)


_GROUP_LEADERS = Prepared(  # plg/prepared.py: as run.group_leaders.all()
    lambda run: User.objects.filter(
        pk__in=MeetingRun.group_leaders.through.objects.filter(meetingrun_id=run).values("user_id")
    ),
    run=int,
)


expected_people = attendance.expected_people
present_ids = attendance.present_ids


@transaction.atomic
def set_attendance(*, meeting: Meeting, present: set[int]) -> None:
    """Record the attendance check: everyone expected is present or not."""
    attendance.record_check(meeting=meeting, present=present)
    ensure_run(meeting=meeting).bump()


#: The meeting's groups with leader, case and members (plg/prepared.py: compiled once).
_MEETING_GROUPS = Prepared(
    lambda meeting: (
        SmallGroup.objects.filter(meeting_id=meeting)
        .select_related("leader", "case")
        .prefetch_related("members")
        .order_by("number")
    ),
    meeting=int,
)


def meeting_groups(meeting: Meeting) -> list[SmallGroup]:
    """The meeting's groups in order, with leader, case and members (two queries)."""
    groups = _MEETING_GROUPS(meeting=meeting.pk)
    for group in groups:
        group.meeting = meeting
    return groups


#: earlier_groups' two queries, compiled once (plg/prepared.py).
_EARLIER_GROUPS = Prepared(
    lambda year, number: (
        SmallGroup.objects.filter(meeting__school_year_id=year, meeting__number__lt=number)
        .order_by("meeting__number", "number")
        .values_list("pk", "meeting_id", "leader_id")
    ),
    year=int,
    number=int,
)
_EARLIER_MEMBERS = Prepared(
    lambda year, number: (
        SmallGroup.members.through.objects.filter(
            smallgroup__meeting__school_year_id=year, smallgroup__meeting__number__lt=number
        )
        # As group.members.all() lists them (the User ordering), so the solver sees the same.
        .order_by("user__first_name", "user__last_name")
        .values_list("smallgroup_id", "user_id")
    ),
    year=int,
    number=int,
)


def earlier_groups(meeting: Meeting) -> list[list[list[int]]]:
    """The groups of the earlier meetings of the same school year, as lists of ids (the
    leader, while their account exists, then the members), read as plain ids: two queries
    and no model instances, however large the team."""
    earlier = {"year": meeting.school_year_id, "number": meeting.number}
    groups = _EARLIER_GROUPS(**earlier)
    members: dict[int, list[int]] = {}
    rows = _EARLIER_MEMBERS(**earlier) if groups else []
    for group_id, user_id in rows:
        members.setdefault(group_id, []).append(user_id)
    by_meeting: dict[int, list[list[int]]] = {}
    for pk, meeting_id, leader_id in groups:
        people = ([leader_id] if leader_id else []) + members.get(pk, [])
        by_meeting.setdefault(meeting_id, []).append(people)
    return list(by_meeting.values())


def current_groups(meeting: Meeting, groups: list[SmallGroup] | None = None) -> list[list[int]]:
    """The meeting's groups as id lists; pass `groups` with their members prefetched."""
    if groups is None:
        groups = list(meeting.groups.prefetch_related("members").order_by("number"))
    # The leader's slot stays, empty (None) when their account was removed: such a group
    # has no leader present and is dissolved when the groups are fitted to the attendance.
    return [[g.leader_id, *(m.pk for m in g.members.all())] for g in groups]


def repeated_pair_count(
    meeting: Meeting,
    groups: list[SmallGroup] | None = None,
    history: list[list[list[int]]] | None = None,
) -> int:
    """How many pairs in this meeting's groups already shared a group this year (pass
    `history`, the `earlier_groups`, when you have it)."""
    now = [[pid for pid in people if pid is not None] for people in current_groups(meeting, groups)]
    return grouping.repeated_pairs(now, earlier_groups(meeting) if history is None else history)


def colleagues_met(
    meeting: Meeting, groups: list[SmallGroup], history: list[list[list[int]]]
) -> list[dict]:
    """Per person in this meeting's groups (`groups` with leader and members fetched), in
    name order: how many colleagues in their group now they did not sit with earlier this
    year (`history`), and how many different colleagues they have met this year with this
    meeting's groups."""
    now = current_groups(meeting, groups)
    before = yeargrouping.colleagues_met(history)
    after = yeargrouping.colleagues_met([*history, now])
    people = {}
    for group in groups:
        if group.leader is not None:
            people[group.leader.pk] = group.leader
        for user in group.members.all():
            people[user.pk] = user
    rows = [
        {
            "user": user,
            "new": after.get(pk, 0) - before.get(pk, 0),
            "met": after.get(pk, 0),
        }
        for pk, user in people.items()
    ]
    rows.sort(key=lambda row: (row["user"].get_full_name().lower(), row["user"].pk))
    return rows


#: Raise when plan_year changes what it returns, so no cached plan of the old one is used.
YEAR_PLAN_VERSION = 3


def year_plan(
    *,
    meeting: Meeting,
    participants: list[int],
    leaders: list[int],
    history: list[list[list[int]]],
    seed: int = 0,
) -> list[list[list[int]]]:
    """The groups of this meeting and the rest of the school year for `participants` and
    `leaders` after the earlier meetings `history` (meetings/yeargrouping.py).

    The year is planned once, from its first meeting with groups on; while the earlier
    meetings went as planned, the rest of that plan is used. When they did not (someone
    was absent, moved or joined), the rest of the year is planned again after them. A plan
    depends only on its input, so it is kept in the cache under a hash of that input."""
    remaining = meeting.school_year.meetings.filter(number__gte=meeting.number).count() or 1
    whole = _cached_plan(participants, leaders, len(history) + remaining, [], seed)
    if _same_meetings(history, whole[: len(history)]):
        return whole[len(history) :]
    return _cached_plan(participants, leaders, remaining, history, seed)


def _same_meetings(a: list[list[list[int]]], b: list[list[list[int]]]) -> bool:
    def shape(meetings):
        return [sorted(sorted(group) for group in groups) for groups in meetings]

    return shape(a) == shape(b)


def _cached_plan(
    participants: list[int],
    leaders: list[int],
    meetings: int,
    history: list[list[list[int]]],
    seed: int,
) -> list[list[list[int]]]:
    key_input = [YEAR_PLAN_VERSION, sorted(participants), leaders, meetings, history, seed]
    key = "year-plan:" + hashlib.sha256(json.dumps(key_input).encode()).hexdigest()
    plan = cache.get(key)
    if plan is None:
        plan = yeargrouping.plan_year(participants, leaders, meetings, history=history, seed=seed)
        cache.set(key, plan, timeout=60 * 60 * 24 * 30)
    return plan


@transaction.atomic
def compose_meeting_groups(*, meeting: Meeting, seed: int = 0) -> list[SmallGroup]:
    """(Re)compose the small groups from who is present, meeting new colleagues over the
    whole year: the groups follow the year plan (`year_plan`, for everyone expected),
    fitted to who is present.

    Raises ValueError (Dutch) when no group leader is present, or when notes have already
    been taken in the current groups: recomposing then would detach them.
    """
    run = ensure_run(meeting=meeting)
    if GroupNote.objects.filter(group__meeting=meeting).exclude(text="").exists():
        raise ValueError(
            _("The groups already have notes; move people by hand instead of recomposing.")
        )
    present = present_ids(meeting)
    present_set = set(present)
    leaders = [
        u.pk for u in run.group_leaders.order_by("first_name", "last_name") if u.pk in present_set
    ]
    if not leaders:
        raise ValueError(_("Choose at least one group leader who is present."))
    participants = [pk for pk in present if pk not in set(leaders)]
    case_owners = set(
        Case.objects.filter(meeting=meeting, owner__in=participants).values_list("owner", flat=True)
    )
    history = earlier_groups(meeting)
    composition = grouping.compose_groups(
        participants,
        leaders,
        history=history,
        case_owners=case_owners,
        seed=seed,
        plan=_plan_for(meeting, run, present, history, seed) or None,
    )
    rooms = dict(meeting.groups.values_list("number", "room"))  # rooms stay with the numbers
    meeting.groups.all().delete()
    groups = []
    for number, (leader, *members) in enumerate(composition, start=1):
        group = SmallGroup.objects.create(
            meeting=meeting, number=number, leader_id=leader, room=rooms.get(number, "")
        )
        group.members.set(members)
        groups.append(group)
    run.bump()
    return groups


def _plan_for(
    meeting: Meeting,
    run: MeetingRun,
    present: list[int],
    history: list[list[list[int]]],
    seed: int = 0,
) -> list[list[list[int]]]:
    """The year plan from this meeting on, for everyone expected (or present) with the run's
    group leaders among them."""
    people = {user.pk for user in expected_people(meeting)} | set(present)
    leaders = [
        u.pk for u in run.group_leaders.order_by("first_name", "last_name") if u.pk in people
    ]
    if not leaders:
        return []
    participants = sorted(people - set(leaders))
    return year_plan(
        meeting=meeting, participants=participants, leaders=leaders, history=history, seed=seed
    )


@transaction.atomic
def fit_groups_to_attendance(*, meeting: Meeting) -> list[str]:
    """After the attendance check: absent people leave their group, people present in no
    group join one, a group whose leader is absent is dissolved and its people placed again.
    Only those groups change; moves made by hand stay. Without groups yet, the groups are
    composed. Returns what changed, one sentence per change, for the facilitator.
    Raises ValueError (Dutch) when no group leader is present."""
    groups = list(
        meeting.groups.select_related("leader").prefetch_related("members").order_by("number")
    )
    if not groups:
        compose_meeting_groups(meeting=meeting)
        return [_("The groups have been composed for who is here.")]
    present = present_ids(meeting)
    case_owners = Case.objects.filter(meeting=meeting, owner__in=present).values_list(
        "owner", flat=True
    )
    history = earlier_groups(meeting)
    try:
        fit = grouping.adjust_groups(
            current_groups(meeting, groups),
            present,
            history=history,
            case_owners=set(case_owners),
            plan=_plan_for(meeting, ensure_run(meeting=meeting), present, history),
        )
    except ValueError:
        raise ValueError(_("Choose at least one group leader who is present.")) from None
    dissolved = [groups[index] for index in fit.dissolved]
    if GroupNote.objects.filter(group__in=dissolved).exclude(text="").exists():
        raise ValueError(
            _(
                "A group with notes has lost its group leader; choose another leader or move "
                "people by hand."
            )
        )
    names = {
        u.pk: u.get_full_name()
        for u in User.objects.filter(pk__in=[*present, *(pid for pid, _index in fit.left)])
    }
    changes = []
    for pid, index in fit.left:
        groups[index].members.remove(pid)
        changes.append(
            _("%(name)s left group %(number)s (not here).")
            % {"name": names[pid], "number": groups[index].number}
        )
    for index in fit.dissolved:
        changes.append(
            _("Group %(number)s is dissolved: its group leader %(leader)s is not here.")
            % {"number": groups[index].number, "leader": groups[index].leader_name}
        )
    for pid, index in fit.joined:
        groups[index].members.add(pid)
        changes.append(
            _("%(name)s joined group %(number)s.")
            % {"name": names[pid], "number": groups[index].number}
        )
    for group in dissolved:
        group.delete()
    if fit.unbalanced:
        changes.append(_("The groups now differ by more than one person: move someone by hand."))
    if changes:
        ensure_run(meeting=meeting).bump()
    return changes


@transaction.atomic
def move_person(*, meeting: Meeting, user: User, group: SmallGroup) -> None:
    """Move a participant to another group of the same meeting (by hand)."""
    if group.meeting_id != meeting.pk:
        raise ValueError(_("That group belongs to another meeting."))
    if meeting.groups.filter(leader=user).exists():
        raise ValueError(_("A group leader stays with their own group."))
    for other in meeting.groups.filter(members=user):
        other.members.remove(user)
    group.members.add(user)
    ensure_run(meeting=meeting).bump()


def publish_groups(
    *, meeting: Meeting, publish: bool, now: datetime.datetime | None = None
) -> None:
    """Tell the team its groups before the meeting (their dashboards show each person's
    group, leader and room), or take that back. From the start of the meeting everyone
    sees their group anyway (meetings.access.groups_known_to_team). Raises ValueError
    (Dutch) when there are no groups to publish."""
    if publish and not meeting.groups.exists():
        raise ValueError(_("Compose the groups first, then publish them."))
    run = ensure_run(meeting=meeting)
    run.groups_published_at = (now or timezone.now()) if publish else None
    run.save(update_fields=["groups_published_at"])
    run.bump()


def set_group_room(*, group: SmallGroup, room: str) -> None:
    """Where a group sits in phases 1–5 (shown on the dashboards and the projector)."""
    group.room = room.strip()
    group.save(update_fields=["room"])
    ensure_run(meeting=group.meeting).bump()


def save_note(*, group: SmallGroup, phase: int, text: str, version: int, by: User) -> GroupNote:
    """Save a note only if nobody saved it since `version` was read (no silent overwrite);
    raises EditConflict otherwise (meetings/services/autosave.py)."""
    note, _created = GroupNote.objects.get_or_create(group=group, phase=phase)
    return save_versioned(
        note, text_field="text", version_field="version", text=text, version=version, updated_by=by
    )


def draft_report_text(meeting: Meeting) -> str:
    """The body of the fase-6 verslag, drafted from what was recorded during the run: the
    phase 0 summary, and per group its insights (notes of phases 3–5) and first small steps.

    Plain text with headings and lists (meetings/report_text.py). Theme, date, attendance,
    agreements, the evaluation and the next meeting are shown around it from the data.
    Case details are left out unless their owner agreed to be quoted; the notes of phases 1
    and 2, which describe the case, never come in.
    """
    run = shown_run(meeting)
    phase_names = {p.number: p.name for p in PhaseCard.phases_for_team(meeting.school_year.team)}
    lines = [report_text.heading(_("Introduction of the theme (phase 0)"))]
    if run.phase0_format or run.phase0_who:
        who = ": ".join(filter(None, [run.get_phase0_format_display(), run.phase0_who]))
        lines.append(who[:1].upper() + who[1:])
    if run.phase0_what.strip():
        lines.append(run.phase0_what.strip())
    groups = (
        meeting.groups.select_related("leader", "case")
        .prefetch_related("notes", "first_steps__owner")
        .order_by("number")
    )
    for group in groups:
        body = _group_draft(group, phase_names)
        if body:  # a group that wrote nothing gets no empty heading
            heading = _("Group %(number)s (led by %(leader)s)") % {
                "number": group.number,
                "leader": group.leader_name,
            }
            lines += ["", report_text.heading(heading), *body]
    return "\n".join(lines)


def _group_draft(group: SmallGroup, phase_names: dict[int, str]) -> list[str]:
    """The lines of one group in the report draft; none when the group left nothing."""
    lines: list[str] = []
    if group.case and group.case.may_quote:
        lines.append(_("Case: %(title)s") % {"title": group.case.title})
        if group.case.question.strip():
            lines.append(_("Question: %(question)s") % {"question": group.case.question})
    notes = {n.phase: n.text.strip() for n in group.notes.all() if n.text.strip()}
    if not may_quote_insights(group) and any(p in notes for p in INSIGHT_PHASES):
        lines += [
            "",
            _(
                "The insights of this group stay in the group: the case owner chose not to "
                "be quoted."
            ),
        ]
        notes = {p: text for p, text in notes.items() if p not in INSIGHT_PHASES}
    for phase in (3, 4, 5):
        if phase in notes:
            lines += ["", report_text.heading(phase_names.get(phase, str(phase)), sub=True)]
            lines.append(notes[phase])
    if group.answer_score is not None:
        lines += [
            "",
            _("How far the question was answered: %(score)s out of 10.")
            % {"score": group.answer_score},
        ]
    steps = list(group.first_steps.all())
    if steps:
        lines += ["", report_text.heading(_("First small steps"), sub=True)]
        lines += [report_text.item(f"{step.owner}: {step.what}") for step in steps]
    return lines


@transaction.atomic
def close_meeting(*, meeting: Meeting, now: datetime.datetime | None = None) -> Report:
    """Record the end of the meeting and draft its report from the notes."""
    run = ensure_run(meeting=meeting)
    run.close(now=now or timezone.now())
    attendance.fix(meeting)
    report, created = Report.objects.get_or_create(
        meeting=meeting, defaults={"text": draft_report_text(meeting)}
    )
    if not created and report.status == Report.Status.DRAFT and report.version == 0:
        report.text = draft_report_text(meeting)
        report.save(update_fields=["text", "updated_at"])
    return report


def cases_visible_in_group(group: SmallGroup) -> list[Case]:
    """The cases the group can choose from in phase 1: those of its members for this meeting."""
    people = set(group.people_ids())
    return [case for case in _TITLED_CASES(meeting=group.meeting_id) if case.owner_id in people]


_TITLED_CASES = Prepared(  # plg/prepared.py
    lambda meeting: Case.objects.filter(meeting_id=meeting).filter(~Q(title="")), meeting=int
)
