"""The journeys of issues 2 and 3 in a real browser."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from meetings import services
from meetings.models import GroupNote, MeetingRun, Report
from meetings.school_holidays import school_holidays
from plg.models import Role
from tests.e2e.conftest import LAPTOP, PHONE, PROJECTOR, login
from tests.factories import MembershipFactory, ThemeFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def teachers(team):
    names = ["Anouk", "Bram", "Chantal", "Daan", "Eva", "Fatima", "Gert"]
    return [
        MembershipFactory(team=team, role=Role.TEACHER, user__first_name=name).user
        for name in names
    ]


def test_team_leader_plans_the_next_school_year(new_page, team, alice, bob, dave, year):
    ThemeFactory(team=team, title="Pesten")
    page = new_page(LAPTOP)
    login(page, alice)

    page.goto(f"/t/{team.slug}/schooljaren/nieuw/")
    expect(page.locator("#id_name")).to_have_value("2027–2028")
    page.locator("main form button[type=submit]").click()

    meetings = page.locator("ol.list-group > li")
    expect(meetings).to_have_count(6)
    expect(page.locator(".timeline .marker")).to_have_count(6)

    # Move meeting 2 into the autumn holiday: saved, with a warning, not blocked.
    autumn = next(
        h
        for h in school_holidays("midden", datetime.date(2027, 9, 1), datetime.date(2027, 12, 1))
        if h[0] == "Herfstvakantie"
    )
    holiday_tuesday = autumn[1] + datetime.timedelta(days=3)
    row = meetings.nth(1)
    row.get_by_role("link", name=re.compile("Bewerken")).click()
    page.fill("#id_date", holiday_tuesday.isoformat())
    page.locator("[data-suggest]").click()
    page.select_option("#id_theme", label="Pesten")
    # The row's edit form (the other rows have their cancel buttons).
    page.locator("ol.list-group > li form[hx-post] button[type=submit]").click()

    row = page.locator("ol.list-group > li").nth(1)
    expect(row).to_contain_text("Herfstvakantie")
    expect(row).to_contain_text("Pesten")
    expect(row).to_contain_text("Bob")
    expect(row).to_contain_text("Dave")
    second = year.team.school_years.get(name="2027–2028").meetings.get(number=2)
    assert second.date == holiday_tuesday
    assert {u.first_name for u in second.preparers.all()} == {"Bob", "Dave"}


def test_preparers_run_a_meeting_with_the_projector_following(
    new_page, team, year, bob, dave, carol, teachers
):
    meeting = year.meetings.get(number=3)
    meeting.preparers.set([bob, dave])
    laptop = new_page(LAPTOP)
    laptop.on("dialog", lambda dialog: dialog.accept())
    login(laptop, bob)

    laptop.goto(f"/t/{team.slug}/bijeenkomsten/{meeting.pk}/voorbereiden/")
    laptop.locator("form[action$='groepen-samenstellen/'] button").first.click()
    expect(laptop.locator(".group-card")).to_have_count(2)
    expect(laptop.locator("#groups [role=status]")).to_contain_text("nieuwe collega")

    laptop.goto(f"/t/{team.slug}/bijeenkomsten/{meeting.pk}/leiden/")
    projector_url = laptop.locator("a[href*='/projectie/']").get_attribute("href")
    projector = new_page(PROJECTOR)
    projector.goto(projector_url)
    expect(projector.locator("h1")).to_have_text("Welkom")

    laptop.locator("button[value=start]").click()
    expect(laptop.locator("#phase-title")).to_have_text("Introductie van het thema")
    expect(projector.locator("h1")).to_have_text("Introductie van het thema", timeout=3000)

    laptop.locator("button[value=next]").click()
    expect(laptop.locator("#phase-title")).to_have_text("Introductie van de werkcasus")
    laptop.locator("button[value=previous]").click()  # an accidental "next", undone
    expect(laptop.locator("#phase-title")).to_have_text("Introductie van het thema")
    expect(projector.locator("h1")).to_have_text("Introductie van het thema", timeout=3000)

    expected = [
        "Introductie van de werkcasus",
        "Beeldvorming",
        "Pauze",
        "Nieuwe inzichten",
        "Terugblik",
        "Toekomstig handelen bij soortgelijke werkcasus",
        "Afsluiting van het thema",
    ]
    for title in expected:
        laptop.locator("button[value=next]").click()
        expect(laptop.locator("#phase-title")).to_have_text(title)
    expect(projector.locator("h1")).to_have_text("Afsluiting van het thema", timeout=3000)
    expect(laptop.locator("button[value=next]")).to_be_disabled()

    laptop.locator("form[action$='afsluiten/'] button").click()
    expect(laptop.locator("#report-heading")).to_be_visible()
    run = MeetingRun.objects.get(meeting=meeting)
    assert run.status == MeetingRun.Status.CLOSED
    assert Report.objects.get(meeting=meeting).status == Report.Status.DRAFT
    expect(projector.locator("h1")).to_have_text("Bedankt!", timeout=3000)


def test_group_leader_loses_no_text_when_the_network_drops(
    new_page, team, year, bob, carol, teachers
):
    meeting = year.meetings.get(number=3)
    meeting.preparers.set([bob])
    services.ensure_run(meeting=meeting).group_leaders.set([bob])
    group = services.compose_meeting_groups(meeting=meeting)[0]
    phone = new_page(PHONE)
    login(phone, bob)
    phone.goto(f"/t/{team.slug}/groepen/{group.pk}/")

    note = phone.locator("#note-1")
    status = phone.locator("#note-1-status")
    note.fill("Casus van Anouk gekozen.")
    expect(status).to_contain_text("Opgeslagen", timeout=5000)

    phone.context.set_offline(True)
    note.press_sequentially(" De groep vraagt door.")
    expect(status).to_contain_text("geen verbinding", timeout=5000)
    phone.context.set_offline(False)
    phone.evaluate("window.dispatchEvent(new Event('online'))")
    expect(status).to_contain_text("Opgeslagen", timeout=12_000)

    saved = GroupNote.objects.get(group=group, phase=1)
    assert saved.text == "Casus van Anouk gekozen. De groep vraagt door."
