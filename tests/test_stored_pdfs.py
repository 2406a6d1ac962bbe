"""Stored PDFs (meetings/services/pdfs.py): a change to anything a report's PDF shows queues a
render of its school year once the transaction commits (meetings/tasks.py); the render stores
each changed PDF as a file named after its HTML's hash and deletes the old one; the download
views serve the stored file in a fixed handful of queries, show a page that reloads itself
while a render is queued, and render in the request only when nothing was ever stored.

The renderer is replaced by one whose bytes are the HTML (html_renderer), so a file's bytes
change exactly when the document does; the tests run the tasks at once (the immediate
backend) by executing the on-commit callbacks.
"""

# ruff: noqa: F811 (the fixtures of test_report_pdf are imported)
from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from meetings import pdf
from meetings.models import StoredPdf
from meetings.models.pdfs import PENDING_LIMIT
from meetings.services import pdf_changes, pdfs
from meetings.services import reports as report_services
from tests.test_report_pdf import (  # noqa: F401 (fixtures)
    PDF_CHANGES,
    _change_agreement,
    _change_evaluation,
    html_renderer,
    meeting,
    report,
)

# Edits that bypass the models (QuerySet.update) send no signal: documented, not followed.
SIGNALLED_CHANGES = [c for c in PDF_CHANGES if c not in (_change_agreement, _change_evaluation)]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Each test's stored files in a directory of its own."""
    settings.MEDIA_ROOT = tmp_path


def _stored(report) -> StoredPdf:
    return StoredPdf.objects.get(report=report)


def _bytes(row: StoredPdf) -> bytes:
    with default_storage.open(row.file.name) as data:
        return data.read()


def _fresh_report_html(report) -> str:
    return pdf.report_html(report_services.reports_with_details().get(pk=report.pk))


def _commit() -> None:
    """What the set-up wrote commits: its on-commit callbacks run (the test's transaction
    never commits), which queues the render, which the immediate backend runs at once."""
    callbacks = list(connection.run_on_commit)
    connection.run_on_commit.clear()
    for _savepoints, callback, _robust in callbacks:
        callback()


@pytest.fixture
def rendered(report, year, html_renderer):
    """The year's PDFs as the background render leaves them after the set-up committed."""
    _commit()
    return _stored(report)


def _get(client, name, team_slug="dier-en-groen", **kwargs):
    return client.get(reverse(name, kwargs={"team_slug": team_slug, **kwargs}))


# --- rendering and storing --------------------------------------------------------------------


def test_publishing_queues_a_render_that_stores_the_report_and_the_bundle(
    report, year, dave, html_renderer, django_capture_on_commit_callbacks
):
    connection.run_on_commit.clear()  # the set-up's publication: as if it never happened
    report.__class__.objects.filter(pk=report.pk).update(status=report.Status.DRAFT)
    report.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        report_services.publish_report(report=report, by=dave)

    assert len(callbacks) >= 1
    row = _stored(report)
    assert row.ready
    assert row.digest == pdf.digest(_fresh_report_html(report))
    assert row.file.name == f"pdfs/{row.digest}.pdf"
    assert _bytes(row).startswith(b"%PDF-")
    bundle = StoredPdf.objects.get(school_year=year)
    assert bundle.ready and b"Pesten" in _bytes(bundle)


def test_a_change_queues_the_render_and_marks_the_pdfs_pending_until_it_ran(
    rendered, report, year, monkeypatch, django_capture_on_commit_callbacks
):
    queued = []
    monkeypatch.setattr(pdf_changes, "_enqueue", queued.append)

    with django_capture_on_commit_callbacks(execute=True):
        report_services.save_report_field(
            report=report, field_name="text", text="Nieuw", version=report.version
        )

    assert queued == [year.pk]  # one render for the year, however many rows were saved
    assert _stored(report).pending_since is not None
    assert StoredPdf.objects.get(school_year=year).pending_since is not None


