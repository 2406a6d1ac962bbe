"""Meetings 1 and 6 run with their own cards (issue 13), in a real browser: meeting 1 ticks
the protocol, takes "Startende docenten" and fixes meetings 2–5; meeting 6 records its
successes and brings in a theme for next year."""

import pytest
from playwright.sync_api import expect

from meetings.models import MeetingRun, Theme
from tests.e2e.conftest import LAPTOP, login
from tests.factories import ThemeFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_meeting_1_runs_its_protocol_and_ends_with_meetings_2_to_5_fixed(
    new_page, team, year, bob, dave
):
    for title in ("Pesten", "Autisme", "Zorgleerlingen", "Mentorschap"):
        ThemeFactory(team=team, title=title)
    first = year.meetings.get(number=1)
    first.preparers.set([bob, dave])
    page = new_page(LAPTOP)
    page.on("dialog", lambda dialog: dialog.accept())
    login(page, bob)

    page.goto(f"/t/{team.slug}/bijeenkomsten/{first.pk}/leiden/")
    card = page.locator("#meeting-1")
    expect(card).to_contain_text("Uitleg over het CEPM-/PLG-project")
    expect(card.locator(".agenda-minutes").first).to_contain_text("15 min.")
    expect(card.locator(".not-fixed")).to_be_visible()

    card.locator("#run-agenda-project").click()  # htmx: the agenda swaps in place
    expect(page.locator("#run-agenda-project")).to_have_attribute("aria-pressed", "true")

    card.get_by_role(
        "button", name="‘Startende docenten’ het thema van bijeenkomst 1 maken"
    ).click()
    expect(page.locator("#meeting-1 .first-theme")).to_contain_text("Startende docenten")

    for number, title in ((2, "Pesten"), (3, "Autisme"), (4, "Zorgleerlingen"), (5, "Mentorschap")):
        page.select_option(f"#id_m{number}-theme", label=title)
        for person in (bob, dave):
            page.check(f"input[name=m{number}-preparers][value='{person.pk}']")
    page.locator("#meeting-1 #fix button[type=submit]").click()
    expect(page.locator("#meeting-1 .all-fixed")).to_be_visible()

    page.locator("button[value=start]").click()
    expect(page.locator("#phase-title")).to_have_text("Introductie van het thema")
    page.get_by_role("button", name="Bijeenkomst afsluiten").click()
    expect(page.locator(".alert-success").first).to_be_visible()
    assert MeetingRun.objects.get(meeting=first).intro_checklist == ["project"]
    assert [m.theme.title for m in year.meetings.filter(number__in=(2, 3, 4, 5))] == [
        "Pesten",
        "Autisme",
        "Zorgleerlingen",
        "Mentorschap",
    ]


def test_meeting_6_evaluates_the_year_with_its_own_card(new_page, team, year, bob, dave):
    last = year.meetings.get(number=6)
    last.preparers.set([bob, dave])
    page = new_page(LAPTOP)
    login(page, bob)

    page.goto(f"/t/{team.slug}/bijeenkomsten/{last.pk}/leiden/")
    card = page.locator("#meeting-6")
    expect(card).to_contain_text("De verslagen van het jaar")
    expect(card.locator(".collected-reports li")).to_have_count(6)

    card.locator("#evaluation-agenda-reports").click()
    expect(page.locator("#evaluation-agenda-reports")).to_have_attribute("aria-pressed", "true")

    page.fill("#id_successes", "Elke starter had een maatje\nMinder uitval")
    page.fill("#id_look_ahead", "Meer aandacht voor de BPV")
    page.locator("form[action$='/evaluatie/successen/'] button[type=submit]").click()
    expect(page.locator("ul.successes li")).to_have_count(2)
    expect(page.locator("#id_look_ahead")).to_have_value("Meer aandacht voor de BPV")

    page.fill("#new-themes #id_title", "Ouderbetrokkenheid")
    page.locator("#new-themes button[type=submit]").click()  # htmx
    expect(page.locator("#new-themes [role=status]")).to_contain_text("Ouderbetrokkenheid")
    expect(page.locator("#new-themes .theme-ideas")).to_contain_text("Ouderbetrokkenheid")
    assert Theme.objects.filter(team=team, title="Ouderbetrokkenheid", proposed_by=bob).exists()
