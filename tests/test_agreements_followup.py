"""The report's agreements followed up like first steps (seed 004: "Nood aan opvolging
voorafgaand aan de volgende bijeenkomst"): on their owner's dashboard once the report is
published, in the look back at the start of the next meeting, done / not done.

The cast (tests/conftest.py): alice leads the team, bob and dave are in the ontwikkelteam,
carol is a teacher, charlie leads another team. Here bob prepares meeting 2 (whose report
made the agreements) and dave meeting 3 (whose run looks back at them).
"""

from __future__ import annotations

import datetime
import importlib
import json

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from meetings.access import Can
from meetings.models import Agreement, Report
from meetings.services import ensure_run
from meetings.services import reports as report_services
from meetings.services.followup import agreement_owner, agreements_for_dashboard, look_back
from plg.models import Membership, Role
from tests.factories import AgreementFactory, MembershipFactory, ReportFactory
from tests.helpers import dutch

HTMX = {"HX-Request": "true"}


@pytest.fixture
def prepared(meeting2, meetings, bob, dave):
    meeting2.preparers.set([bob])
    meetings[3].preparers.set([dave])
    return meeting2


@pytest.fixture
def report(prepared) -> Report:
    return ReportFactory(meeting=prepared, status=Report.Status.PUBLISHED)


@pytest.fixture
def agreement(report, carol) -> Agreement:
    return AgreementFactory(
        report=report, what="Observatielijst rondsturen", who=carol.get_full_name(), owner=carol
    )


def done_url(team, agreement) -> str:
    return reverse("agreement_done", args=[team.slug, agreement.pk])


def dashboard(client, team):
    return client.get(reverse("team_dashboard", args=[team.slug]))


# --- who it belongs to -------------------------------------------------------------------------


def test_the_owner_is_the_one_member_the_name_names(team, carol, bob):
    assert agreement_owner(team=team, who=carol.get_full_name()) == carol
    assert agreement_owner(team=team, who=f"  {carol.get_full_name().upper()} ") == carol
    assert agreement_owner(team=team, who="Het ontwikkelteam") is None
    assert agreement_owner(team=team, who="") is None
    assert agreement_owner(team=team, who=f"{carol.get_full_name()} en {bob}") is None


def test_a_name_two_members_share_or_a_former_member_names_nobody(team, other_team, carol):
    twin = MembershipFactory(
        team=team, user__first_name=carol.first_name, user__last_name=carol.last_name
    ).user
    assert agreement_owner(team=team, who=carol.get_full_name()) is None
    twin.memberships.update(is_active=False)
    assert agreement_owner(team=team, who=carol.get_full_name()) == carol
    assert agreement_owner(team=other_team, who=carol.get_full_name()) is None


def test_adding_an_agreement_in_the_report_gives_it_its_owner(client, team, report, bob, carol):
    client.force_login(bob)

    response = client.post(
        reverse("agreement_add", args=[team.slug, report.meeting.pk]),
        {"what": "Rooster delen", "who": carol.get_full_name(), "due": ""},
    )

    assert response.status_code == 302
    assert Agreement.objects.get(what="Rooster delen").owner == carol
    report_services.add_agreement(report=report, what="Iets", who="Het ontwikkelteam", due=None)
    assert Agreement.objects.get(what="Iets").owner is None


def test_existing_agreements_get_their_owner_from_the_migration(team, report, carol):
    named = AgreementFactory(report=report, who=carol.get_full_name().lower())
    nobody = AgreementFactory(report=report, who="Het ontwikkelteam")
    migration = importlib.import_module("meetings.migrations.0015_agreement_followed_up")

    migration.owners_from_names(apps, None)

    assert Agreement.objects.get(pk=named.pk).owner == carol
    assert Agreement.objects.get(pk=nobody.pk).owner is None


# --- the dashboard -----------------------------------------------------------------------------


def test_the_owner_finds_it_on_the_dashboard(client, team, agreement, carol, bob):
    client.force_login(carol)

    page = dashboard(client, team).content.decode()

    assert "Observatielijst rondsturen" in page
    assert done_url(team, agreement) in page
    client.force_login(bob)
    assert "Observatielijst rondsturen" not in dashboard(client, team).content.decode()


def test_a_drafts_agreements_are_not_on_the_dashboard_yet(team, agreement, carol):
    Report.objects.filter(pk=agreement.report_id).update(status=Report.Status.DRAFT)

    assert list(agreements_for_dashboard(user=carol, team=team)) == []


def test_a_done_agreement_stays_a_week_to_be_undone(team, agreement, carol):
    now = timezone.now()
    Agreement.objects.filter(pk=agreement.pk).update(done_at=now - datetime.timedelta(days=2))
    assert list(agreements_for_dashboard(user=carol, team=team, now=now)) == [agreement]

    Agreement.objects.filter(pk=agreement.pk).update(done_at=now - datetime.timedelta(days=8))
    assert list(agreements_for_dashboard(user=carol, team=team, now=now)) == []


