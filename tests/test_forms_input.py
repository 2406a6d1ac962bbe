"""Bad input on every form: a clear Dutch message, and what was typed is still there.

Messages from our own gettext strings are computed with gettext under the Dutch locale, so
these tests hold before and after the translation lands; Django's own messages are Dutch
already and are written out.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.forms import AuthenticationForm
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from meetings.models import Holiday, Meeting, SchoolYear, Theme
from plg.models import Membership, Role, User
from tests.factories import MembershipFactory, ThemeFactory
from tests.helpers import dutch_html

HTMX = {"HX-Request": "true"}
REQUIRED = "Dit veld is verplicht."


def _html(response) -> str:
    return response.content.decode()


# --- login ----------------------------------------------------------------------------------


def test_login_with_wrong_password_shows_dutch_message(client, alice):
    response = client.post(
        reverse("login"), {"username": alice.email, "password": "verkeerd-wachtwoord"}
    )

    with translation.override("nl"):
        expected = AuthenticationForm.error_messages["invalid_login"] % {
            "username": User._meta.get_field("email").verbose_name
        }
    html = _html(response)
    assert response.status_code == 200
    assert "Let op dat beide velden hoofdlettergevoelig zijn." in html
    assert escape(expected) in html
    assert f'value="{alice.email}"' in html
    assert "_auth_user_id" not in client.session


# --- member add -----------------------------------------------------------------------------


def _member_data(**changes) -> dict:
    return {
        "first_name": "Marije",
        "last_name": "van der Lee",
        "email": "m.vanderlee@school.test",
        "role": Role.TEACHER,
    } | changes


def test_member_add_with_invalid_email_keeps_typed_values(client, team, alice):
    client.force_login(alice)

    response = client.post(
        reverse("member_add", args=[team.slug]), _member_data(email="m.vanderlee@")
    )

    html = _html(response)
    assert response.status_code == 200
    assert "Voer een geldig e-mailadres in." in html
    assert 'value="m.vanderlee@"' in html
    assert 'value="Marije"' in html
    assert 'value="van der Lee"' in html
    assert not User.objects.filter(first_name="Marije").exists()


def test_member_add_of_active_member_is_refused(client, team, alice, carol):
    client.force_login(alice)
    typed = carol.email.upper()

    response = client.post(reverse("member_add", args=[team.slug]), _member_data(email=typed))

    html = _html(response)
    assert response.status_code == 200
    assert dutch_html("%(email)s is already a member of this team.", email=carol.email) in html
    assert f'value="{typed}"' in html
    assert Membership.objects.filter(team=team).count() == 2


def test_member_add_with_names_missing_shows_required(client, team, alice):
    client.force_login(alice)

    response = client.post(
        reverse("member_add", args=[team.slug]), _member_data(first_name="", last_name="")
    )

    html = _html(response)
    assert html.count(REQUIRED) == 2
    assert 'value="m.vanderlee@school.test"' in html


# --- member import --------------------------------------------------------------------------


def _import(client, team, text):
    return client.post(reverse("members_import", args=[team.slug]), {"text": text})


IMPORT_ERRORS = [
    (
        "An de Vries;an@school.test\nBram Jansen",
        "Line %(line)s: put exactly one e-mail address on each line.",
        {"line": 2},
    ),
    (
        "An de Vries;an@school",
        "Line %(line)s: “%(email)s” is not a valid e-mail address.",
        {"line": 1, "email": "an@school"},
    ),
    (
        "An de Vries;an@school.test;baas",
        "Line %(line)s: unknown role “%(role)s” (use teamleider, ontwikkelteam or teamlid).",
        {"line": 1, "role": "baas"},
    ),
    (
        "An de Vries;an@school.test\nAn de Vries;AN@school.test",
        "Line %(line)s: %(email)s appears twice in the list.",
        {"line": 2, "email": "an@school.test"},
    ),
    (
        "   ",
        "Paste a list or choose a file.",
        {},
    ),
]


@pytest.mark.parametrize(
    ("text", "message", "params"),
    IMPORT_ERRORS,
    ids=["no-email", "invalid-email", "unknown-role", "duplicate-line", "empty"],
)
def test_member_import_error_is_shown_and_nobody_added(client, team, alice, text, message, params):
    client.force_login(alice)

    response = _import(client, team, text)

    html = _html(response)
    assert response.status_code == 200
    assert dutch_html(message, **params) in html
    assert Membership.objects.filter(team=team).count() == 1


def test_member_import_error_keeps_pasted_text(client, team, alice):
    client.force_login(alice)
    text = "Naam;E-mail\nAn de Vries;an@school.test\nBram Jansen;bram@school;ontwikkelteam"

    response = _import(client, team, text)

    html = _html(response)
    assert (
        dutch_html(
            "Line %(line)s: “%(email)s” is not a valid e-mail address.", line=3, email="bram@school"
        )
        in html
    )
    assert f">\n{escape(text)}</textarea>" in html


def test_member_import_reports_every_bad_line(client, team, alice):
    client.force_login(alice)

    response = _import(client, team, "Bram Jansen\nAn de Vries;an@school.test;baas")

    html = _html(response)
    assert dutch_html("Line %(line)s: put exactly one e-mail address on each line.", line=1) in html
    assert (
        dutch_html(
            "Line %(line)s: unknown role “%(role)s” (use teamleider, ontwikkelteam or teamlid).",
            line=2,
            role="baas",
        )
        in html
    )


# --- member role ----------------------------------------------------------------------------


def test_member_role_invalid_in_row_keeps_current_role(client, team, alice, carol):
    member = Membership.objects.get(user=carol)
    client.force_login(alice)

    response = client.post(
        reverse("member_role", args=[team.slug, member.pk]), {"role": "baas"}, headers=HTMX
    )

    html = _html(response)
    assert response.status_code == 200
    assert dutch_html("Choose one of the roles.") in html
    assert '<option value="teamlid" selected>' in html
    member.refresh_from_db()
    assert member.role == Role.TEACHER


def test_member_role_invalid_without_htmx_shows_message(client, team, alice, carol):
    member = Membership.objects.get(user=carol)
    client.force_login(alice)

    response = client.post(
        reverse("member_role", args=[team.slug, member.pk]), {"role": "baas"}, follow=True
    )

    assert response.redirect_chain == [(reverse("members", args=[team.slug]), 302)]
    assert dutch_html("Choose one of the roles.") in _html(response)


# --- team settings --------------------------------------------------------------------------


def test_team_settings_without_weekday_keeps_typed_values(client, team, alice):
    client.force_login(alice)
    data = {
        "name": "Team Groen",
        "school": "Groene Campus",
        "region": "zuid",
        "default_weekday": "",
        "default_start_time": "15:15",
        "default_room": "B1.12",
    }

    response = client.post(reverse("team_settings", args=[team.slug]), data)

    html = _html(response)
    assert response.status_code == 200
    assert REQUIRED in html
    assert 'value="Team Groen"' in html
    assert 'value="Groene Campus"' in html
    assert 'value="15:15"' in html
    assert 'value="B1.12"' in html
    assert '<option value="zuid" selected>' in html
    team.refresh_from_db()
    assert team.name == "Team Dier & Groen"


# --- school year ----------------------------------------------------------------------------


def _year_data(**changes) -> dict:
    data = {
        "name": "2026–2027",
        "region": "midden",
        "first_day": "2026-08-31",
        "last_day": "2027-07-16",
        "period_1_start": "2026-08-31",
        "period_1_end": "2026-11-13",
        "period_2_start": "2026-11-16",
        "period_2_end": "2027-02-05",
        "period_3_start": "2027-02-08",
        "period_3_end": "2027-04-23",
        "period_4_start": "2027-04-26",
        "period_4_end": "2027-07-16",
    }
    return data | changes


def _create_year(client, team, **changes):
    return client.post(reverse("school_year_create", args=[team.slug]), _year_data(**changes))


def test_school_year_ending_before_it_starts_is_refused(client, team, alice):
    client.force_login(alice)

    response = _create_year(client, team, last_day="2026-08-01")

    html = _html(response)
    assert response.status_code == 200
    assert dutch_html("The last teaching day must come after the first.") in html
    assert 'value="2026-08-01"' in html
    assert SchoolYear.objects.count() == 0


def test_school_year_with_overlapping_periods_shows_schedule_message(client, team, alice):
    client.force_login(alice)

    response = _create_year(client, team, period_2_start="2026-11-10")

    html = _html(response)
    assert response.status_code == 200
    assert (
        "Periode 2 begint (10 november 2026) vóór het einde van periode 1 (13 november 2026); "
        "periodes mogen niet overlappen."
    ) in html
    assert 'value="2026-11-10"' in html
    assert SchoolYear.objects.count() == 0


def test_school_year_with_period_outside_the_year_is_refused(client, team, alice):
    client.force_login(alice)

    response = _create_year(client, team, period_4_end="2027-07-23")

    html = _html(response)
    assert (
        "Periode 4 eindigt (23 juli 2027) na de laatste lesdag van het schooljaar (16 juli 2027)."
    ) in html
    assert 'value="2027-07-23"' in html
    assert SchoolYear.objects.count() == 0


def test_school_year_name_used_before_is_refused(client, team, alice, year):
    client.force_login(alice)

    response = _create_year(client, team, name="2026-2027")

    html = _html(response)
    assert dutch_html("This team already has a school year %(name)s.", name="2026–2027") in html
    assert 'value="2026-2027"' in html
    assert SchoolYear.objects.count() == 1


def test_school_year_with_impossible_date_keeps_it(client, team, alice):
    client.force_login(alice)

    response = _create_year(client, team, period_3_end="31-02-2027")

    html = _html(response)
    assert "Voer een geldige datum in." in html
    assert 'value="31-02-2027"' in html
    assert SchoolYear.objects.count() == 0


# --- holiday --------------------------------------------------------------------------------


def test_holiday_ending_before_it_starts_is_refused(client, team, alice, year):
    client.force_login(alice)
    holidays_before = Holiday.objects.count()

    response = client.post(
        reverse("holiday_add", args=[team.slug, year.pk]),
        {"name": "Studiedag", "first_day": "2026-10-07", "last_day": "2026-10-06"},
    )

    html = _html(response)
    assert response.status_code == 200
    assert dutch_html("The last day cannot come before the first day.") in html
    assert 'value="Studiedag"' in html
    assert 'value="2026-10-06"' in html
    assert Holiday.objects.count() == holidays_before


def test_holiday_edit_in_place_shows_error_in_row(client, team, alice, year):
    holiday = year.holidays.first()
    client.force_login(alice)

    response = client.post(
        reverse("holiday_edit", args=[team.slug, holiday.pk]),
        {"name": "Herfst", "first_day": "2026-10-25", "last_day": "2026-10-17"},
        headers=HTMX,
    )

    html = _html(response)
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<tr id="holiday-{holiday.pk}"')
    assert dutch_html("The last day cannot come before the first day.") in html
    assert 'value="Herfst"' in html


# --- meeting --------------------------------------------------------------------------------


def _meeting_data(**changes) -> dict:
    return {
        "date": "2026-10-06",
        "start_time": "14:30",
        "duration_minutes": "150",
        "room": "Lokaal 2.14",
        "theme": "",
    } | changes


def test_meeting_with_three_preparers_is_refused(client, team, alice, bob, dave, year):
    erin = MembershipFactory(team=team, role=Role.DEVELOPER, user__first_name="Erin").user
    meeting = Meeting.objects.get(school_year=year, number=2)
    client.force_login(alice)

    response = client.post(
        reverse("meeting_edit", args=[team.slug, meeting.pk]),
        _meeting_data(preparers=[bob.pk, dave.pk, erin.pk]),
    )

    html = _html(response)
    assert response.status_code == 200
    assert dutch_html("Choose at most two preparers.") in html
    assert 'value="Lokaal 2.14"' in html
    assert html.count("checked") == 3
    assert list(meeting.preparers.all()) == []


def test_meeting_with_teacher_as_preparer_is_refused(client, team, alice, bob, carol, year):
    meeting = Meeting.objects.get(school_year=year, number=2)
    client.force_login(alice)

    response = client.post(
        reverse("meeting_edit", args=[team.slug, meeting.pk]),
        _meeting_data(preparers=[bob.pk, carol.pk]),
    )

    html = _html(response)
    assert f"Selecteer een geldige keuze. {carol.pk} is geen beschikbare keuze." in html
    assert list(meeting.preparers.all()) == []


def test_meeting_without_date_keeps_typed_values(client, team, alice, year):
    meeting = Meeting.objects.get(school_year=year, number=2)
    client.force_login(alice)

    response = client.post(
        reverse("meeting_edit", args=[team.slug, meeting.pk]), _meeting_data(date="")
    )

    html = _html(response)
    assert REQUIRED in html
    assert 'value="Lokaal 2.14"' in html
    assert 'value="14:30"' in html
    meeting.refresh_from_db()
    assert meeting.room == ""


def test_meeting_edit_in_place_shows_error_in_list_item(client, team, alice, year):
    meeting = Meeting.objects.get(school_year=year, number=2)
    client.force_login(alice)

    response = client.post(
        reverse("meeting_edit", args=[team.slug, meeting.pk]),
        _meeting_data(date=""),
        headers=HTMX,
    )

    html = _html(response)
    assert response.status_code == 200
    assert html.lstrip().startswith(
        f'<li class="list-group-item py-3 bg-body-tertiary" id="meeting-{meeting.pk}"'
    )
    assert REQUIRED in html
    assert 'value="Lokaal 2.14"' in html


# --- themes ---------------------------------------------------------------------------------


def test_theme_title_taken_in_other_case_is_refused(client, team, carol):
    ThemeFactory(team=team, title="Pesten")
    client.force_login(carol)

    response = client.post(
        reverse("themes", args=[team.slug]), {"title": "PESTEN", "description": "Online pesten"}
    )

    html = _html(response)
    assert response.status_code == 200
    assert dutch_html("The team already has a theme “%(title)s”.", title="PESTEN") in html
    assert 'value="PESTEN"' in html
    assert ">\nOnline pesten</textarea>" in html
    assert Theme.objects.count() == 1


def test_theme_without_title_keeps_description(client, team, carol):
    client.force_login(carol)

    response = client.post(
        reverse("themes", args=[team.slug]), {"title": "  ", "description": "Online pesten"}
    )

    html = _html(response)
    assert dutch_html("Give the theme a title.") in html  # the one proposal form (ThemeIdeaForm)
    assert ">\nOnline pesten</textarea>" in html
    assert Theme.objects.count() == 0


def test_theme_edit_to_title_of_other_theme_is_refused(client, team, alice):
    ThemeFactory(team=team, title="Pesten")
    theme = ThemeFactory(team=team, title="Autisme")
    client.force_login(alice)

    response = client.post(reverse("theme_edit", args=[team.slug, theme.pk]), {"title": "pesten"})

    assert dutch_html("The team already has a theme “%(title)s”.", title="pesten") in _html(
        response
    )
    theme.refresh_from_db()
    assert theme.title == "Autisme"


def test_example_themes_with_nothing_ticked_shows_message(client, team, alice):
    client.force_login(alice)

    response = client.post(reverse("themes_add_examples", args=[team.slug]), {}, follow=True)

    assert response.redirect_chain == [(reverse("themes", args=[team.slug]), 302)]
    assert dutch_html("Tick at least one theme.") in _html(response)
    assert Theme.objects.count() == 0
