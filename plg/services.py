"""Workflows around teams and people."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.crypto import get_random_string
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.text import slugify

from plg.member_import import MemberRow
from plg.models import Membership, MembershipEvent, Role, Team, User
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
    """Add a person to a team, creating their account when they have none yet.

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


def add_members(*, team: Team, rows: Iterable[MemberRow], by: User | None) -> list[AddResult]:
    with transaction.atomic():
        return [
            add_member(
                team=team,
                email=row.email,
                first_name=row.first_name,
                last_name=row.last_name,
                role=row.role,
                by=by,
            )
            for row in rows
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


def send_invitation(*, user: User, team: Team, base_url: str) -> None:
    """Mail a new member a link to choose their password (Django's reset token)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    context = {"user": user, "team": team, "link": base_url.rstrip("/") + path}
    send_mail(
        subject=render_to_string("registration/invitation_subject.txt", context).strip(),
        message=render_to_string("registration/invitation_email.txt", context),
        from_email=None,
        recipient_list=[user.email],
    )
