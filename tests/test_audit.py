"""The audit log: who read, changed, exported or deleted a case or report, logins (and failed
ones) and refused access, kept as metadata only, shown to the team leader on the Logboek page
and removed after its own retention period (plg/audit.py, `manage.py purge_audit`)."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from meetings.models import Case, Report
from plg.audit import truncated_ip
from plg.models import AuditEntry
from tests.factories import (
    TEST_PASSWORD,
    AuditEntryFactory,
    CaseFactory,
    MembershipFactory,
    ReportFactory,
)
from tests.helpers import dutch

Action = AuditEntry.Action


def _login(client, user) -> None:
    """Log in and forget that login's own entry, so a test sees what the page logged."""
    client.force_login(user)
    AuditEntry.objects.filter(action=Action.LOGIN).delete()


def _only_entry(**filters) -> AuditEntry:
    entries = list(AuditEntry.objects.filter(**filters))
    assert len(entries) == 1, entries
    return entries[0]


@pytest.fixture
def case(meeting, carol):
    return CaseFactory(
        meeting=meeting,
        owner=carol,
        title="Stille leerling",
        situation="Een leerling zegt niets meer in de les.",
        question="Hoe krijg ik contact?",
    )


# --- cases -------------------------------------------------------------------------------------


def test_reading_a_case_is_logged_for_its_team_without_its_text(client, team, case, bob):
    client.force_login(bob)  # a preparer of the case's meeting

    response = client.get(reverse("case_detail", args=[team.slug, case.pk]))

    assert response.status_code == 200
    entry = _only_entry(action=Action.READ)
    assert (entry.actor, entry.team, entry.object_type, entry.object_id) == (
        bob,
        team,
        "case",
        case.pk,
    )
    stored = " ".join(str(v) for row in AuditEntry.objects.values_list() for v in row)
    for text in (case.title, case.situation, case.question):
        assert text not in stored


def test_the_preparers_list_logs_a_read_of_every_case_it_shows(client, team, meeting, bob, carol):
    cases = [CaseFactory(meeting=meeting, owner=carol, title=f"Casus {n}") for n in range(3)]
    _login(client, bob)

    response = client.get(reverse("meeting_cases", args=[team.slug, meeting.pk]))

    assert response.status_code == 200
    reads = AuditEntry.objects.filter(action=Action.READ, actor=bob, team=team)
    assert sorted(reads.values_list("object_id", flat=True)) == sorted(c.pk for c in cases)


def test_changing_a_case_is_logged(client, team, case, carol, meeting):
    client.force_login(carol)

    response = client.post(
        reverse("case_edit", args=[team.slug, case.pk]),
        {"title": "Stille leerling", "meeting": meeting.pk, "situation": "Anders", "question": ""},
    )

    assert response.status_code == 302
    entry = _only_entry(action=Action.CHANGE)
    assert (entry.actor, entry.object_type, entry.object_id) == (carol, "case", case.pk)


def test_withdrawing_a_case_logs_its_deletion_with_its_id(client, team, case, carol):
    _login(client, carol)
    pk = case.pk

    client.post(reverse("case_withdraw", args=[team.slug, pk]))

    assert not Case.objects.filter(pk=pk).exists()
    entry = _only_entry(action=Action.DELETE)
    assert (entry.actor, entry.team, entry.object_type, entry.object_id) == (
        carol,
        team,
        "case",
        pk,
    )


# --- reports -----------------------------------------------------------------------------------


@pytest.fixture
def report(meeting):
    return ReportFactory(meeting=meeting, text="Wat we leerden", status=Report.Status.PUBLISHED)


def test_reading_a_report_is_logged(client, team, report, carol):
    client.force_login(carol)

    assert (
        client.get(reverse("report_detail", args=[team.slug, report.meeting_id])).status_code == 200
    )

    entry = _only_entry(action=Action.READ)
    assert (entry.actor, entry.team, entry.object_type, entry.object_id) == (
        carol,
        team,
        "report",
        report.pk,
    )


