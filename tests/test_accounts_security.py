"""Accounts and sessions (issue 14, README "Security and privacy"): Argon2, Dutch password
rules with 12 characters at least, login throttling on (user name, IP address) with a
cool-off, sessions that end with the browser or after a working day, a password change that
logs out the other sessions, and logging out that removes the texts kept on the device."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse

from plg import settings as production
from tests.factories import TEST_PASSWORD, UserFactory
from tests.helpers import dutch

NEW_PASSWORD = "Groene-appel-2027"
SCHOOL_IP = "192.0.2.10"
HOME_IP = "198.51.100.7"
PASSWORD_CHANGE = {
    "old_password": TEST_PASSWORD,
    "new_password1": NEW_PASSWORD,
    "new_password2": NEW_PASSWORD,
}


@pytest.fixture
def production_hashers(settings):
    # The fixtures' users have fast MD5 hashes (tests/conftest.py): they still verify, as old
    # hashes do in production.
    settings.PASSWORD_HASHERS = [
        *production.PASSWORD_HASHERS,
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]


def login_post(client, email, password, *, ip=SCHOOL_IP, url=None):
    return client.post(
        url or reverse("login"),
        {"username": email, "password": password},
        REMOTE_ADDR=ip,
    )


def logged_in_as(client) -> str | None:
    return client.session.get(SESSION_KEY)


# --- passwords ------------------------------------------------------------------------------


def test_a_new_password_is_hashed_with_argon2(client, carol, production_hashers):
    client.force_login(carol)

    client.post(
        reverse("password_change"),
        PASSWORD_CHANGE,
    )

    carol.refresh_from_db()
    assert carol.password.startswith("argon2$")
    assert carol.check_password(NEW_PASSWORD)


def test_an_old_pbkdf2_password_still_works_and_is_rehashed_with_argon2(
    client, db, production_hashers
):
    from django.contrib.auth.hashers import make_password

    user = UserFactory()
    user.password = make_password(NEW_PASSWORD, hasher="pbkdf2_sha256")
    user.save(update_fields=["password"])

    response = login_post(client, user.email, NEW_PASSWORD)

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$")


def test_an_eleven_character_password_is_refused_in_dutch(client, carol):
    client.force_login(carol)
    eleven = "Groene-appe"
    assert len(eleven) == 11

    response = client.post(
        reverse("password_change"),
        {"old_password": TEST_PASSWORD, "new_password1": eleven, "new_password2": eleven},
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Dit wachtwoord is te kort. De minimale lengte is 12 tekens." in html
    carol.refresh_from_db()
    assert carol.check_password(TEST_PASSWORD)


def test_a_twelve_character_password_is_accepted(client, carol):
    client.force_login(carol)
    twelve = "Groene-appel"

    response = client.post(
        reverse("password_change"),
        {"old_password": TEST_PASSWORD, "new_password1": twelve, "new_password2": twelve},
    )

    assert response.status_code == 302
    carol.refresh_from_db()
    assert carol.check_password(twelve)


def test_the_password_rules_are_shown_in_dutch(client, carol):
    client.force_login(carol)

    html = client.get(reverse("password_change")).content.decode()

    assert "Uw wachtwoord moet minstens 12 tekens lang zijn." in html


# --- login throttling -----------------------------------------------------------------------


def fail_until_locked(client, email, *, ip=SCHOOL_IP, url=None):
    for _ in range(django_settings.AXES_FAILURE_LIMIT):
        last = login_post(client, email, "verkeerd-wachtwoord", ip=ip, url=url)
    return last


def test_wrong_passwords_lock_the_user_name_from_that_address_with_a_dutch_page(client, carol):
    last_failure = fail_until_locked(client, carol.email)

    # The right password no longer helps from this address, for the cool-off time.
    response = login_post(client, carol.email, TEST_PASSWORD)

    assert last_failure.status_code == 429
    assert response.status_code == 429
    assert logged_in_as(client) is None
    html = response.content.decode()
    assert dutch("Too many attempts") in html
    assert "15 minuten geblokkeerd" in html
    assert '<html lang="nl">' in html


def test_the_lock_is_for_the_pair_the_same_person_elsewhere_and_colleagues_still_log_in(
    db, carol, alice
):
    fail_until_locked(Client(), carol.email, ip=SCHOOL_IP)

    carol_at_home = Client()
    colleague_at_school = Client()
    home = login_post(carol_at_home, carol.email, TEST_PASSWORD, ip=HOME_IP)
    school = login_post(colleague_at_school, alice.email, TEST_PASSWORD, ip=SCHOOL_IP)

    assert home.status_code == 302
    assert logged_in_as(carol_at_home) == str(carol.pk)
    assert school.status_code == 302
    assert logged_in_as(colleague_at_school) == str(alice.pk)


def test_the_user_name_counts_whatever_its_case(client, carol):
    for attempt in range(django_settings.AXES_FAILURE_LIMIT):
        email = carol.email.upper() if attempt % 2 else carol.email
        login_post(client, email, "verkeerd-wachtwoord")

    response = login_post(client, carol.email, TEST_PASSWORD)

    assert response.status_code == 429


def test_the_lock_ends_after_the_cool_off(client, carol):
    from axes.models import AccessAttempt
    from django.utils import timezone

    fail_until_locked(client, carol.email)
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - django_settings.AXES_COOLOFF_TIME - timedelta(seconds=1)
    )

    response = login_post(client, carol.email, TEST_PASSWORD)

    assert response.status_code == 302
    assert logged_in_as(client) == str(carol.pk)


def test_fewer_wrong_passwords_than_the_limit_then_the_right_one_logs_in(client, carol):
    for _ in range(django_settings.AXES_FAILURE_LIMIT - 1):
        login_post(client, carol.email, "verkeerd-wachtwoord")

    response = login_post(client, carol.email, TEST_PASSWORD)

    assert response.status_code == 302


def test_the_admin_login_is_throttled_too(client, db):
    admin = UserFactory(is_staff=True, is_superuser=True)
    admin_login = reverse("admin:login")

    fail_until_locked(client, admin.email, url=admin_login)
    response = login_post(client, admin.email, TEST_PASSWORD, url=admin_login)

    assert response.status_code == 429
    assert logged_in_as(client) is None
    assert dutch("Too many attempts") in response.content.decode()


def test_a_locked_pair_is_locked_on_both_login_pages(client, db):
    admin = UserFactory(is_staff=True, is_superuser=True)
    fail_until_locked(client, admin.email)

    response = login_post(client, admin.email, TEST_PASSWORD, url=reverse("admin:login"))

    assert response.status_code == 429


def test_behind_the_proxy_the_address_the_proxy_added_counts(client, carol, settings):
    settings.BEHIND_PROXY = True
    for _ in range(django_settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("login"),
            {"username": carol.email, "password": "verkeerd"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=f"1.2.3.4, {SCHOOL_IP}",
        )

    # Same proxy, another school: not locked. The same school with a forged first hop: locked.
    other_school = Client().post(
        reverse("login"),
        {"username": carol.email, "password": TEST_PASSWORD},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR=HOME_IP,
    )
    forged = Client().post(
        reverse("login"),
        {"username": carol.email, "password": TEST_PASSWORD},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR=f"5.6.7.8, {SCHOOL_IP}",
    )

    assert other_school.status_code == 302
    assert forged.status_code == 429


def test_a_junk_forwarded_address_counts_as_the_connection_s_own(client, carol, settings):
    settings.BEHIND_PROXY = True

    for junk in ("abc", "999.1.1.1", "1.2.3.4, " + "9" * 5000):
        response = client.post(
            reverse("login"),
            {"username": carol.email, "password": "verkeerd"},
            REMOTE_ADDR=SCHOOL_IP,
            HTTP_X_FORWARDED_FOR=junk,
        )
        assert response.status_code == 200

    from axes.models import AccessAttempt

    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == [SCHOOL_IP]


# --- sessions -------------------------------------------------------------------------------


def test_the_session_cookie_ends_with_the_browser_and_the_session_after_a_working_day(
    client, carol
):
    response = login_post(client, carol.email, TEST_PASSWORD)

    cookie = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert cookie["expires"] == "" and cookie["max-age"] == ""  # a browser-session cookie
    assert cookie["httponly"]
    assert 8 * 3600 <= client.session.get_expiry_age() <= 11 * 3600
    assert client.session.get_expire_at_browser_close()


def test_a_session_older_than_a_working_day_is_logged_out(client, team, carol):
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    login_post(client, carol.email, TEST_PASSWORD)
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))

    response = client.get(reverse("team_dashboard", args=[team.slug]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_changing_the_password_logs_out_the_other_sessions_and_keeps_this_one(team, carol):
    dashboard = reverse("team_dashboard", args=[team.slug])
    laptop, phone = Client(), Client()
    login_post(laptop, carol.email, TEST_PASSWORD)
    login_post(phone, carol.email, TEST_PASSWORD, ip=HOME_IP)

    laptop.post(
        reverse("password_change"),
        PASSWORD_CHANGE,
    )

    assert laptop.get(dashboard).status_code == 200
    assert phone.get(dashboard).status_code == 302


def test_resetting_the_password_logs_out_every_session(team, carol, mailoutbox):
    dashboard = reverse("team_dashboard", args=[team.slug])
    laptop, stranger = Client(), Client()
    login_post(laptop, carol.email, TEST_PASSWORD)

    stranger.post(reverse("password_reset"), {"email": carol.email})
    link = re.search(r"http://testserver(/account/reset/\S+)", mailoutbox[0].body).group(1)
    set_url = stranger.get(link, follow=True).redirect_chain[-1][0]
    stranger.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert laptop.get(dashboard).status_code == 302
    assert logged_in_as(stranger) is None  # the reset does not log in by itself


# --- texts kept on the device ---------------------------------------------------------------


def test_logging_out_lands_on_a_page_that_removes_the_texts_kept_on_the_device(client, carol):
    client.force_login(carol)

    response = client.post(reverse("logout"), follow=True)

    html = response.content.decode()
    assert response.redirect_chain == [(reverse("login") + "?uitgelogd=1", 302)]
    assert "data-clear-device" in html
    assert (
        dutch("You are logged out. Texts kept on this device for saving have been removed from it.")
        in html
    )


def test_the_login_page_otherwise_keeps_the_texts(client, db):
    # After a session expired the text waits on the device to be saved again (autosave.js).
    assert "data-clear-device" not in client.get(reverse("login")).content.decode()
