"""Logging in and out, and choosing a password (Django's auth views with our templates)."""

from __future__ import annotations

import re

from django.urls import reverse

from tests.factories import TEST_PASSWORD

NEW_PASSWORD = "Groene-appel-2027"


def test_login_page_opens_without_login(client, db):
    response = client.get(reverse("login"))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="username"' in html
    assert 'name="password"' in html
    assert f'href="{reverse("password_reset")}"' in html


def test_login_goes_to_own_team(client, team, carol):
    response = client.post(
        reverse("login"), {"username": carol.email, "password": TEST_PASSWORD}, follow=True
    )

    assert response.redirect_chain == [("/", 302), (f"/t/{team.slug}/", 302)]
    assert response.status_code == 200
    assert response.context["user"] == carol


def test_login_follows_next(client, team, carol):
    members_url = reverse("members", args=[team.slug])

    response = client.post(
        f"{reverse('login')}?next={members_url}",
        {"username": carol.email, "password": TEST_PASSWORD, "next": members_url},
    )

    assert response.status_code == 302
    assert response["Location"] == members_url


def test_login_email_is_case_insensitive(client, carol):
    response = client.post(
        reverse("login"), {"username": carol.email.upper(), "password": TEST_PASSWORD}
    )

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(carol.pk)


def test_password_reset_page_opens_without_login(client, db):
    response = client.get(reverse("password_reset"))

    assert response.status_code == 200
    assert 'name="email"' in response.content.decode()


def test_password_reset_mails_a_link_that_sets_the_password(client, carol, mailoutbox):
    response = client.post(reverse("password_reset"), {"email": carol.email})

    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [carol.email]
    link = re.search(r"http://testserver(/account/reset/[\w-]+/[\w-]+/)", mailoutbox[0].body)
    assert link is not None

    form_page = client.get(link.group(1), follow=True)
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert done.status_code == 302
    assert done["Location"] == reverse("password_reset_complete")
    carol.refresh_from_db()
    assert carol.check_password(NEW_PASSWORD)


def test_password_reset_for_unknown_address_sends_nothing(client, db, mailoutbox):
    response = client.post(reverse("password_reset"), {"email": "onbekend@school.test"})

    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    assert mailoutbox == []


def test_password_reset_link_works_once(client, carol, mailoutbox):
    client.post(reverse("password_reset"), {"email": carol.email})
    link = re.search(r"http://testserver(/account/reset/\S+)", mailoutbox[0].body).group(1)
    set_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    response = client.get(link, follow=True)

    assert response.context["validlink"] is False


def test_password_change_needs_login(client, db):
    response = client.get(reverse("password_change"))

    assert response.status_code == 302
    assert response["Location"] == f"/account/login/?next={reverse('password_change')}"


def test_password_change_sets_new_password(client, carol):
    client.force_login(carol)

    response = client.post(
        reverse("password_change"),
        {
            "old_password": TEST_PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("password_change_done")
    carol.refresh_from_db()
    assert carol.check_password(NEW_PASSWORD)
    assert client.get(reverse("password_change_done")).status_code == 200


def test_password_change_with_wrong_old_password_is_refused(client, carol):
    client.force_login(carol)

    response = client.post(
        reverse("password_change"),
        {
            "old_password": "verkeerd",
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )

    assert response.status_code == 200
    assert "Uw oude wachtwoord is niet juist ingevoerd. Voer het opnieuw in." in (
        response.content.decode()
    )
    carol.refresh_from_db()
    assert carol.check_password(TEST_PASSWORD)


def test_logout_by_post_ends_session(client, team, carol):
    client.force_login(carol)

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert response["Location"] == reverse("login") + "?uitgelogd=1"
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("team_dashboard", args=[team.slug])).status_code == 302


def test_logout_by_get_is_refused(client, carol):
    client.force_login(carol)

    response = client.get(reverse("logout"))

    assert response.status_code == 405
    assert client.session["_auth_user_id"] == str(carol.pk)


def test_logout_button_is_a_form_on_every_page(client, team, carol):
    client.force_login(carol)

    response = client.get(reverse("team_dashboard", args=[team.slug]))

    assert f'<form method="post" action="{reverse("logout")}">' in response.content.decode()


def test_interface_is_dutch_even_for_an_english_browser(client):
    response = client.get("/account/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    assert response["Content-Language"] == "nl"
    assert '<html lang="nl">' in response.content.decode()


def test_language_switch_to_english_and_back(client, carol):
    client.force_login(carol)

    client.post("/taal/", {"language": "en", "next": "/"})
    english = client.get("/account/password_change/")
    client.post("/taal/", {"language": "nl", "next": "/"})
    dutch = client.get("/account/password_change/")

    assert '<html lang="en">' in english.content.decode()
    assert '<html lang="nl">' in dutch.content.decode()
