"""Autosave, written once (meetings/autosave.py, meetings/services/autosave.py): the group
notes and the report answer the browser's script the same way, and the status texts the
script shows come from one source, in Dutch.

The cast (tests/conftest.py): bob leads the group and prepares meeting 3 with dave.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from meetings import autosave, services
from meetings.models import Report, SmallGroup
from tests.factories import SmallGroupFactory
from tests.helpers import dutch

JSON = {"Accept": "application/json"}
ROOT = Path(settings.BASE_DIR)
BLOCK = re.compile(r'<script id="autosave-messages" type="application/json">(.*?)</script>', re.S)


def english(message) -> str:
    with translation.override("en"):
        return str(message)


@pytest.fixture
def group(meeting, bob) -> SmallGroup:
    """Bob's group on the shared meeting 3 (not the shared `group` of meeting 2)."""
    return SmallGroupFactory(meeting=meeting, number=1, leader=bob)


@pytest.fixture
def report(group, meeting) -> Report:
    return services.close_meeting(meeting=meeting)


def _note_url(group: SmallGroup) -> str:
    team = group.meeting.school_year.team
    return reverse("group_note_save", args=[team.slug, group.pk, 2])


def _report_url(report: Report) -> str:
    team = report.meeting.school_year.team
    return reverse("report_field_save", args=[team.slug, report.meeting.pk, "conclusies"])


@pytest.mark.parametrize("endpoint", ["note", "report"])
def test_both_endpoints_answer_a_stale_version_with_the_same_409(
    client, group, report, bob, dave, endpoint
):
    url = _note_url(group) if endpoint == "note" else _report_url(report)
    client.force_login(bob)
    client.post(url, {"text": "Tekst van Bob", "version": 0}, headers=JSON)
    client.force_login(dave)

    response = client.post(url, {"text": "Tekst van Dave", "version": 0}, headers=JSON)

    body = response.json()
    assert response.status_code == 409
    assert set(body) == {"conflict", "version", "text", "updated_by", "saved_at"}
    assert (body["conflict"], body["version"], body["text"]) == (True, 1, "Tekst van Bob")
    assert isinstance(body["updated_by"], str)
    assert re.fullmatch(r"\d\d:\d\d:\d\d", body["saved_at"])


@pytest.mark.parametrize(("page", "kind"), [("group_detail", "note"), ("report_edit", "text")])
def test_the_page_carries_the_status_texts_in_dutch_once(client, group, report, bob, page, kind):
    client.force_login(bob)
    team = group.meeting.school_year.team
    pk = group.pk if page == "group_detail" else report.meeting.pk

    content = client.get(reverse(page, args=[team.slug, pk])).content.decode()

    blocks = BLOCK.findall(content)
    assert len(blocks) == 1
    shown = json.loads(html.unescape(blocks[0]))
    expected = {name: dutch(text) for name, text in autosave.MESSAGES[kind].items()}
    assert shown == expected
    assert shown["saving"] == "Bezig met opslaan…"
    assert shown["conflict"].startswith("Niet opgeslagen: deze")
    for name, text in autosave.MESSAGES[kind].items():
        assert shown[name] != english(text), f"{name} is not translated"


def test_the_script_and_templates_do_not_write_the_status_texts_themselves():
    sources = [ROOT / "static" / "js" / "autosave.js", *ROOT.glob("templates/**/*.html")]
    texts = {
        variant
        for kind in autosave.MESSAGES.values()
        for text in kind.values()
        for variant in (english(text), dutch(text))
    }
    for path in sources:
        source = path.read_text(encoding="utf-8")
        for text in texts:
            assert text not in source, f"{path.relative_to(ROOT)} repeats {text!r}"


def test_a_plain_post_conflict_shows_the_dutch_conflict_text(client, report, bob, dave):
    url = _report_url(report)
    client.force_login(bob)
    client.post(url, {"text": "Tekst van Bob", "version": 0}, headers=JSON)
    client.force_login(dave)

    response = client.post(url, {"text": "Tekst van Dave", "version": 0})

    assert response.status_code == 409
    expected = dutch(autosave.MESSAGES["text"]["conflict"])
    assert html.escape(expected) in response.content.decode()