@pytest.mark.parametrize("size", [1, 12])
def test_dashboard_query_count_does_not_grow_with_agreements(
    client, django_assert_num_queries, team, report, carol, size
):
    for n in range(size):
        AgreementFactory(report=report, what=f"Afspraak {n}", owner=carol)
    client.force_login(carol)
    dashboard(client, team)

    # test_dashboard's count of a teacher's dashboard (agreements included).
    with django_assert_num_queries(11):
        response = dashboard(client, team)

    assert len(response.context["my_agreements"]) == size


# --- marking it done -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("carol", 302),  # the owner
        ("alice", 302),  # the team leader
        ("bob", 302),  # a preparer of the meeting that made it
        ("dave", 302),  # a preparer of the next meeting, whose look back lists it
        ("teacher", 403),
        ("charlie", 404),
    ],
)
def test_who_may_mark_an_agreement_done(client, request, team, agreement, who, status):
    user = (
        MembershipFactory(team=team, role=Role.TEACHER).user
        if who == "teacher"
        else request.getfixturevalue(who)
    )
    client.force_login(user)

    response = client.post(done_url(team, agreement), {"done": "1"})

    assert response.status_code == status
    agreement.refresh_from_db()
    assert (agreement.done_at is not None) is (status == 302)


def test_anonymous_is_sent_to_the_login_page(client, team, agreement):
    response = client.post(done_url(team, agreement), {"done": "1"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    agreement.refresh_from_db()
    assert agreement.done_at is None


def test_a_drafts_agreement_does_not_exist_for_a_reader(client, team, agreement, dave):
    Report.objects.filter(pk=agreement.report_id).update(status=Report.Status.DRAFT)
    client.force_login(dave)

    assert client.post(done_url(team, agreement), {"done": "1"}).status_code == 404


def test_undo_and_a_bad_value(client, team, agreement, carol):
    client.force_login(carol)
    client.post(done_url(team, agreement), {"done": "1"})

    response = client.post(done_url(team, agreement), {"done": "0"}, headers=HTMX)

    agreement.refresh_from_db()
    assert agreement.done_at is None
    assert b"<html" not in response.content
    response = client.post(done_url(team, agreement), {"done": "misschien"}, follow=True)
    assert dutch("Say whether the agreement is done or not.") in response.content.decode()


def test_the_report_page_says_which_agreements_are_done(client, team, agreement, carol):
    Agreement.objects.filter(pk=agreement.pk).update(done_at=timezone.now())
    client.force_login(carol)

    page = client.get(reverse("report_detail", args=[team.slug, agreement.report.meeting.pk]))

    assert 'class="agreement-done"' in page.content.decode()


# --- the look back at the next meeting ---------------------------------------------------------


def test_the_look_back_holds_the_reports_agreements(team, meetings, agreement, dave):
    membership = Membership.objects.get(user=dave, team=team)

    back = look_back(meetings[3], can=Can(membership))

    assert back.agreements == [agreement]
    assert back.agreements_done_count == 0


def test_a_drafts_agreements_stay_out_of_anothers_look_back(team, meetings, agreement, dave, bob):
    Report.objects.filter(pk=agreement.report_id).update(status=Report.Status.DRAFT)

    dave_sees = look_back(meetings[3], can=Can(Membership.objects.get(user=dave, team=team)))
    bob_sees = look_back(meetings[3], can=Can(Membership.objects.get(user=bob, team=team)))

    assert dave_sees.agreements == []
    assert bob_sees.agreements == [agreement]  # he wrote it


def test_the_run_view_looks_back_at_the_agreements(client, team, meetings, agreement, dave):
    ensure_run(meeting=meetings[3])
    client.force_login(dave)

    content = client.get(reverse("meeting_run", args=[team.slug, meetings[3].pk])).content.decode()

    assert "Observatielijst rondsturen" in content
    assert agreement.who in content
    assert done_url(team, agreement) in content


@pytest.mark.parametrize("size", [2, 12])
def test_run_view_query_count_does_not_grow_with_agreements(
    client, django_assert_num_queries, team, meetings, report, dave, size
):
    for n in range(size):
        owner = MembershipFactory(team=team, role=Role.TEACHER).user
        AgreementFactory(report=report, what=f"Afspraak {n}", who=str(owner), owner=owner)
    ensure_run(meeting=meetings[3])
    client.force_login(dave)
    url = reverse("meeting_run", args=[team.slug, meetings[3].pk])
    client.get(url)

    # test_followup's count of the run view, plus the agreements of the report.
    with django_assert_num_queries(13):
        response = client.get(url)

    assert len(response.context["look_back"].agreements) == size


# --- privacy -----------------------------------------------------------------------------------


def test_the_privacy_export_holds_the_own_agreements(client, agreement, carol):
    client.force_login(carol)

    data = json.loads(client.get(reverse("my_data_download")).content)

    rows = data["data"]["meetings.Agreement"]["owner"]
    assert [row["what"] for row in rows] == ["Observatielijst rondsturen"]
