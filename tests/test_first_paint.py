"""The first paint (issue 10 item 6): a page loads htmx only when it has htmx attributes, and
the small icon subset instead of the full Bootstrap Icons. The browser tour checks the same on
every main page (tests/e2e/first_paint.py); sizes: README, "Running in production"."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

HTMX_ATTRIBUTE = re.compile(r"\shx-(?:get|post|put|patch|delete|trigger|boost)=")
HTMX_SCRIPT = re.compile(r'<script src="[^"]*htmx[^"]*\.js"')


def uses_htmx(html: str) -> bool:
    return bool(HTMX_ATTRIBUTE.search(html))


def loads_htmx(html: str) -> bool:
    return bool(HTMX_SCRIPT.search(html))


@pytest.fixture
def pages(team, year, meeting, alice, carol):
    return {
        "login": (None, reverse("login")),
        "privacy": (None, reverse("privacy")),
        "dashboard": (carol, reverse("team_dashboard", args=[team.slug])),
        "members": (alice, reverse("members", args=[team.slug])),
        "planner": (alice, reverse("planner", args=[team.slug, year.pk])),
        "meeting": (carol, reverse("meeting_detail", args=[team.slug, meeting.pk])),
        "themes": (carol, reverse("themes", args=[team.slug])),
        "mail preferences": (carol, reverse("mail_preferences")),
    }


def test_a_page_loads_htmx_exactly_when_it_uses_it(client, pages):
    seen = {}
    for name, (person, url) in pages.items():
        if person:
            client.force_login(person)
        else:
            client.logout()
        response = client.get(url)
        assert response.status_code == 200, name
        html = response.content.decode()
        seen[name] = (uses_htmx(html), loads_htmx(html))

    assert {name: used for name, (used, loaded) in seen.items() if used != loaded} == {}
    assert seen["login"] == (False, False)
    assert seen["members"] == (True, True)


def test_the_dashboard_loads_htmx_only_with_a_first_step_to_tick(client, carol, team, step):
    client.force_login(carol)
    url = reverse("team_dashboard", args=[team.slug])

    with_step = client.get(url).content.decode()
    step.delete()
    without = client.get(url).content.decode()

    assert (uses_htmx(with_step), loads_htmx(with_step)) == (True, True)
    assert (uses_htmx(without), loads_htmx(without)) == (False, False)


def test_scripts_never_block_the_first_paint(client, carol, team):
    client.force_login(carol)
    html = client.get(reverse("team_dashboard", args=[team.slug])).content.decode()

    scripts = re.findall(r"<script[^>]*>", html)
    assert scripts
    assert [s for s in scripts if " defer" not in s and " async" not in s] == []


def test_pages_load_the_icon_subset(client, carol, team):
    client.force_login(carol)
    html = client.get(reverse("team_dashboard", args=[team.slug])).content.decode()

    assert "vendor/bootstrap-icons/plg-icons.css" in html
    assert "bootstrap-icons.min.css" not in html
