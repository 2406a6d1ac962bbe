"""Jaartaak hours on the pages: the team leader's overview and its CSV and XLSX exports,
each member's own page and evidence PDF, the norms in the team settings, who may open
what, and a fixed number of queries however large the team."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

import pypdf
import pytest
from django.urls import reverse
from openpyxl import load_workbook

from plg.models import Membership, Role
from tests.factories import (
    AttendanceFactory,
    CaseFactory,
    FirstStepFactory,
    MembershipFactory,
    SmallGroupFactory,
)
from tests.helpers import FIRST_DAY_2026, dutch
from tests.test_query_counts import LARGE, SMALL, _populate

SIZES = [pytest.param(SMALL, id="small"), pytest.param(LARGE, id="large")]


@pytest.fixture
def cycle(team, year, meetings, alice, bob, dave, carol):
    """Everyone a member since before the year; bob prepares meetings 2 and 3 and was at
    meetings 1–3, carol was at 1 and 3 and excused at 2, dave absent without notice at 1."""
    Membership.objects.filter(team=team).update(started_on=FIRST_DAY_2026)
    meetings[2].preparers.set([bob, dave])
    meetings[3].preparers.set([bob, dave])
    for number in (1, 2, 3):
        AttendanceFactory(meeting=meetings[number], user=bob, status="present")
    AttendanceFactory(meeting=meetings[1], user=carol, status="present")
    AttendanceFactory(meeting=meetings[2], user=carol, status="excused", reason="Ziek")
    AttendanceFactory(meeting=meetings[3], user=carol, status="present")
    AttendanceFactory(meeting=meetings[1], user=dave, status="absent")
    return meetings


def _url(name, team, year):
    return reverse(name, args=[team.slug, year.pk])


def test_overview_shows_planned_realised_and_difference(
    client, team, year, alice, bob, carol, cycle
):
    client.force_login(alice)

    response = client.get(_url("hours_overview", team, year))

    rows = {row.user: row.hours for row in response.context["rows"]}
    assert rows[carol].planned == Decimal("15.00")
    assert rows[carol].realised == Decimal("5.00")
    assert rows[carol].difference == Decimal("-10.00")
    assert rows[bob].planned == Decimal("20.00")
    assert rows[bob].realised_participation == Decimal("7.50")
    assert rows[carol].meetings_attended == 2
    assert dutch("Jaartaak hours") in response.content.decode()


def test_csv_export_opens_with_the_csv_module(client, team, year, alice, carol, cycle):
    client.force_login(alice)

    response = client.get(_url("hours_csv", team, year))

    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][0] == dutch("Name")
    by_email = {row[1]: row for row in rows[1:]}
    carols = by_email[carol.email]
    assert carols[7] == "15,00"  # planned total
    assert carols[10] == "5,00"  # realised total
    assert carols[11] == "-10,00"  # difference
    assert len(rows) == 1 + Membership.objects.filter(team=team).count()


def test_xlsx_export_opens_with_openpyxl(client, team, year, alice, bob, carol, cycle):
    client.force_login(alice)

    response = client.get(_url("hours_xlsx", team, year))

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    assert header[0] == dutch("Name")
    rows = {row[1]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows[carol.email][header.index(dutch("Realised total"))] == 5
    assert rows[bob.email][header.index(dutch("Planned total"))] == 20
    assert rows[carol.email][header.index(dutch("Difference"))] == -10


def test_team_norms_from_the_settings_change_the_planned_hours(
    client, team, year, alice, carol, cycle
):
    team.hours_member_participation = 10
    team.save()
    client.force_login(alice)

    response = client.get(_url("hours_overview", team, year))

    rows = {row.user: row.hours for row in response.context["rows"]}
    assert rows[carol].planned == Decimal("10.00")


def test_team_settings_form_saves_the_norms(client, team, alice):
    client.force_login(alice)
    data = {
        "name": team.name,
        "school": "",
        "region": team.region,
        "default_weekday": team.default_weekday,
        "default_start_time": "14:30",
        "default_room": "",
        "hours_developer_preparation": 6,
        "hours_developer_participation": 14,
        "hours_member_participation": 12,
        "case_retention_years": team.case_retention_years,
        "evaluation_open_hours": team.evaluation_open_hours,
    }

    client.post(reverse("team_settings", args=[team.slug]), data)

    team.refresh_from_db()
    assert (team.hours_developer_preparation, team.hours_member_participation) == (6, 12)


def test_member_who_joined_mid_year_is_planned_pro_rata(client, team, year, alice, cycle):
    newcomer = MembershipFactory(team=team, started_on=datetime.date(2027, 1, 1))
    client.force_login(alice)

    response = client.get(_url("hours_overview", team, year))

    rows = {row.user: row.hours for row in response.context["rows"]}
    within = sum(1 for m in cycle.values() if m.date >= newcomer.started_on)
    assert rows[newcomer.user].meetings_in_membership == within
    assert rows[newcomer.user].planned == (Decimal(15) * within / 6).quantize(Decimal("0.01"))


def test_my_hours_page_shows_the_evidence(client, team, year, bob, carol, cycle):
    group = SmallGroupFactory(meeting=cycle[3], number=1, leader=bob, members=[carol])
    CaseFactory(
        team=team,
        meeting=cycle[3],
        owner=carol,
        title="Stille leerling in klas 2B",
        situation="Geheim verhaal",
    )
    FirstStepFactory(group=group, owner=carol, what="Mentorgesprek plannen")
    client.force_login(carol)

    page = client.get(_url("my_hours", team, year)).content.decode()

    assert "Stille leerling in klas 2B" in page
    assert "Geheim verhaal" not in page  # titles only
    assert "Mentorgesprek plannen" in page
    assert _url("my_hours_pdf", team, year) in page
    client.force_login(bob)
    bobs = client.get(_url("my_hours", team, year)).content.decode()
    assert dutch("Preparer of meeting") in bobs
    assert dutch("Group leader of group %(group)s in meeting %(number)s", group=1, number=3) in bobs


def test_evidence_pdf_renders_the_meetings_attended(client, team, year, carol, cycle):
    CaseFactory(team=team, meeting=cycle[3], owner=carol, title="Stille leerling")
    client.force_login(carol)

    response = client.get(_url("my_hours_pdf", team, year))

    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert f"{dutch('Meeting')} 1" in text
    assert f"{dutch('Meeting')} 3" in text
    assert "Stille leerling" in text
    assert "15.00" in text or "15,00" in text


@pytest.mark.parametrize(
    ("name", "role", "status"),
    [
        ("hours_overview", "alice", 200),
        ("hours_overview", "bob", 403),
        ("hours_overview", "carol", 403),
        ("hours_overview", "charlie", 404),
        ("hours_csv", "alice", 200),
        ("hours_csv", "carol", 403),
        ("hours_csv", "charlie", 404),
        ("hours_xlsx", "alice", 200),
        ("hours_xlsx", "bob", 403),
        ("hours_xlsx", "charlie", 404),
        ("my_hours", "alice", 200),
        ("my_hours", "bob", 200),
        ("my_hours", "carol", 200),
        ("my_hours", "charlie", 404),
        ("my_hours_pdf", "charlie", 404),
    ],
)
def test_hours_pages_answer_each_role(client, request, team, year, name, role, status):
    (
        request.getfixturevalue("alice"),
        request.getfixturevalue("bob"),
        request.getfixturevalue("carol"),
    )
    client.force_login(request.getfixturevalue(role))

    assert client.get(_url(name, team, year)).status_code == status


def test_another_teams_year_is_404_under_ones_own_team(client, team, alice, other_year):
    client.force_login(alice)

    for name in ("hours_overview", "hours_csv", "my_hours", "attendance_overview"):
        assert client.get(_url(name, team, other_year)).status_code == 404


def test_my_evidence_shows_only_my_own_cases(client, team, year, bob, carol, cycle):
    CaseFactory(team=team, meeting=cycle[3], owner=carol, title="Carols casus")
    client.force_login(bob)  # prepares meeting 3, so reads carol's case elsewhere

    assert "Carols casus" not in client.get(_url("my_hours", team, year)).content.decode()


# --- queries ------------------------------------------------------------------------------------


def _with_attendance(team, leader, size):
    year = _populate(team, leader, size)
    members = list(Membership.objects.filter(team=team, is_active=True).exclude(user=leader))
    for meeting in year.meetings.all()[:3]:
        for n, m in enumerate(members):
            AttendanceFactory(
                meeting=meeting, user=m.user, status=("present", "excused", "absent")[n % 3]
            )
    return year


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(
    ("name", "queries"),
    [("hours_overview", 9), ("hours_csv", 9), ("attendance_overview", 7), ("absence_requests", 5)],
)
def test_overview_query_count_is_constant(
    client, django_assert_num_queries, team, alice, size, name, queries
):
    year = _with_attendance(team, alice, size)
    client.force_login(alice)
    args = [team.slug] if name == "absence_requests" else [team.slug, year.pk]
    url = reverse(name, args=args)
    client.get(url)

    with django_assert_num_queries(queries):
        response = client.get(url)

    assert response.status_code == 200


@pytest.mark.parametrize("size", SIZES)
def test_my_hours_query_count_is_constant(client, django_assert_num_queries, team, alice, size):
    year = _with_attendance(team, alice, size)
    user = Membership.objects.filter(team=team, role=Role.DEVELOPER, is_active=True).first().user
    client.force_login(user)
    url = _url("my_hours", team, year)
    client.get(url)

    # 13, plus the member's learning question (issue 13).
    with django_assert_num_queries(12):
        response = client.get(url)

    assert response.status_code == 200
