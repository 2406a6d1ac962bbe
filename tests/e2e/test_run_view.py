"""The run view and the projector beyond their journey: keyboard only, screen reader
announcements, and sizes (a 1366×768 laptop, a 1920×1080 projector, a 390×844 phone)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from meetings.models import MeetingRun
from meetings.services.attendance import expected_people
from plg.models import Role
from tests.e2e.conftest import DEMO_PASSWORD, LAPTOP, PHONE, PROJECTOR, login
from tests.e2e.pages import PAGES, open_main_page
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db(transaction=True)


def run_url(demo):
    return reverse("meeting_run", args=[demo.team.slug, demo.meeting.pk])


def open_run_view(new_page, demo, viewport=LAPTOP):
    demo.compose()
    page = new_page(viewport)
    login(page, demo.preparer, DEMO_PASSWORD)
    page.goto(run_url(demo))
    return page


def tab_to(page, selector, limit=60):
    """Press Tab until `selector` has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} not reached with {limit} presses of Tab")


def focus_is_visible(page):
    return page.evaluate(
        """() => {
          const style = getComputedStyle(document.activeElement);
          const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
          return outline || style.boxShadow !== "none";
        }"""
    )


def test_run_view_works_with_the_keyboard_alone(new_page, demo):
    page = open_run_view(new_page, demo)
    title = page.locator("#phase-title")

    tab_to(page, "button[value=start]")
    assert focus_is_visible(page)
    page.keyboard.press("Enter")
    expect(title).to_have_text("Introductie van het thema")
    # The start button is gone; focus lands on "next", not on <body>.
    expect(page.locator("button[value=next]")).to_be_focused()

    page.keyboard.press("Enter")
    expect(title).to_have_text("Introductie van de werkcasus")
    expect(page.locator("button[value=next]")).to_be_focused()
    assert focus_is_visible(page)

    page.keyboard.press("Shift+Tab")
    expect(page.locator("button[value=previous]")).to_be_focused()
    assert focus_is_visible(page)
    page.keyboard.press("Space")
    expect(title).to_have_text("Introductie van het thema")
    # Back at the first phase "previous" is disabled: focus moves to "next".
    expect(page.locator("button[value=next]")).to_be_focused()


def test_phase_changes_are_announced_politely_on_the_run_view_and_the_projector(new_page, demo):
    page = open_run_view(new_page, demo)
    projector = new_page(PROJECTOR)
    projector.goto(demo.projector_url())
    for screen in (page, projector):
        announcer = screen.locator("#announcer")
        expect(announcer).to_have_attribute("aria-live", "polite")
        expect(announcer).to_have_text("")

    page.locator("button[value=start]").click()
    expect(page.locator("#announcer")).to_have_text("Fase 0: Introductie van het thema")
    expect(projector.locator("#announcer")).to_have_text(
        "Fase 0: Introductie van het thema", timeout=3000
    )

    page.locator("button[value=next]").click()
    expect(page.locator("#announcer")).to_have_text("Fase 1: Introductie van de werkcasus")
    expect(projector.locator("#announcer")).to_have_text(
        "Fase 1: Introductie van de werkcasus", timeout=3000
    )


def test_every_page_starts_with_a_visible_skip_link(new_page, demo):
    page = new_page(LAPTOP)
    login(page, demo.teacher, DEMO_PASSWORD)

    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    assert focus_is_visible(page)
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()


def test_running_over_time_is_announced_once(new_page, demo):
    run = demo.run_at(0, minutes_in=0)
    planned = datetime.timedelta(minutes=run.phase_minutes["0"])
    page = new_page(LAPTOP)
    login(page, demo.preparer, DEMO_PASSWORD)
    # The clock is a few seconds short of the plan when the page renders (enough for a
    # loaded CI machine to render the page before it runs over).
    MeetingRun.objects.filter(pk=run.pk).update(
        step_started_at=timezone.now() - planned + datetime.timedelta(seconds=6)
    )
    page.goto(run_url(demo))
    announcer = page.locator("#announcer")
    expect(announcer).to_have_text("")
    announcer.evaluate(
        """(el) => {
          window.announcements = 0;
          new MutationObserver(() => window.announcements++).observe(el, {childList: true});
        }"""
    )

    # The text is translated in the template (data-msg-over).
    expect(announcer).to_have_text(announcer.get_attribute("data-msg-over"), timeout=20_000)
    expect(page.locator("#run-state .timer").first).to_have_class("timer is-over")
    page.wait_for_timeout(2500)  # the clock ticks on; screen readers hear it once
    assert page.evaluate("window.announcements") == 1