def test_downloading_a_report_pdf_is_logged_as_an_export(client, team, report, carol):
    _login(client, carol)

    response = client.get(reverse("report_pdf", args=[team.slug, report.meeting_id]))

    assert response["Content-Type"] == "application/pdf"
    entry = _only_entry()
    assert (entry.action, entry.object_type, entry.object_id) == (
        Action.EXPORT,
        "report",
        report.pk,
    )


def test_publishing_a_report_is_logged_as_a_change(client, team, meeting, bob):
    report = ReportFactory(meeting=meeting, text="Concept")
    client.force_login(bob)

    client.post(reverse("report_publish", args=[team.slug, meeting.pk]))

    entry = _only_entry(action=Action.CHANGE)
    assert (entry.actor, entry.object_id) == (bob, report.pk)


# --- logins and refused access -----------------------------------------------------------------


def test_a_login_is_logged_with_a_truncated_address(client, carol):
    client.post(
        reverse("login"),
        {"username": carol.email, "password": TEST_PASSWORD},
        REMOTE_ADDR="203.0.113.77",
    )

    entry = _only_entry(action=Action.LOGIN)
    assert entry.actor == carol
    assert entry.ip == "203.0.113.0/24"


def test_a_failed_login_is_logged_for_the_account_tried_and_keeps_no_typed_text(client, carol):
    client.post(reverse("login"), {"username": carol.email, "password": "fout-wachtwoord"})
    client.post(reverse("login"), {"username": "geheim-wachtwoord", "password": "x"})

    tried, unknown = AuditEntry.objects.filter(action=Action.LOGIN_FAILED).order_by("pk")
    assert tried.actor == carol
    assert unknown.actor is None
    stored = " ".join(str(v) for row in AuditEntry.objects.values_list() for v in row)
    assert "geheim-wachtwoord" not in stored and "fout-wachtwoord" not in stored


def test_a_refused_page_is_logged_with_its_status(client, team, meeting, carol):
    client.force_login(carol)  # a teamlid, not a preparer

    response = client.get(reverse("meeting_prepare", args=[team.slug, meeting.pk]))

    assert response.status_code == 403
    entry = _only_entry(action=Action.REFUSED)
    assert (entry.actor, entry.team, entry.status, entry.object_type, entry.object_id) == (
        carol,
        team,
        403,
        "meeting_prepare",
        meeting.pk,
    )


def test_another_teams_member_trying_a_case_is_logged_for_the_team_tried(
    client, team, case, charlie
):
    client.force_login(charlie)

    response = client.get(reverse("case_detail", args=[team.slug, case.pk]))

    assert response.status_code == 404
    entry = _only_entry(action=Action.REFUSED)
    assert (entry.actor, entry.team, entry.status) == (charlie, team, 404)


def test_ip_addresses_are_truncated():
    factory = RequestFactory()
    assert truncated_ip(factory.get("/", REMOTE_ADDR="198.51.100.200")) == "198.51.100.0/24"
    assert truncated_ip(factory.get("/", REMOTE_ADDR="2001:db8:1:2:3::9")) == "2001:db8:1::/48"
    assert truncated_ip(factory.get("/", REMOTE_ADDR="nonsense")) == ""


# --- the Logboek page --------------------------------------------------------------------------


def _log_url(team) -> str:
    return reverse("audit_log", args=[team.slug])


def test_the_team_leader_sees_the_teams_log_and_logins_of_its_members(
    client, team, other_team, alice, carol, charlie
):
    MembershipFactory(team=other_team, user=carol)  # in two teams: listed once all the same
    _login(client, alice)
    AuditEntryFactory(actor=carol, team=team, action=Action.READ, object_type="case")
    AuditEntryFactory(actor=carol, team=None, action=Action.LOGIN, object_type="")
    AuditEntryFactory(actor=charlie, team=None, action=Action.LOGIN, object_type="")
    AuditEntryFactory(actor=charlie, team=other_team, action=Action.EXPORT, object_type="report")

    response = client.get(_log_url(team))

    assert response.status_code == 200
    page = response.content.decode()
    assert dutch("Log") in page
    assert str(carol) in page
    assert str(charlie) not in page  # another team's person and entries
    assert [e.action for e in response.context["page"].object_list] == [
        Action.LOGIN,
        Action.READ,
    ]


