"""Lookups of meeting objects scoped to the user's team and role (see plg/access.py).

Another team's objects answer 404; a role that may not do something answers 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from meetings.models import Meeting, SmallGroup
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
