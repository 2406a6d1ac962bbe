"""Issue 12 item 5 in the browser: a teacher finds their group on the phone, a group leader
who does not prepare the meeting reaches the group page from the dashboard, the projector
shows the 8 groups of a team of 60 at the start of phase 1 on one 1920×1080 screen, and the
phase 0 plan is on the run view and the projector."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from meetings import services
from meetings.services.attendance import expected_people
from plg.models import Role
from tests.e2e.conftest import DEMO_PASSWORD, LAPTOP, PHONE, PROJECTOR, login
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db(transaction=True)

#: Long Dutch names, so the test sees what a real team's names do to the layout.
LONG_NAMES = [
    ("Anne-Marieke", "van den Heuvel-Verhoeven"),
    ("Mohammed", "El Bouazzaoui"),
    ("Geertruida", "Schoonderwoerd"),
    ("Christiaan", "van Oldenbarnevelt"),
]


def _team_of(demo, size, leaders):
    """Grow the demo team to `size` people expected at meeting 3, `leaders` of them in the
    ontwikkelteam (the group leaders)."""
    developers = demo.team.memberships.filter(role=Role.DEVELOPER).count()
    for n in range(leaders - developers):
        first, last = LONG_NAMES[n % len(LONG_NAMES)]
        MembershipFactory(
            team=demo.team, role=Role.DEVELOPER, user__first_name=first, user__last_name=last
        )
    for n in range(size - len(expected_people(demo.meeting))):
        first, last = LONG_NAMES[n % len(LONG_NAMES)]
        MembershipFactory(team=demo.team, user__first_name=first, user__last_name=last)
    assert len(expected_people(demo.meeting)) == size


def test_the_projector_shows_8_groups_of_60_people_at_the_start_of_phase_1(new_page, demo):
    _team_of(demo, 60, leaders=8)
    demo.run_at(1)  # phase 1: everyone goes to their group
    projector = new_page(PROJECTOR)
    projector.goto(demo.projector_url())

    groups = projector.locator(".projector-group")
    expect(groups).to_have_count(8)
    people = projector.locator(".projector-group-leader, .projector-group-members li")
    expect(people).to_have_count(60)
    assert projector.evaluate("document.scrollingElement.scrollHeight") <= PROJECTOR["height"]
    for i in range(8):
        box = groups.nth(i).bounding_box()
        assert box["y"] + box["height"] <= PROJECTOR["height"], f"group {i + 1} is cut off"
        assert box["x"] + box["width"] <= PROJECTOR["width"]
    # Readable from the back of the room: names of at least 20 px, none cut off.
    sizes = people.evaluate_all(
        "(els) => els.map((el) => parseFloat(getComputedStyle(el).fontSize))"
    )
    assert min(sizes) >= 20
    assert people.evaluate_all("(els) => els.every((el) => el.scrollWidth <= el.clientWidth + 1)")
    timer = projector.locator(".projector-timer").bounding_box()
    assert timer["y"] + timer["height"] <= PROJECTOR["height"]

    demo.run_at(2)  # phase 2: the groups make way for the questions again
    expect(groups).to_have_count(0)
    expect(projector.locator(".projector-questions")).to_be_visible()


def test_a_teacher_finds_their_group_on_the_phone(new_page, demo):
    demo.compose()
    services.publish_groups(meeting=demo.meeting, publish=True)
    group = demo.meeting.groups.get(members=demo.teacher)
    page = new_page(PHONE)
    login(page, demo.teacher, DEMO_PASSWORD)
    page.goto(reverse("team_dashboard", args=[demo.team.slug]))

    card = page.locator(".my-group")
    expect(card).to_contain_text(f"Jouw gespreksgroep: Groep {group.number}")
    expect(card).to_contain_text(group.leader.get_full_name())
    expect(card).to_contain_text(demo.meeting.room)
    expect(card.locator("a")).to_have_count(0)  # the group page is for its leader
    assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]


def test_a_group_leader_who_does_not_prepare_opens_the_group_page_from_the_dashboard(
    new_page, demo
):
    demo.run_at(0)  # the meeting has started: no publishing needed
    page = new_page(LAPTOP)
    login(page, demo.developer, DEMO_PASSWORD)
    page.goto(reverse("team_dashboard", args=[demo.team.slug]))

    page.get_by_role("link", name="Naar de pagina van je groep").click()
    page.wait_for_load_state()

    group = demo.meeting.groups.get(leader=demo.developer)
    assert page.url.endswith(reverse("group_detail", args=[demo.team.slug, group.pk]))


def test_the_phase_0_plan_is_on_the_run_view_and_the_projector(new_page, demo):
    run = demo.compose()
    run.phase0_format = "guest_speaker"
    run.phase0_who = "Wijkagent Karim de Boer"
    run.phase0_what = "Wat zien wij van pesten buiten de school?"
    run.phase0_links = "https://example.org/pesten-in-het-mbo"
    run.save()
    demo.run_at(0)
    laptop = new_page(LAPTOP)
    login(laptop, demo.preparer, DEMO_PASSWORD)
    laptop.goto(reverse("meeting_run", args=[demo.team.slug, demo.meeting.pk]))
    projector = new_page(PROJECTOR)
    projector.goto(demo.projector_url())

    plan = laptop.locator(".phase0-plan")
    expect(plan).to_contain_text("Wijkagent Karim de Boer")
    expect(plan.get_by_role("link")).to_have_attribute(
        "href", "https://example.org/pesten-in-het-mbo"
    )
    expect(projector.locator(".projector-plan")).to_contain_text("Gastspreker: Wijkagent Karim")
    expect(projector.locator(".projector-plan")).to_contain_text("pesten buiten de school")
