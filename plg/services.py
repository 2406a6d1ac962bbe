"""Workflows around teams and people."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.text import slugify

from plg.member_import import MemberRow
from plg.models import (
    Invitation,
    Membership,
    MembershipEvent,
    Role,
    Team,
    User,
    new_invitation_token,
)
from plg.signals import membership_changing


@dataclass
class AddResult:
    membership: Membership
    created_user: bool
    already_member: bool


@transaction.atomic
def add_member(
    *,
    team: Team,
    email: str,
    first_name: str,
    last_name: str,
    role: str = Role.TEACHER,
    by: User | None = None,
) -> AddResult:
    """Add a person to a team directly, creating their account when they have none yet.

    For the site administrator (create_team, the admin): a team leader invites instead
    (invite_member), so that nobody is put in a team without their consent.

    A person who was deactivated comes back with their history; someone already active
    keeps their role (the leader changes roles on the members page).
    """
    email = email.strip().lower()
    user, created_user = User.objects.get_or_create(
        email=email, defaults={"first_name": first_name, "last_name": last_name}
    )
    if created_user:
        # A random password keeps the account usable for "wachtwoord vergeten".
        user.set_password(get_random_string(32))
        user.save(update_fields=["password"])
    membership_changing.send(sender=Membership, team_id=team.pk)
    membership, created = Membership.objects.get_or_create(
        team=team, user=user, defaults={"role": role}
    )
    if created:
        MembershipEvent.objects.create(
            membership=membership, by=by, kind=MembershipEvent.Kind.JOINED, new_role=role
        )
    elif not membership.is_active:
        membership.reactivate(by=by)
    return AddResult(membership, created_user, already_member=not created)


# --- invitations: how a team leader adds people ---------------------------------------------


class Invited(enum.Enum):
    """What inviting one address did, as far as the team leader may know."""

    INVITED = "invited"  # an invitation is waiting for the person (new or existing account)
    REACTIVATED = "reactivated"  # a former member of this team is active again
    ALREADY_MEMBER = "already_member"  # an active member of this team: nothing changed


@dataclass
class InviteResult:
    outcome: Invited
    invitation: Invitation | None = None
    membership: Membership | None = None

    @property
    def name(self) -> str:
        """The name to tell the team leader: the one they typed for an invitation, the one
        they already see in the team's lists otherwise."""
        if self.invitation is not None:
            return self.invitation.name
        return str(self.membership.user) if self.membership else ""


@transaction.atomic
def invite_member(
    *,
    team: Team,
    email: str,
    first_name: str,
    last_name: str,
    role: str = Role.TEACHER,
    by: User | None = None,
) -> InviteResult:
    """The team leader adds a person by e-mail address.

    Whether the address already has an account must make no difference the leader can see,
    and an existing account is never changed or shown: everyone gets an invitation with the
    name as the leader typed it, and joins when they accept it themselves (accept_invitation).
    Only the team's own members are known to the leader: an active one is left as they are,
    a former one (listed on the members page) is reactivated as before.
    """
    email = email.strip().lower()
    membership = (
        Membership.objects.select_related("user").filter(team=team, user__email=email).first()
    )
    if membership is not None and membership.is_active:
        return InviteResult(Invited.ALREADY_MEMBER, membership=membership)
    if membership is not None:
        membership.reactivate(by=by)
        return InviteResult(Invited.REACTIVATED, membership=membership)
    invitation, _created = Invitation.objects.pending().update_or_create(
        team=team,
        email=email,
        defaults={
            "first_name": first_name,
            "last_name": last_name,
            "role": role,
            "invited_by": by,
            "token": new_invitation_token(),
            "created_at": timezone.now(),
        },
    )
    return InviteResult(Invited.INVITED, invitation=invitation)


def invite_members(*, team: Team, rows: Iterable[MemberRow], by: User | None) -> list[InviteResult]:
    """The member import: every line as invite_member does it."""
    with transaction.atomic():
        return [
            invite_member(
                team=team,
                email=row.email,
                first_name=row.first_name,
                last_name=row.last_name,
                role=row.role,
                by=by,
            )
            for row in rows
        ]


def renew_invitation(invitation: Invitation) -> None:
    """Send again: a new link (the old one stops working) valid for another period."""
    invitation.token = new_invitation_token()
    invitation.created_at = timezone.now()
    invitation.save(update_fields=["token", "created_at"])


def withdraw_invitation(invitation: Invitation) -> None:
    invitation.delete()


def decline_invitation(invitation: Invitation) -> None:
    """The person says no: the invitation is gone and nothing else changes."""
    invitation.delete()


@transaction.atomic
def accept_invitation(*, invitation: Invitation, user: User) -> Membership:
    """The invited person, logged in with the invited address, joins the team (with the
    role the leader chose). Their account keeps its own name."""
    if user.email.lower() != invitation.email.lower():
        raise ValueError("This invitation is for another address.")
    membership = Membership.objects.filter(team=invitation.team, user=user).first()
    if membership is None:
        membership_changing.send(sender=Membership, team_id=invitation.team_id)
        membership = Membership.objects.create(
            team=invitation.team, user=user, role=invitation.role
        )
        MembershipEvent.objects.create(
            membership=membership,
            by=invitation.invited_by,
            kind=MembershipEvent.Kind.JOINED,
            new_role=invitation.role,
        )
    elif not membership.is_active:
        membership.reactivate(by=invitation.invited_by)
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return membership


def send_invitation_email(*, invitation: Invitation, base_url: str) -> None:
    """Mail the invited address a link to the invitation. An address without an account
    gets one (with the name the leader typed) and, like anyone who never logged in, also a
    link to choose a password first. The leader sees the same for both."""
    user, created = User.objects.get_or_create(
        email=invitation.email,
        defaults={"first_name": invitation.first_name, "last_name": invitation.last_name},
    )
    if created:
        # A random password keeps the account usable for "wachtwoord vergeten".
        user.set_password(get_random_string(32))
        user.save(update_fields=["password"])
    base = base_url.rstrip("/")
    password_link = ""
    if user.last_login is None:
        uid = urlsafe_base64_encode(force_bytes(user.pk))
        token = default_token_generator.make_token(user)
        password_link = base + reverse(
            "password_reset_confirm", kwargs={"uidb64": uid, "token": token}
        )
    context = {
        "invitation": invitation,
        "team": invitation.team,
        "link": base + reverse("invitation", kwargs={"token": invitation.token}),
        "password_link": password_link,
    }
    send_mail(
        subject=render_to_string("registration/invitation_subject.txt", context).strip(),
        message=render_to_string("registration/invitation_email.txt", context),
        from_email=None,
        recipient_list=[invitation.email],
    )


def pending_invitations_for(user: User):
    """The open invitations for this person's address (the home page lists them)."""
    now = timezone.now()
    return [
        i
        for i in Invitation.objects.pending()
        .filter(email__iexact=user.email)
        .select_related("team")
        .order_by("team__name")
        if i.is_open(now)
    ]


@transaction.atomic
def create_team(
    *,
    name: str,
    leader_email: str,
    leader_first_name: str = "",
    leader_last_name: str = "",
    school: str = "",
    region: str = "midden",
) -> Team:
    """What the site administrator does: a new team with its team leader."""
    base = slugify(name)[:50] or "team"
    slug, n = base, 2
    while Team.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    team = Team.objects.create(name=name, slug=slug, school=school, region=region)
    result = add_member(
        team=team,
        email=leader_email,
        first_name=leader_first_name,
        last_name=leader_last_name,
        role=Role.TEAM_LEADER,
    )
    result.membership.change_role(Role.TEAM_LEADER)
    return team