@pytest.mark.parametrize("change", SIGNALLED_CHANGES, ids=lambda f: f.__name__.strip("_"))
def test_stored_pdf_changes_with_everything_it_shows(
    rendered, report, meeting, year, dave, django_capture_on_commit_callbacks, change
):
    before = _bytes(rendered)

    with django_capture_on_commit_callbacks(execute=True):
        change(report, meeting, dave)

    row = _stored(report)
    assert row.ready
    assert _bytes(row) != before
    assert row.digest == pdf.digest(_fresh_report_html(report))
    assert not default_storage.exists(rendered.file.name)  # the old file is gone


def test_an_unchanged_pdf_is_not_rendered_again(rendered, year, monkeypatch):
    monkeypatch.setattr(pdf, "render_pdf", lambda html: pytest.fail("rendered again"))

    assert pdfs.render_year(year.pk) == 0


def test_unpublished_reports_and_their_bundle_are_not_kept(
    rendered, report, year, django_capture_on_commit_callbacks
):
    bundle = StoredPdf.objects.get(school_year=year)

    with django_capture_on_commit_callbacks(execute=True):
        report.status = report.Status.DRAFT
        report.save()

    assert not StoredPdf.objects.exists()
    assert not default_storage.exists(bundle.file.name)
    assert not default_storage.exists(rendered.file.name)


def test_autosaving_a_draft_queues_nothing(
    rendered, report, monkeypatch, django_capture_on_commit_callbacks
):
    report.__class__.objects.filter(pk=report.pk).update(status=report.Status.DRAFT)
    queued = []
    monkeypatch.setattr(pdf_changes, "_enqueue", queued.append)

    with django_capture_on_commit_callbacks(execute=True):
        report_services.save_report_field(
            report=report, field_name="text", text="Nog een concept", version=report.version
        )

    assert queued == []


