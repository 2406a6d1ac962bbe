"""A team leader invites people; nobody is put in a team without their consent (issue 14,
found 1).

Adding an address used to get_or_create the account and make it a member at once: with
another school's address and a made-up name, the leader pulled an existing person into their
team and was shown that person's real name. Now every address gets an invitation with the
name the leader typed, the leader sees the same for an address with and without an account,
and the person joins when they accept, logged in with that address.

The cast (tests/conftest.py): alice leads `team`, bob and dave are its ontwikkelteam, carol
a teamlid; charlie leads `other_team` (another school) and is unknown to alice.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from plg import services
from plg.models import Invitation, Membership, MembershipEvent, Role
from plg.signals import membership_changing
from tests.factories import InvitationFactory
from tests.helpers import dutch_html, dutch_plural


def add(client, team, email, first_name="Karel", last_name="Anders", role=Role.TEACHER):
    return client.post(
        reverse("member_add", args=[team.slug]),
        {"first_name": first_name, "last_name": last_name, "email": email, "role": role},
        follow=True,
    )


def link_in(mail) -> str:
    return re.search(r"http://testserver(/uitnodiging/[\w-]+/)", mail.body).group(1)


@pytest.fixture
def leader(client, alice):
    client.force_login(alice)
    return alice


# --- what the team leader sees ------------------------------------------------------------------


def test_adding_an_existing_account_changes_and_reveals_nothing(
    client, team, leader, charlie, mailoutbox
):
    page = add(client, team, charlie.email.upper(), "Karel", "Anders").content.decode()

    assert not Membership.objects.filter(team=team, user=charlie).exists()
    charlie.refresh_from_db()
    assert (charlie.first_name, charlie.email) == ("Charlie", charlie.email)
    assert "Charlie" not in page  # the stored name stays the account's own
    assert (
        dutch_html(
            "Invitation sent to %(name)s. They join the team when they accept it.",
            name="Karel Anders",
        )
        in page
    )
    invitation = Invitation.objects.get(team=team)
    assert (invitation.email, invitation.name, invitation.role) == (
        charlie.email,
        "Karel Anders",
        Role.TEACHER,
    )
    assert invitation.accepted_at is None
    assert [m.to for m in mailoutbox] == [[charlie.email]]
    assert link_in(mailoutbox[0]) == reverse("invitation", args=[invitation.token])


def test_the_leader_cannot_tell_an_existing_account_from_a_new_address(
    client, team, leader, charlie
):
    existing = add(client, team, charlie.email, "Karel", "Anders")
    new = add(client, team, "nieuw@school.test", "Karel", "Anders")

    def told(response) -> list[str]:
        return [str(m) for m in response.context["messages"]]

    assert told(existing) == told(new)
    assert [(i.name, i.role) for i in new.context["invitations"]] == [
        ("Karel Anders", Role.TEACHER),
        ("Karel Anders", Role.TEACHER),
    ]
    assert {m.user.email for m in new.context["active_members"]}.isdisjoint(
        {charlie.email, "nieuw@school.test"}
    )


def test_members_page_lists_pending_invitations_for_the_leader_only(
    client, team, leader, bob, charlie
):
    add(client, team, charlie.email, "Karel", "Anders")
    page = client.get(reverse("members", args=[team.slug])).content.decode()
    invitation = Invitation.objects.get(team=team)
    assert "Karel Anders" in page and charlie.email in page
    assert reverse("invitation_resend", args=[team.slug, invitation.pk]) in page
    assert reverse("invitation_withdraw", args=[team.slug, invitation.pk]) in page

    client.force_login(bob)
    assert "Karel Anders" not in client.get(reverse("members", args=[team.slug])).content.decode()


def test_import_invites_every_line_existing_accounts_included(
    client, team, leader, carol, charlie, mailoutbox
):
    text = f"Karel Anders;{charlie.email}\nAn de Vries;an@school.test\nCarol;{carol.email}"

    page = client.post(
        reverse("members_import", args=[team.slug]), {"text": text}, follow=True
    ).content.decode()

    assert not Membership.objects.filter(team=team, user=charlie).exists()
    assert not Membership.objects.filter(team=team, user__email="an@school.test").exists()
    assert sorted(Invitation.objects.filter(team=team).values_list("email", flat=True)) == [
        "an@school.test",
        charlie.email,
    ]
    assert dutch_plural("%(count)s invitation sent.", "%(count)s invitations sent.", 2) in page
    assert "Charlie" not in page
    assert sorted(m.to[0] for m in mailoutbox) == sorted(["an@school.test", charlie.email])


def test_inviting_again_sends_a_new_link_and_keeps_one_invitation(
    client, team, leader, charlie, mailoutbox
):
    add(client, team, charlie.email)
    first = Invitation.objects.get(team=team).token
    add(client, team, charlie.email, "Karel", "Anders-Bos")

    invitation = Invitation.objects.get(team=team)
    assert invitation.token != first and invitation.last_name == "Anders-Bos"
    assert len(mailoutbox) == 2


def test_resend_gives_a_new_link_and_the_old_one_stops(client, team, leader, charlie, mailoutbox):
    add(client, team, charlie.email)
    invitation = Invitation.objects.get(team=team)
    old = link_in(mailoutbox[0])

    client.post(reverse("invitation_resend", args=[team.slug, invitation.pk]))

    assert len(mailoutbox) == 2 and link_in(mailoutbox[1]) != old
    client.force_login(charlie)
    assert client.get(old).status_code == 404
    assert client.get(link_in(mailoutbox[1])).status_code == 200


def test_withdrawn_invitation_can_no_longer_be_accepted(client, team, leader, charlie, mailoutbox):
    add(client, team, charlie.email)
    invitation = Invitation.objects.get(team=team)

    client.post(reverse("invitation_withdraw", args=[team.slug, invitation.pk]))

    assert not Invitation.objects.exists()
    client.force_login(charlie)
    assert client.post(link_in(mailoutbox[0]), {"answer": "accept"}).status_code == 404
    assert not Membership.objects.filter(team=team, user=charlie).exists()


# --- what the invited person does ---------------------------------------------------------------


def test_invited_person_accepts_and_joins_with_their_own_name(
    client, team, leader, charlie, mailoutbox
):
    add(client, team, charlie.email, "Karel", "Anders", role=Role.DEVELOPER)
    client.force_login(charlie)
    link = link_in(mailoutbox[0])

    page = client.get(link).content.decode()
    assert "Uitnodiging voor Team Dier &amp; Groen" in page
    assert "Accepteren" in page and "Weigeren" in page
    changes = []

    def changing(sender, team_id, **kwargs):
        changes.append(team_id)

    membership_changing.connect(changing)
    try:
        response = client.post(link, {"answer": "accept"})
    finally:
        membership_changing.disconnect(changing)

    assert response.status_code == 302
    assert response["Location"] == reverse("team_dashboard", args=[team.slug])
    membership = Membership.objects.get(team=team, user=charlie)
    assert membership.is_active and membership.role == Role.DEVELOPER
    assert list(membership.events.values_list("kind", "new_role", "by")) == [
        (MembershipEvent.Kind.JOINED, Role.DEVELOPER, leader.pk)
    ]
    assert team.pk in changes
    charlie.refresh_from_db()
    assert charlie.first_name == "Charlie"  # not the name the leader typed
    assert Invitation.objects.get(team=team).accepted_at is not None
    assert client.get(link).status_code == 404  # used


def test_invited_person_declines_and_nothing_changes(client, team, leader, charlie, mailoutbox):
    add(client, team, charlie.email)
    client.force_login(charlie)

    response = client.post(link_in(mailoutbox[0]), {"answer": "decline"})

    assert response.status_code == 302
    assert not Membership.objects.filter(team=team, user=charlie).exists()
    assert not Invitation.objects.exists()


def test_only_the_invited_account_may_open_the_invitation(
    client, team, leader, carol, charlie, mailoutbox
):
    add(client, team, charlie.email)
    link = link_in(mailoutbox[0])

    client.force_login(carol)
    assert client.get(link).status_code == 403
    assert client.post(link, {"answer": "accept"}).status_code == 403
    client.logout()
    response = client.get(link)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert (
        not Membership.objects.filter(team=team, user__in=[carol, charlie])
        .exclude(user=carol)
        .exists()
    )


def test_an_expired_invitation_is_gone(client, team, charlie):
    invitation = InvitationFactory(
        team=team,
        email=charlie.email,
        created_at=timezone.now() - datetime.timedelta(days=15),
    )
    client.force_login(charlie)
    assert client.get(reverse("invitation", args=[invitation.token])).status_code == 404


def test_a_new_person_chooses_a_password_and_then_accepts(client, team, leader, mailoutbox):
    add(client, team, "an@school.test", "An", "de Vries")
    client.logout()
    body = mailoutbox[0].body
    password_link = re.search(r"http://testserver(/account/reset/\S+)", body).group(1)

    form_page = client.get(password_link, follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Groene-appel-2027", "new_password2": "Groene-appel-2027"},
    )
    assert client.login(
        request=HttpRequest(), username="an@school.test", password="Groene-appel-2027"
    )
    home = client.get(reverse("home")).content.decode()
    assert link_in(mailoutbox[0]) in home  # the home page shows the open invitation
    client.post(link_in(mailoutbox[0]), {"answer": "accept"})

    membership = Membership.objects.get(team=team, user__email="an@school.test")
    assert (membership.user.first_name, membership.user.last_name) == ("An", "de Vries")


def test_a_former_member_of_the_team_is_reactivated_as_before(client, team, leader, carol):
    Membership.objects.get(team=team, user=carol).deactivate(by=leader)

    page = add(client, team, carol.email).content.decode()

    assert Membership.objects.get(team=team, user=carol).is_active
    assert dutch_html("%(name)s is active again.", name=str(carol)) in page


def test_the_site_administrator_still_creates_a_team_with_its_leader(charlie):
    team = services.create_team(name="Team Zorg", leader_email=charlie.email)
    assert Membership.objects.get(team=team, user=charlie).role == Role.TEAM_LEADER


# --- access: other team, other role, anonymous ---------------------------------------------------


@pytest.fixture
def invitation(team):
    return InvitationFactory(team=team, email="an@school.test")


@pytest.mark.parametrize("name", ["invitation_resend", "invitation_withdraw"])
def test_leader_actions_on_invitations(
    client, team, other_team, invitation, alice, carol, charlie, name
):
    url = reverse(name, args=[team.slug, invitation.pk])
    client.force_login(carol)
    assert client.post(url).status_code == 403
    client.force_login(charlie)
    assert client.post(url).status_code == 404
    assert client.post(reverse(name, args=[other_team.slug, invitation.pk])).status_code == 404
    client.logout()
    assert client.post(url).status_code == 302
    assert client.get(url).status_code == 302  # to the login page first
    client.force_login(alice)
    assert client.get(url).status_code == 405
    assert Invitation.objects.filter(pk=invitation.pk).exists()


def test_new_invitation_gets_a_long_random_token(team):
    a, b = InvitationFactory(team=team), InvitationFactory(team=team)
    assert a.token != b.token and len(a.token) >= 40
