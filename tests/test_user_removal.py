"""Removing a person's account (issue 14): nothing that refers to them may stop the removal,
and the meetings they took part in keep their pages, with "(verwijderd)" where their name was.

The cast (tests/conftest.py): bob and dave prepare meeting 3, alice is the team leader,
carol a teacher.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from meetings import services
from meetings.models import GroupNote, Meeting, Report, SmallGroup
from meetings.services import reports as report_services
from tests.factories import CaseFactory, FirstStepFactory, GroupNoteFactory, SmallGroupFactory


@pytest.fixture
def bobs_meeting(meeting: Meeting, bob, carol, alice) -> Meeting:
    """Meeting 3, prepared by bob, who led group 1, wrote its notes, brought in its case and
    owns a first step; closed, with its report published."""
    case = CaseFactory(team=meeting.school_year.team, meeting=meeting, owner=bob, may_quote=True)
    group = SmallGroupFactory(meeting=meeting, number=1, leader=bob, members=[carol], case=case)
    GroupNoteFactory(group=group, phase=3, text="Rust komt van duidelijke regels.", updated_by=bob)
    FirstStepFactory(group=group, owner=carol, what="Regels op het bord")
    services.ensure_run(meeting=meeting)
    report = services.close_meeting(meeting=meeting)
    report_services.publish_report(report=report, by=bob)
    return meeting


def test_a_person_who_led_groups_wrote_notes_and_prepared_meetings_can_be_removed(
    bobs_meeting, bob
):
    bob.delete()

    group = SmallGroup.objects.get(meeting=bobs_meeting, number=1)
    assert group.leader is None
    assert GroupNote.objects.get(group=group).text == "Rust komt van duidelijke regels."
    assert Report.objects.get(meeting=bobs_meeting).status == Report.Status.PUBLISHED


@pytest.mark.parametrize(
    "name",
    ["meeting_detail", "meeting_prepare", "meeting_run", "report_detail", "report_edit"],
)
def test_the_meeting_pages_still_render_after_the_removal(
    client, team, bobs_meeting, bob, dave, name
):
    bob.delete()
    client.force_login(dave)

    response = client.get(reverse(name, args=[team.slug, bobs_meeting.pk]))

    assert response.status_code == 200


def test_the_group_page_says_its_leader_was_removed(client, team, bobs_meeting, bob, dave):
    group = SmallGroup.objects.get(meeting=bobs_meeting, number=1)
    bob.delete()
    client.force_login(dave)

    response = client.get(reverse("group_detail", args=[team.slug, group.pk]))

    assert response.status_code == 200
    assert "(verwijderd)" in response.content.decode()


def test_a_report_drafted_after_the_removal_names_the_leader_as_removed(meeting, bob, carol):
    group = SmallGroupFactory(meeting=meeting, number=1, leader=bob, members=[carol])
    GroupNoteFactory(group=group, phase=4, text="We zagen het nu pas.")
    bob.delete()

    report = services.close_meeting(meeting=meeting)

    assert "Groep 1 (geleid door (verwijderd))" in report.text
