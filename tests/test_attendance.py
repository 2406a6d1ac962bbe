"""Attendance as users see it (issue 9): a past meeting's report keeps who was expected
and who was there when the team changes later, and the report, its PDF, the year bundle,
the year review and the dashboard's "Mijn aanwezigheid" say the same thing.

Written against the pages and services only, so they ran on the code before the fix too
(where they failed)."""

from __future__ import annotations

import datetime
import io

import pypdf
import pytest
from django.urls import reverse
from django.utils import timezone

from meetings import services
from meetings.access import Can
from meetings.services import reports as report_services
from meetings.services.year_review import build_year_review
from plg import services as plg_services
from plg.models import Membership, Role
from tests.factories import MembershipFactory

#: Meetings 1 and 2 (6 October 2026) have taken place, 3 is next.
TODAY = datetime.date(2026, 11, 2)


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    return TODAY


@pytest.fixture
def meeting(year, alice, bob, dave, carol):
    """Meeting 2: expected are bob, dave and carol (the team leader attends 1 and 6)."""
    meeting = year.meetings.get(number=2)
    meeting.preparers.set([bob, dave])
    return meeting


def close_and_publish(meeting, by):
    report = services.close_meeting(meeting=meeting)
    report_services.publish_report(report=report, by=by)
    return report


def report_page(client, meeting, user) -> str:
    client.force_login(user)
    team = meeting.school_year.team
    response = client.get(reverse("report_detail", args=[team.slug, meeting.pk]))
    assert response.status_code == 200
    return response.content.decode()


def bundle_text(client, year, user) -> str:
    client.force_login(user)
    response = client.get(reverse("year_bundle", args=[year.team.slug, year.pk]))
    assert response.status_code == 200
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def my_attendance(client, team, user) -> dict[int, str]:
    client.force_login(user)
    response = client.get(reverse("team_dashboard", args=[team.slug]))
    return {row.meeting.number: row.status for row in response.context["my_attendance"]}


def review_counts(year, user, number) -> tuple[int, int, bool]:
    membership = Membership.objects.get(user=user, team=year.team)
    summary = next(
        s
        for s in build_year_review(year=year, can=Can(membership)).meetings
        if s.meeting.number == number
    )
    return summary.present, summary.expected, summary.attendance_recorded


def add_four_members(team, by):
    for n in range(4):
        plg_services.add_member(
            team=team, email=f"nieuw{n}@school.test", first_name=f"Nieuw{n}", last_name="Lid", by=by
        )


# --- a past meeting keeps its people --------------------------------------------------------------


def test_report_of_a_closed_meeting_does_not_change_when_the_team_changes_later(
    client, team, year, meeting, alice, bob, dave, carol
):
    services.set_attendance(meeting=meeting, present={bob.pk, carol.pk})  # dave was not there
    close_and_publish(meeting, bob)
    assert "2 van 3 aanwezig (1 afwezig)" in report_page(client, meeting, carol)

    add_four_members(team, alice)
    MembershipFactory(team=team, role=Role.TEACHER)  # also when added without the members page
    Membership.objects.get(user=dave, team=team).deactivate(by=alice)

    assert "2 van 3 aanwezig (1 afwezig)" in report_page(client, meeting, carol)
    assert "2 van 3 aanwezig (1 afwezig)" in bundle_text(client, year, carol)
    assert review_counts(year, carol, 2) == (2, 3, True)


def test_year_bundle_shows_who_was_expected_at_each_meeting_not_todays_team(
    client, team, year, meeting, alice, bob, dave, carol
):
    first = year.meetings.get(number=1)
    first.preparers.set([bob, dave])
    services.set_attendance(meeting=first, present={alice.pk, bob.pk, dave.pk, carol.pk})
    close_and_publish(first, bob)
    services.set_attendance(meeting=meeting, present={bob.pk, carol.pk})
    close_and_publish(meeting, bob)

    add_four_members(team, alice)

    text = bundle_text(client, year, alice)
    assert "4 van 4 aanwezig" in text  # meeting 1: the team leader and three members
    assert "2 van 3 aanwezig (1 afwezig)" in text
    assert "8 van 8" not in text and "6 van 7" not in text


def test_a_past_meeting_is_not_asked_of_people_who_joined_after_it(
    client, team, year, meeting, alice, bob, dave, carol
):
    services.set_attendance(meeting=meeting, present={bob.pk, carol.pk})  # never closed

    add_four_members(team, alice)

    newcomer = Membership.objects.get(user__email="nieuw0@school.test").user
    meeting.refresh_from_db()
    assert services.running.expected_people(meeting) == [bob, carol, dave]
    assert my_attendance(client, team, newcomer) == {}
    assert review_counts(year, alice, 2) == (2, 3, True)


# --- every page says the same ---------------------------------------------------------------------


def test_without_an_attendance_check_every_page_says_not_recorded(
    client, team, year, meeting, alice, bob, dave, carol
):
    client.force_login(alice)
    response = client.post(
        reverse("absence_add", args=[team.slug, meeting.pk]), {"user": carol.pk, "reason": "Ziek"}
    )
    assert response.status_code == 302
    close_and_publish(meeting, bob)

    page = report_page(client, meeting, dave)
    assert "niet vastgelegd (1 afwezig)" in page
    assert "van 3 aanwezig" not in page
    assert my_attendance(client, team, dave)[2] not in ("present", "absent", "excused")
    assert my_attendance(client, team, carol)[2] == "excused"
    assert review_counts(year, alice, 2)[2] is False


def test_after_the_check_report_dashboard_and_year_review_agree(
    client, team, year, meeting, alice, bob, dave, carol
):
    client.force_login(alice)
    client.post(
        reverse("absence_add", args=[team.slug, meeting.pk]), {"user": carol.pk, "reason": "Ziek"}
    )
    services.set_attendance(meeting=meeting, present={bob.pk})
    close_and_publish(meeting, bob)

    assert "1 van 3 aanwezig (2 afwezig)" in report_page(client, meeting, dave)
    assert review_counts(year, alice, 2) == (1, 3, True)
    statuses = {who.first_name: my_attendance(client, team, who)[2] for who in (bob, dave, carol)}
    assert statuses == {"Bob": "present", "Dave": "absent", "Carol": "excused"}
