"""Stored PDFs: each report and each year bundle is rendered once, after something it shows
changed, by a background task (meetings/tasks.py), and stored as a file in default storage
(MEDIA_ROOT) named after the hash of its HTML (meetings/pdf.py), where every app server and
worker finds it. The download views serve that file (meetings/views/reports.py).

What a report's PDF shows comes from the report and its agreements, the meeting and the
year's other meetings (the next one), the theme, the team, the school year, attendance,
evaluation answers and people's names; a change to any of them queues a render of the year
(meetings/services/pdf_changes.py). `render_year` makes the HTML of each report and of the
bundle and renders only those whose hash changed.
"""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from meetings import pdf
from meetings.models import Report, SchoolYear, StoredPdf
from meetings.services.reports import published_reports, reports_with_details

FOLDER = "pdfs"


# --- rendering (the task's body) ------------------------------------------------------------


def render_year(year_id: int) -> int:
    """Bring the stored PDFs of a school year up to date: each published report and the
    bundle of them (a draft is not stored: it changes while its writers type, and they
    preview it rendered in the request). Returns how many PDFs were rendered; one whose
    HTML did not change is left as it is."""
    year = SchoolYear.objects.select_related("team").filter(pk=year_id).first()
    if year is None:
        return 0
    published = published_reports(year)
    rendered = 0
    for report in published:
        rendered += _store({"report": report}, pdf.report_html(report))
    if published:
        rendered += _store({"school_year": year}, pdf.bundle_html(year, published))
    gone = StoredPdf.objects.filter(report__meeting__school_year=year).exclude(
        report__in=[r.pk for r in published]
    )
    if not published:
        gone = gone | StoredPdf.objects.filter(school_year=year)
    for row in gone:
        _delete(row)
    return rendered


def _store(owner: dict, html: str) -> int:
    digest = pdf.digest(html)
    row, _created = StoredPdf.objects.get_or_create(**owner)
    if row.digest == digest and row.file and default_storage.exists(row.file.name):
        if row.pending_since is not None:
            StoredPdf.objects.filter(pk=row.pk).update(pending_since=None)
        return 0
    name = f"{FOLDER}/{digest}.pdf"
    if not default_storage.exists(name):
        name = default_storage.save(name, ContentFile(pdf.render_pdf(html)))
    old = row.file.name
    row.digest, row.file.name = digest, name
    row.pending_since, row.rendered_at = None, timezone.now()
    row.save(update_fields=["digest", "file", "pending_since", "rendered_at"])
    _delete_file(old, keep=name)
    return 1


def _delete(row: StoredPdf) -> None:
    name = row.file.name
    row.delete()
    _delete_file(name)


def _delete_file(name: str, keep: str = "") -> None:
    """An old file nobody refers to any more."""
    if name and name != keep and not StoredPdf.objects.filter(file=name).exists():
        default_storage.delete(name)


def clean_up() -> int:
    """Delete files in the PDF folder that no row refers to (a render that died between
    writing the file and saving its row); returns how many."""
    try:
        _folders, files = default_storage.listdir(FOLDER)
    except FileNotFoundError:
        return 0
    known = set(StoredPdf.objects.values_list("file", flat=True))
    orphans = [f"{FOLDER}/{name}" for name in files if f"{FOLDER}/{name}" not in known]
    for name in orphans:
        default_storage.delete(name)
    return len(orphans)


# --- serving ----------------------------------------------------------------------------------


def stored_pdf(report: Report) -> StoredPdf | None:
    """The published report's stored PDF row (loaded with it: access.report_download), if
    any; a draft has none (one left from before it went back to draft is not its)."""
    if report.status != Report.Status.PUBLISHED:
        return None
    try:
        return report.stored_pdf
    except StoredPdf.DoesNotExist:
        return None


def stored_bundle(year: SchoolYear) -> StoredPdf | None:
    try:
        return year.stored_bundle
    except StoredPdf.DoesNotExist:
        return None


def report_pdf_now(report: Report) -> bytes:
    """The fallback: the report rendered in the request (nothing is stored: a GET never
    writes; the next change of its year stores it)."""
    return pdf.report_pdf(reports_with_details().get(pk=report.pk))
