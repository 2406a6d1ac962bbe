"""Absence reasons are health data ("Ziek") and the run page is often on the beamer (issue 14,
found 3): the reason is for the team leader and the person themselves; the other preparer
sees only that the person is excused (afgemeld)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from meetings.access import Can, may_read_absence_reason
from meetings.services import attendance

PAGES = ["meeting_detail", "meeting_prepare", "meeting_run"]
REASON = "Ziek, ligt in het ziekenhuis"


@pytest.fixture
def excused(meeting, alice, dave):
    """Dave, one of the meeting's two preparers, is excused with a health reason."""
    return attendance.excuse(meeting=meeting, user=dave, reason=REASON, by=alice)


def page(client, user, name, meeting) -> str:
    client.force_login(user)
    response = client.get(reverse(name, args=[meeting.school_year.team.slug, meeting.pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("name", PAGES)
def test_the_other_preparer_sees_only_that_the_person_is_excused(
    client, meeting, excused, bob, name
):
    html = page(client, bob, name, meeting)
    assert "Dave" in html
    assert "Ziek" not in html


@pytest.mark.parametrize("name", PAGES)
def test_the_team_leader_sees_the_reason(client, meeting, excused, alice, name):
    assert REASON in page(client, alice, name, meeting)


@pytest.mark.parametrize("name", PAGES)
def test_the_person_themselves_sees_their_own_reason(client, meeting, excused, dave, name):
    assert REASON in page(client, dave, name, meeting)


def test_the_rule(team, meeting, excused, alice, bob, carol, dave):
    memberships = {m.user: m for m in team.memberships.all()}
    assert may_read_absence_reason(memberships[alice], excused)
    assert may_read_absence_reason(memberships[dave], excused)
    assert not may_read_absence_reason(memberships[bob], excused)
    assert not may_read_absence_reason(memberships[carol], excused)
    assert Can(memberships[bob]).read_absence_reason(excused) is False
