"""People and teams: who is an active member of a team, and who leads it.

The meeting cycle's rules and request helpers build on these (meetings/access.py).

They scope the lookup to the teams the user belongs to: what belongs to another team
answers 404 (its existence is not revealed), a role that may not do something gets 403.
"""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from plg.models import Invitation, Membership, Role, Team, User
from plg.prepared import Prepared

CURRENT_TEAM_SESSION_KEY = "current_team"
_TEAM_IN_PATH = re.compile(r"^/t/(?P<slug>[-\w]+)/")


def active_memberships(user: int, **annotations) -> QuerySet[Membership]:
    """All of a person's active memberships with their teams, in the teams' name order."""
    return (
        Membership.objects.active()
        .filter(user_id=user)
        .select_related("team")
        .annotate(**annotations)
        .order_by("team__name")
    )


#: get_membership's query, compiled once (plg/prepared.py): it runs on every team page.
MEMBERSHIPS = Prepared(active_memberships, user=int)


def get_membership(
    request: HttpRequest, team_slug: str, *, query: Prepared = MEMBERSHIPS, **values
) -> Membership:
    """The user's active membership of the team in the URL, or 404.

    One query reads all of the person's active memberships (one team, or a few): the
    navigation bar lists them (context_processors.teams), which then needs no query of its
    own. `query` is `MEMBERSHIPS` or a Prepared `active_memberships` with annotations of
    its own, called with `user` and `values` (meetings adds its team's current school year).
    """
    memberships = query(user=request.user.pk, **values)
    membership = next((m for m in memberships if m.team.slug == team_slug), None)
    if membership is None:
        raise Http404
    membership.user = request.user
    request.nav_memberships = memberships
    remember_team(request, team_slug)
    return membership


def remember_team(request: HttpRequest, team_slug: str) -> None:
    """The team the person last opened, for the pages that name no team (a membership of it
    was found)."""
    # Only write when it changes: setting it marks the session modified, and saving the
    # session on every page view is a database write per request.
    if request.session.get(CURRENT_TEAM_SESSION_KEY) != team_slug:
        request.session[CURRENT_TEAM_SESSION_KEY] = team_slug


def get_leader_membership(request: HttpRequest, team_slug: str, **kwargs) -> Membership:
    """Like get_membership, but only the team leader may go on."""
    membership = get_membership(request, team_slug, **kwargs)
    if not membership.is_leader:
        raise PermissionDenied
    return membership


def is_team_leader(team: Team, user: User) -> bool:
    """Whether `user` is, today, the active team leader of `team`."""
    return Membership.objects.active().filter(team=team, user=user, role=Role.TEAM_LEADER).exists()


def team_member_for(request: HttpRequest, team_slug: str, pk: int) -> tuple[Membership, Membership]:
    """The team leader's membership and one membership of their team (active or not), or
    404; another member gets 403."""
    membership = get_leader_membership(request, team_slug)
    member = get_object_or_404(
        Membership.objects.select_related("user", "team"), pk=pk, team=membership.team
    )
    return membership, member


def invitation_for(request: HttpRequest, token: str) -> Invitation:
    """The open invitation behind an e-mailed link, for the account it was sent to.

    An unknown, used or expired link answers 404; someone logged in with another address
    gets 403 (the invitation is not theirs to accept)."""
    invitation = get_object_or_404(Invitation.objects.pending().select_related("team"), token=token)
    if not invitation.is_open():
        raise Http404
    if request.user.email.lower() != invitation.email.lower():
        raise PermissionDenied
    return invitation


def team_invitation_for(
    request: HttpRequest, team_slug: str, pk: int
) -> tuple[Membership, Invitation]:
    """The team leader's membership and one of the team's pending invitations, or 404;
    another member gets 403."""
    membership = get_leader_membership(request, team_slug)
    invitation = get_object_or_404(Invitation.objects.pending(), pk=pk, team=membership.team)
    return membership, invitation


def membership_in_path(request: HttpRequest) -> Membership | None:
    """For error pages: the user's active membership of the team named in the path, if any,
    so a 404 or 403 inside a team keeps that team's navigation. Another team's name gives
    None (nothing about it is shown), and nothing is written to the session."""
    match = _TEAM_IN_PATH.match(request.path_info)
    user = getattr(request, "user", None)
    if not match or user is None or not user.is_authenticated:
        return None
    return (
        Membership.objects.active()
        .filter(user=user, team__slug=match["slug"])
        .select_related("team")
        .first()
    )