def test_logging_in_queues_nothing(client, rendered, carol, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.force_login(carol)  # saves last_login only

    assert not [c for c in callbacks if getattr(c, "pdf_change", None)]


def test_clean_up_deletes_files_no_row_refers_to(rendered):
    default_storage.save("pdfs/" + "f" * 64 + ".pdf", ContentFile(b"%PDF-old"))

    assert pdfs.clean_up() == 1
    assert default_storage.exists(rendered.file.name)


# --- serving ----------------------------------------------------------------------------------


def test_download_serves_the_stored_file(client, rendered, report, carol, monkeypatch):
    monkeypatch.setattr(pdf, "render_pdf", lambda html: pytest.fail("rendered in the request"))
    client.force_login(carol)

    response = _get(client, "report_pdf", pk=report.meeting_id)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "verslag-bijeenkomst-3-2027-01-05.pdf" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == _bytes(rendered)


def test_cached_download_makes_four_queries(
    client, rendered, report, carol, django_assert_num_queries
):
    """Session, user (the middleware), then one query for the permission check and the file
    (the membership joined with the report, its meeting, year and team and its stored PDF),
    and the audit log's insert."""
    client.force_login(carol)
    _get(client, "team_dashboard")

    with django_assert_num_queries(4) as queries:
        response = _get(client, "report_pdf", pk=report.meeting_id)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == _bytes(rendered)
    session, user, access_and_file, audit = (q["sql"] for q in queries.captured_queries)
    assert '"django_session"' in session and '"plg_user"' in user
    for table in ("plg_membership", "meetings_report", "meetings_storedpdf"):
        assert f'"{table}"' in access_and_file
    assert audit.startswith("INSERT") and '"plg_auditentry"' in audit


def test_cached_bundle_download_makes_four_queries(
    client, rendered, year, carol, django_assert_num_queries, monkeypatch
):
    """As the report's: the membership joined with the year and its stored bundle."""
    monkeypatch.setattr(pdf, "render_pdf", lambda html: pytest.fail("rendered in the request"))
    client.force_login(carol)
    _get(client, "team_dashboard")

    with django_assert_num_queries(4):
        response = _get(client, "year_bundle", year_pk=year.pk)

    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_while_the_render_is_queued_a_page_says_so_and_reloads(client, rendered, report, carol):
    StoredPdf.objects.filter(pk=rendered.pk).update(pending_since=timezone.now())
    client.force_login(carol)

    response = _get(client, "report_pdf", pk=report.meeting_id)

    assert response.status_code == 200
    page = response.content.decode()
    assert "De pdf wordt gemaakt" in page
    assert '<meta http-equiv="refresh" content="3">' in page


def test_an_overdue_render_is_done_in_the_request(client, rendered, report, carol):
    overdue = timezone.now() - PENDING_LIMIT - datetime.timedelta(seconds=1)
    StoredPdf.objects.filter(pk=rendered.pk).update(pending_since=overdue)
    client.force_login(carol)

    response = _get(client, "report_pdf", pk=report.meeting_id)

    assert response["Content-Type"] == "application/pdf"
    assert response.content == pdf.render_pdf(_fresh_report_html(report))


def test_a_file_missing_from_storage_is_rendered_in_the_request(client, rendered, report, carol):
    default_storage.delete(rendered.file.name)
    client.force_login(carol)

    response = _get(client, "report_pdf", pk=report.meeting_id)

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")


# --- who may download a stored PDF ------------------------------------------------------------


def test_anonymous_gets_the_login_page_not_the_stored_file(client, rendered, report, year):
    one = _get(client, "report_pdf", pk=report.meeting_id)
    bundle = _get(client, "year_bundle", year_pk=year.pk)

    assert one.status_code == bundle.status_code == 302
    assert one["Location"].startswith("/account/login/?next=")


@pytest.mark.parametrize("slug", ["dier-en-groen", "techniek"])
def test_another_team_gets_no_stored_file(client, rendered, report, year, charlie, slug):
    client.force_login(charlie)

    assert _get(client, "report_pdf", team_slug=slug, pk=report.meeting_id).status_code == 404
    assert _get(client, "year_bundle", team_slug=slug, year_pk=year.pk).status_code == 404


@pytest.mark.parametrize(("role", "status"), [("carol", 404), ("bob", 200), ("alice", 200)])
def test_a_draft_is_a_preview_for_its_writers_only(client, request, rendered, report, role, status):
    """A draft is never stored: its writers get it rendered; anyone else does not see it."""
    report.__class__.objects.filter(pk=report.pk).update(status=report.Status.DRAFT)
    client.force_login(request.getfixturevalue(role))

    response = _get(client, "report_pdf", pk=report.meeting_id)

    assert response.status_code == status
    if status == 200:
        assert b"CONCEPT" in response.content or b"Concept" in response.content


def test_render_pdfs_command_stores_what_is_missing(report, year, html_renderer):
    from django.core.management import call_command

    connection.run_on_commit.clear()  # stored PDFs from before: none
    out = io.StringIO()

    call_command("render_pdfs", stdout=out)

    assert "2 PDF(s) rendered" in out.getvalue()  # the report and the bundle
    assert _stored(report).ready and StoredPdf.objects.get(school_year=year).ready


def test_a_stored_download_is_logged_as_an_export_of_the_report(client, rendered, report, carol):
    from plg.audit import Action
    from plg.models import AuditEntry

    client.force_login(carol)

    response = _get(client, "report_pdf", pk=report.meeting_id)

    assert response.status_code == 200
    entry = AuditEntry.objects.get(action=Action.EXPORT)
    assert (entry.actor, entry.team_id) == (carol, report.meeting.school_year.team_id)
    assert (entry.object_type, entry.object_id) == ("report", report.pk)


def test_a_former_member_gets_no_stored_file(client, rendered, report, year, carol):
    from plg.models import Membership

    Membership.objects.filter(user=carol).update(is_active=False)
    client.force_login(carol)

    assert _get(client, "report_pdf", pk=report.meeting_id).status_code == 404
    assert _get(client, "year_bundle", year_pk=year.pk).status_code == 404


def test_a_stored_file_of_another_meetings_report_is_not_sent(client, rendered, report, carol):
    """The stored file belongs to its report: asking for a meeting without one gets no file."""
    other = report.meeting.school_year.meetings.exclude(pk=report.meeting_id).first()
    client.force_login(carol)

    assert _get(client, "report_pdf", pk=other.pk).status_code == 404
