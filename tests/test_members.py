"""The team leader manages the team's people: add, import, change role, deactivate."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from plg.member_import import split_name
from plg.models import Invitation, Membership, MembershipEvent, Role, User
from tests.factories import MembershipFactory
from tests.helpers import dutch_html, dutch_plural

HTMX = {"HX-Request": "true"}


# --- adding one person ----------------------------------------------------------------------


def test_member_add_creates_account_and_sends_invitation(client, team, alice, mailoutbox):
    client.force_login(alice)

    response = client.post(
        reverse("member_add", args=[team.slug]),
        {
            "first_name": "Marije",
            "last_name": "van der Lee",
            "email": "M.vanderLee@School.test",
            "role": Role.DEVELOPER,
        },
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("members", args=[team.slug])
    # The account is there to choose a password; the team follows when they accept.
    user = User.objects.get(email="m.vanderlee@school.test")
    assert (user.first_name, user.last_name) == ("Marije", "van der Lee")
    assert user.has_usable_password()
    assert not Membership.objects.filter(team=team, user=user).exists()
    invitation = Invitation.objects.get(team=team, email=user.email)
    assert (invitation.role, invitation.invited_by) == (Role.DEVELOPER, alice)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["m.vanderlee@school.test"]
    assert re.search(r"http://testserver/account/reset/[\w-]+/[\w-]+/", mailoutbox[0].body)
    assert f"http://testserver/uitnodiging/{invitation.token}/" in mailoutbox[0].body


def test_invitation_link_lets_new_member_choose_password(client, team, alice, mailoutbox):
    client.force_login(alice)
    client.post(
        reverse("member_add", args=[team.slug]),
        {"first_name": "An", "last_name": "de Vries", "email": "an@school.test", "role": "teamlid"},
    )
    client.logout()
    link = re.search(r"http://testserver(/account/reset/\S+)", mailoutbox[0].body).group(1)

    form_page = client.get(link, follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Groene-appel-2027", "new_password2": "Groene-appel-2027"},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_complete")
    assert client.login(
        request=HttpRequest(), username="an@school.test", password="Groene-appel-2027"
    )


def test_member_add_of_person_from_other_team_reuses_account_after_they_accept(
    client, team, alice, charlie, mailoutbox
):
    client.force_login(charlie)  # charlie has logged in before: no password link
    client.force_login(alice)
    users_before = User.objects.count()

    response = client.post(
        reverse("member_add", args=[team.slug]),
        {"first_name": "Karel", "last_name": "Anders", "email": charlie.email, "role": "teamlid"},
    )

    assert response.status_code == 302
    assert User.objects.count() == users_before
    assert not Membership.objects.filter(team=team, user=charlie).exists()
    assert [m.to for m in mailoutbox] == [[charlie.email]]
    assert "/account/reset/" not in mailoutbox[0].body
    charlie.refresh_from_db()
    assert charlie.first_name == "Charlie"


def test_member_add_of_former_member_reactivates_them(client, team, alice, carol, mailoutbox):
    membership = Membership.objects.get(team=team, user=carol)
    membership.deactivate(by=alice)
    client.force_login(alice)

    client.post(
        reverse("member_add", args=[team.slug]),
        {"first_name": "Carol", "last_name": "X", "email": carol.email, "role": "teamlid"},
    )

    membership.refresh_from_db()
    assert membership.is_active is True
    assert membership.ended_on is None
    assert mailoutbox == []


# --- adding a list --------------------------------------------------------------------------


@pytest.mark.parametrize("sep", [";", ",", "\t"], ids=["semicolon", "comma", "tab"])
def test_members_import_reads_list_with_header(client, team, alice, mailoutbox, sep):
    client.force_login(alice)
    text = sep.join(["Naam", "E-mailadres", "Rol"]) + "\n"
    text += sep.join(["An de Vries", "an@school.test", "teamlid"]) + "\n"
    text += sep.join(["Bram Jansen", "BRAM@school.test", "ontwikkelteam"]) + "\n"

    response = client.post(reverse("members_import", args=[team.slug]), {"text": text})

    assert response.status_code == 302
    added = Invitation.objects.filter(team=team).order_by("email")
    assert [(i.email, i.first_name, i.last_name, i.role) for i in added] == [
        ("an@school.test", "An", "de Vries", Role.TEACHER),
        ("bram@school.test", "Bram", "Jansen", Role.DEVELOPER),
    ]
    assert sorted(mail.to[0] for mail in mailoutbox) == ["an@school.test", "bram@school.test"]


@pytest.mark.parametrize("sep", [";", "\t"], ids=["semicolon", "tab"])
def test_members_import_reads_list_where_only_some_lines_give_a_role(client, team, alice, sep):
    client.force_login(alice)
    text = "\n".join(
        [
            sep.join(["Naam", "E-mail"]),
            sep.join(["An de Vries", "an@school.test"]),
            sep.join(["Bram Jansen", "bram@school.test", "ontwikkelteam"]),
        ]
    )

    response = client.post(reverse("members_import", args=[team.slug]), {"text": text})

    assert response.status_code == 302
    roles = dict(Invitation.objects.filter(team=team).values_list("email", "role").order_by())
    assert roles == {
        "an@school.test": Role.TEACHER,
        "bram@school.test": Role.DEVELOPER,
    }


def test_members_import_reads_uploaded_cp1252_file(client, team, alice):
    client.force_login(alice)
    upload = SimpleUploadedFile(
        "leden.csv",
        "Naam;E-mailadres\nRené Dijkstra;rene@school.test\nAnaïs Smit;anais@school.test\n".encode(
            "cp1252"
        ),
        content_type="text/csv",
    )

    response = client.post(reverse("members_import", args=[team.slug]), {"file": upload})

    assert response.status_code == 302
    names = sorted(Invitation.objects.filter(team=team).values_list("first_name", "last_name"))
    assert names == [("Anaïs", "Smit"), ("René", "Dijkstra")]


def test_members_import_counts_who_was_already_there(client, team, alice, carol, mailoutbox):
    client.force_login(alice)
    text = f"Carol;{carol.email}\nAn de Vries;an@school.test"

    response = client.post(reverse("members_import", args=[team.slug]), {"text": text}, follow=True)

    html = response.content.decode()
    assert dutch_plural("%(count)s invitation sent.", "%(count)s invitations sent.", 1) in html
    assert (
        dutch_plural(
            "%(count)s person was already a member.", "%(count)s people were already members.", 1
        )
        in html
    )
    assert [mail.to for mail in mailoutbox] == [["an@school.test"]]


# --- role -----------------------------------------------------------------------------------


def test_member_role_change_by_htmx_returns_the_row(client, team, alice, carol):
    member = Membership.objects.get(team=team, user=carol)
    client.force_login(alice)

    response = client.post(
        reverse("member_role", args=[team.slug, member.pk]),
        {"role": Role.DEVELOPER},
        headers=HTMX,
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<tr id="member-{member.pk}">')
    assert '<option value="ontwikkelteam" selected>' in html
    assert dutch_html("Saved") in html
    member.refresh_from_db()
    assert member.role == Role.DEVELOPER
    event = member.events.get()
    assert (event.kind, event.old_role, event.new_role, event.by) == (
        MembershipEvent.Kind.ROLE,
        Role.TEACHER,
        Role.DEVELOPER,
        alice,
    )


def test_member_role_change_by_htmx_leaves_no_message_for_later(client, team, alice, carol):
    member = Membership.objects.get(team=team, user=carol)
    client.force_login(alice)
    client.post(
        reverse("member_role", args=[team.slug, member.pk]),
        {"role": Role.DEVELOPER},
        headers=HTMX,
    )

    response = client.get(reverse("members", args=[team.slug]))

    assert list(response.context["messages"]) == []


def test_member_role_change_without_htmx_redirects_with_message(client, team, alice, carol):
    member = Membership.objects.get(team=team, user=carol)
    client.force_login(alice)

    response = client.post(
        reverse("member_role", args=[team.slug, member.pk]), {"role": Role.DEVELOPER}, follow=True
    )

    assert response.redirect_chain == [(reverse("members", args=[team.slug]), 302)]
    member.refresh_from_db()
    assert member.role == Role.DEVELOPER
    assert [m.level_tag for m in response.context["messages"]] == ["success"]


def test_leader_cannot_demote_themselves(client, team, alice):
    own = Membership.objects.get(team=team, user=alice)
    client.force_login(alice)

    response = client.post(
        reverse("member_role", args=[team.slug, own.pk]), {"role": Role.TEACHER}, headers=HTMX
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert (
        dutch_html("You cannot take away your own team leader role; ask the site administrator.")
        in html
    )
    assert '<option value="teamleider" selected>' in html
    own.refresh_from_db()
    assert own.role == Role.TEAM_LEADER
    assert not own.events.filter(kind=MembershipEvent.Kind.ROLE).exists()


# --- deactivate and reactivate --------------------------------------------------------------


def test_member_deactivate_keeps_membership_with_history(client, team, alice, carol):
    member = Membership.objects.get(team=team, user=carol)
    client.force_login(alice)

    response = client.post(reverse("member_deactivate", args=[team.slug, member.pk]))

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.is_active is False
    assert member.ended_on == timezone.localdate()
    event = member.events.get()
    assert (event.kind, event.old_role, event.by) == (
        MembershipEvent.Kind.DEACTIVATED,
        Role.TEACHER,
        alice,
    )


def test_members_page_lists_deactivated_member_as_former(client, team, alice, bob, carol):
    member = Membership.objects.get(team=team, user=carol)
    member.deactivate(by=alice)
    client.force_login(alice)

    response = client.get(reverse("members", args=[team.slug]))

    assert [m.user for m in response.context["active_members"]] == [alice, bob]
    assert [m.user for m in response.context["former_members"]] == [carol]
    html = response.content.decode()
    former = html[html.index('id="former-heading"') :]
    assert str(carol) in former
    assert f'action="{reverse("member_reactivate", args=[team.slug, member.pk])}"' in former
    assert f'id="member-{member.pk}"' not in html


def test_leader_cannot_deactivate_themselves(client, team, alice):
    own = Membership.objects.get(team=team, user=alice)
    client.force_login(alice)

    response = client.post(reverse("member_deactivate", args=[team.slug, own.pk]), follow=True)

    assert dutch_html("You cannot deactivate yourself.") in response.content.decode()
    own.refresh_from_db()
    assert own.is_active is True


def test_member_reactivate_restores_access(client, team, alice, carol):
    member = Membership.objects.get(team=team, user=carol)
    member.deactivate(by=alice)
    client.force_login(alice)

    response = client.post(reverse("member_reactivate", args=[team.slug, member.pk]))

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.is_active is True
    assert member.ended_on is None
    assert list(member.events.values_list("kind", flat=True)) == [
        MembershipEvent.Kind.REACTIVATED,
        MembershipEvent.Kind.DEACTIVATED,
    ]
    client.force_login(carol)
    assert client.get(reverse("team_dashboard", args=[team.slug])).status_code == 200


# --- one person, two teams ------------------------------------------------------------------


@pytest.fixture
def alice_in_two_teams(alice, other_team):
    MembershipFactory(team=other_team, user=alice, role=Role.TEACHER)
    return alice


def test_team_switcher_lists_both_teams(client, team, other_team, alice_in_two_teams):
    client.force_login(alice_in_two_teams)

    response = client.get(reverse("team_dashboard", args=[team.slug]))

    html = response.content.decode()
    switcher = html[html.index(dutch_html("Switch team")) :]
    assert f'href="/t/{team.slug}/"' in switcher
    assert f'href="/t/{other_team.slug}/"' in switcher


def test_home_shows_team_choice_before_a_team_was_used(
    client, team, other_team, alice_in_two_teams
):
    client.force_login(alice_in_two_teams)

    response = client.get("/")

    assert response.status_code == 200
    assert {m.team for m in response.context["memberships"]} == {team, other_team}


def test_home_redirects_to_last_used_team(client, team, other_team, alice_in_two_teams):
    client.force_login(alice_in_two_teams)
    client.get(reverse("team_dashboard", args=[team.slug]))
    client.get(reverse("members", args=[other_team.slug]))

    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"] == f"/t/{other_team.slug}/"


def test_home_redirects_single_team_member_to_their_team(client, team, carol):
    client.force_login(carol)

    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"] == f"/t/{team.slug}/"


def test_members_import_reads_a_list_that_mixes_separators(client, team, alice):
    """Lines pasted together from Excel (tab), Outlook (semicolon) and by hand (comma) are
    each read with their own separator, instead of "not a valid e-mail address" (issue 12,
    item 7)."""
    client.force_login(alice)
    text = "An de Vries\tan@school.test\nBram Jansen;bram@school.test;ontwikkelteam\n"
    text += '"Dijkstra, René",rene@school.test\n'

    response = client.post(reverse("members_import", args=[team.slug]), {"text": text})

    assert response.status_code == 302
    added = Invitation.objects.filter(team=team).order_by("email")
    assert [(i.email, i.first_name, i.role) for i in added] == [
        ("an@school.test", "An", Role.TEACHER),
        ("bram@school.test", "Bram", Role.DEVELOPER),
        ("rene@school.test", "René", Role.TEACHER),
    ]


def test_a_name_written_last_name_first_is_turned_around():
    assert split_name("Lee, Marije van der") == ("Marije", "van der Lee")
    assert split_name("Marije van der Lee") == ("Marije", "van der Lee")


# --- one row edited at a time (issue 10: no form per row) -----------------------------------


def test_members_page_has_no_form_per_row(client, team, alice, carol):
    for _ in range(8):
        MembershipFactory(team=team, role=Role.TEACHER)
    client.force_login(alice)

    html = client.get(reverse("members", args=[team.slug])).content.decode()

    member = Membership.objects.get(team=team, user=carol)
    assert 'id="role-' not in html
    assert f'href="?bewerken={member.pk}#member-{member.pk}"' in html
    assert 'action="' + reverse("member_deactivate", args=[team.slug, member.pk]) not in html


def test_members_page_edits_the_chosen_row_without_javascript(client, team, alice, bob, carol):
    member = Membership.objects.get(team=team, user=carol)
    client.force_login(alice)

    html = client.get(reverse("members", args=[team.slug]), {"bewerken": member.pk}).content
    html = html.decode()

    assert html.count('id="role-') == 1
    assert f'id="role-{member.pk}"' in html
    assert 'action="' + reverse("member_deactivate", args=[team.slug, member.pk]) in html


def test_members_row_switches_to_editing_and_back_with_htmx(client, team, alice, carol):
    member = Membership.objects.get(team=team, user=carol)
    client.force_login(alice)
    url = reverse("members", args=[team.slug])

    editing = client.get(url, {"bewerken": member.pk}, headers=HTMX).content.decode()
    shown = client.get(url, {"rij": member.pk}, headers=HTMX).content.decode()

    assert editing.lstrip().startswith(f'<tr id="member-{member.pk}">')
    assert '<option value="teamlid" selected>' in editing and " autofocus" in editing
    assert shown.lstrip().startswith(f'<tr id="member-{member.pk}">')
    assert 'id="role-' not in shown


def test_only_the_team_leader_edits_a_row(client, team, alice, carol):
    member = Membership.objects.get(team=team, user=alice)
    client.force_login(carol)
    url = reverse("members", args=[team.slug])

    page = client.get(url, {"bewerken": member.pk})
    row = client.get(url, {"bewerken": member.pk}, headers=HTMX)

    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="role-' not in html
    assert 'href="?bewerken=' not in html
    assert reverse("member_deactivate", args=[team.slug, member.pk]) not in html
    assert row.status_code == 403


def test_members_row_of_another_team_is_404(client, team, other_team, alice):
    stranger = MembershipFactory(team=other_team, role=Role.TEACHER)
    client.force_login(alice)

    response = client.get(
        reverse("members", args=[team.slug]), {"bewerken": stranger.pk}, headers=HTMX
    )

    assert response.status_code == 404


@pytest.mark.parametrize("junk", ["abc", "-1", "²"])
def test_members_row_number_junk_is_400(client, team, alice, junk):
    client.force_login(alice)

    assert client.get(reverse("members", args=[team.slug]), {"bewerken": junk}).status_code == 400