def test_projector_reads_from_the_back_of_the_room(new_page, demo):
    demo.run_at(4)
    projector = new_page(PROJECTOR)
    projector.goto(demo.projector_url())

    def font_px(selector):
        return projector.locator(selector).first.evaluate(
            "(el) => parseFloat(getComputedStyle(el).fontSize)"
        )

    assert font_px("h1") >= 48
    assert font_px(".projector-questions") >= 32
    assert font_px(".projector-timer .timer") >= 48
    box = projector.locator(".projector-timer").bounding_box()
    assert box["y"] + box["height"] <= PROJECTOR["height"]
    assert projector.evaluate("document.scrollingElement.scrollHeight") <= PROJECTOR["height"]


def test_run_view_essentials_fit_a_laptop_screen_in_every_phase(new_page, demo):
    page = open_run_view(new_page, demo)
    page.locator("button[value=start]").click()
    expect(page.locator("#phase-title")).to_have_text("Introductie van het thema")
    essentials = [
        "#phase-title",
        "#run-state .timers .timer-row",
        "button[value=previous]",
        "button[value=next]",
    ]
    for _ in range(8):
        for selector in essentials:
            box = page.locator(selector).first.bounding_box()
            assert 0 <= box["y"] <= LAPTOP["height"] - box["height"], (
                f"{selector} is outside the 1366×768 screen at "
                f"{page.locator('#phase-title').inner_text()}: {box}"
            )
            assert box["x"] + box["width"] <= LAPTOP["width"]
        assert page.evaluate("window.scrollY") == 0
        title = page.locator("#phase-title").inner_text()
        if page.locator("button[value=next]").is_disabled():
            break
        page.locator("button[value=next]").click()
        expect(page.locator("#phase-title")).not_to_have_text(title)


PHONE_PAGES = [main_page for main_page in PAGES if main_page.viewport == PHONE]


@pytest.mark.parametrize("main_page", PHONE_PAGES, ids=lambda main_page: main_page.name)
def test_phone_pages_do_not_scroll_sideways(new_page, demo, main_page):
    page = open_main_page(new_page, demo, main_page)

    assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]


def test_the_attendance_check_of_a_team_of_60_fits_a_laptop(new_page, demo):
    """Every checkbox can be seen and ticked at 1366×768: no box to scroll inside, no
    hidden columns, no badge over a checkbox (issue 12, item 1)."""
    expected = len(expected_people(demo.meeting))
    for _ in range(60 - expected):
        MembershipFactory(team=demo.team, role=Role.TEACHER)
    page = open_run_view(new_page, demo)
    boxes = page.locator(".attendance-list input[type=checkbox]")
    expect(boxes).to_have_count(60)

    assert page.evaluate(
        "() => { const l = document.querySelector('.attendance-list');"
        " return l.scrollHeight <= l.clientHeight + 1 && l.scrollWidth <= l.clientWidth + 1; }"
    )
    for i in range(60):
        box = boxes.nth(i)
        box.scroll_into_view_if_needed()
        assert box.evaluate(
            "(el) => { const r = el.getBoundingClientRect();"
            " return document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2) === el; }"
        ), f"checkbox {i + 1} is covered or hidden"
    last = boxes.nth(59)
    was = last.is_checked()
    last.click()
    assert last.is_checked() is not was


def test_typed_plan_text_is_not_lost_by_composing_the_groups(new_page, demo):
    """Typing the phase 0 plan and then pressing "Groepen opnieuw indelen" (another form)
    asks before the page is left; staying keeps the text (issue 12, item 4)."""
    demo.compose()
    page = new_page(LAPTOP)
    login(page, demo.preparer, DEMO_PASSWORD)
    page.goto(reverse("meeting_prepare", args=[demo.team.slug, demo.meeting.pk]))
    plan = page.locator("textarea[name=phase0_what]")
    plan.fill("Gastspreker van het zorgteam, 20 minuten")
    dialogs = []

    def stay(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", stay)
    page.locator("form[action$='groepen-samenstellen/'] button[type=submit]").first.click()
    page.wait_for_timeout(500)

    assert dialogs == ["beforeunload"]
    expect(plan).to_have_value("Gastspreker van het zorgteam, 20 minuten")

    page.remove_listener("dialog", stay)
    page.locator("textarea[name=phase0_what]").press("Tab")
    plan.evaluate("(el) => el.form.requestSubmit()")
    page.wait_for_load_state()
    expect(page.locator("textarea[name=phase0_what]")).to_have_value(
        "Gastspreker van het zorgteam, 20 minuten"
    )
    page.goto(run_url(demo))  # after saving, leaving asks nothing
    expect(page.locator("#run-state")).to_be_visible()
