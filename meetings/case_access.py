"""Who may read a werkcasus (case), in one place.

Case texts are sensitive: they may concern students or colleagues. A case is readable by
its owner (the inbrenger), the two preparers of the meeting it is submitted for, and the
leader of a small group that discusses it. Nobody else, the team leader included (unless
they prepare that meeting). Every view and partial that shows a case fetches it through
`get_visible_case` or lists cases from `visible_cases_for`, so no page can leak one.

For everyone else in the team a case answers 404: its existence is not revealed.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from meetings.models import Case, Meeting, SmallGroup
from plg.models import Membership, Team, User


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
    if case.owner_id == membership.user_id:
        return True
    if group is not None and group.case_id == case.pk and group.leader_id == membership.user_id:
        return True
    return visible_cases_for(membership.user, membership.team).filter(pk=case.pk).exists()


def get_visible_case(membership: Membership, pk: int) -> Case:
    """A case the member may read, or 404."""
    return get_object_or_404(
        visible_cases_for(membership.user, membership.team).select_related(
            "owner", "theme", "meeting__theme", "meeting__school_year"
        ),
        pk=pk,
    )


def get_own_case(membership: Membership, pk: int) -> Case:
    """A case the member owns: a preparer or group leader who may read it gets 403,
    everyone else 404."""
    case = get_visible_case(membership, pk)
    if case.owner_id != membership.user_id:
        raise PermissionDenied
    return case
