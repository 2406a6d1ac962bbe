"""Lookups of meeting objects scoped to the user's team and role (see plg/access.py).

Another team's objects answer 404; a role that may not do something answers 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from meetings.models import Meeting, Report, SmallGroup
from meetings.services.reports import reports_with_details
from plg.models import Membership


def get_meeting(membership: Membership, pk: int) -> Meeting:
    return get_object_or_404(
        Meeting.objects.for_team(membership.team).select_related("theme", "school_year__team"),
        pk=pk,
    )


def is_facilitator(membership: Membership, meeting: Meeting) -> bool:
    """The meeting's two preparers run it; the team leader may always step in."""
    if membership.is_leader:
        return True
    return meeting.preparers.filter(pk=membership.user_id).exists()


def get_facilitated_meeting(membership: Membership, pk: int) -> Meeting:
    meeting = get_meeting(membership, pk)
    if not is_facilitator(membership, meeting):
        raise PermissionDenied
    return meeting


def get_group(membership: Membership, pk: int) -> SmallGroup:
    """A small group, for its leader, the meeting's facilitators and the team leader."""
    group = get_object_or_404(
        SmallGroup.objects.select_related(
            "leader", "case", "meeting__school_year__team", "meeting__theme"
        ),
        pk=pk,
        meeting__school_year__team=membership.team,
    )
    if group.leader_id != membership.user_id and not is_facilitator(membership, group.meeting):
        raise PermissionDenied
    return group


def writes_report(membership: Membership, meeting: Meeting) -> bool:
    """The meeting's two preparers write its report; the team leader may always step in.
    Reads the prefetched preparers (reports_with_details), so it asks nothing more."""
    if membership.is_leader:
        return True
    return any(p.pk == membership.user_id for p in meeting.preparers.all())


def get_report(membership: Membership, meeting_pk: int) -> Report:
    """The report of a meeting of the member's team. A published report is for the whole
    team; a draft only for its writers: for everyone else it does not exist yet (404)."""
    report = get_object_or_404(
        reports_with_details(), meeting_id=meeting_pk, meeting__school_year__team=membership.team
    )
    if report.status != Report.Status.PUBLISHED and not writes_report(membership, report.meeting):
        raise Http404
    return report


def get_report_for_writing(membership: Membership, meeting_pk: int) -> Report:
    """A report its writers may edit; a reader of a published report gets 403."""
    report = get_report(membership, meeting_pk)
    if not writes_report(membership, report.meeting):
        raise PermissionDenied
    return report