def test_the_log_filters_by_action_and_pages(client, team, alice, carol):
    _login(client, alice)
    for _ in range(55):
        AuditEntryFactory(actor=carol, team=team, action=Action.READ)
    AuditEntryFactory(actor=carol, team=team, action=Action.DELETE)

    deleted = client.get(_log_url(team), {"actie": "delete"})
    first = client.get(_log_url(team))
    second = client.get(_log_url(team), {"pagina": 2})

    assert [e.action for e in deleted.context["page"].object_list] == [Action.DELETE]
    assert len(first.context["page"].object_list) == 50
    assert len(second.context["page"].object_list) == 6
    assert client.get(_log_url(team), {"actie": "x", "pagina": "²"}).status_code == 200


def test_the_log_is_for_the_team_leader_only(client, team, carol, charlie):
    client.force_login(carol)
    assert client.get(_log_url(team)).status_code == 403
    client.force_login(charlie)
    assert client.get(_log_url(team)).status_code == 404


def test_the_log_needs_a_login(client, team):
    response = client.get(_log_url(team))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_menu_shows_the_log_to_the_team_leader_only(client, team, alice, carol):
    client.force_login(alice)
    assert _log_url(team) in client.get(reverse("members", args=[team.slug])).content.decode()
    client.force_login(carol)
    assert _log_url(team) not in client.get(reverse("members", args=[team.slug])).content.decode()


@pytest.mark.parametrize("size", [3, 30])
def test_the_log_page_query_count_is_constant(client, django_assert_num_queries, team, alice, size):
    for _ in range(size):
        person = MembershipFactory(team=team).user
        AuditEntryFactory(actor=person, team=team)
        AuditEntryFactory(actor=person, team=None, action=Action.LOGIN)
    client.force_login(alice)
    client.get(reverse("members", args=[team.slug]))

    with django_assert_num_queries(6):
        client.get(_log_url(team))


# --- retention ---------------------------------------------------------------------------------


def test_purge_audit_removes_entries_older_than_the_retention(settings, team, carol):
    settings.AUDIT_RETENTION_DAYS = 30
    now = timezone.now()
    old = AuditEntryFactory(actor=carol, team=team, at=now - datetime.timedelta(days=31))
    recent = AuditEntryFactory(actor=carol, team=team, at=now - datetime.timedelta(days=29))

    call_command("purge_audit")

    assert list(AuditEntry.objects.all()) == [recent]
    assert not AuditEntry.objects.filter(pk=old.pk).exists()


def test_record_writes_every_column_as_the_orm_would(rf, team, alice):
    """plg.audit.record writes its INSERT itself (_insert): each column as create() would."""
    from plg.audit import record

    request = rf.get("/", REMOTE_ADDR="192.0.2.77")
    request.user = alice
    before = timezone.now()
    record(request, AuditEntry.Action.EXPORT, team=team, object_type="report", object_id=7)
    record(None, AuditEntry.Action.LOGIN_FAILED, status=403)
    exported, failed = AuditEntry.objects.order_by("pk")
    assert (exported.actor, exported.team, exported.action) == (alice, team, "export")
    assert (exported.object_type, exported.object_id, exported.status) == ("report", 7, None)
    assert exported.ip == "192.0.2.0/24" and before <= exported.at <= timezone.now()
    assert (failed.actor, failed.team, failed.status, failed.ip) == (None, None, 403, "")
    assert failed.object_type == "" and failed.object_id is None
