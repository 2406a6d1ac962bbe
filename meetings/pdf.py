"""The fase-6 verslag as an A4 PDF, and the year bundle of meeting 6 (all published reports
of a school year with a cover and a table of contents).

A PDF is rendered once per version of what it shows and then served from Django's cache.
WeasyPrint is slow to import and only needed here, so it is imported when a PDF is
rendered (meetings/pdf_renderer.py), never when the app starts.

The renderer reads nothing but the app's own static files: the HTML refers to them with
paths relative to STATIC_ORIGIN, a host that does not exist, and the URL fetcher maps those
URLs to files the staticfiles finders know. Every other URL (http, file, data, …) is refused.
"""

from __future__ import annotations

import hashlib
import mimetypes
import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.db.models import Count, Max
from django.template.loader import render_to_string
from django.utils import timezone, translation

from meetings.models import EvaluationResponse, Meeting, Report, SchoolYear
from meetings.services.reports import ReportContents, report_contents

#: Change when templates/meetings/report_pdf*.html or static/css/pdf.css change, so cached
#: PDFs in a persistent cache are not served with the old layout.
LAYOUT_VERSION = 1
#: The document language: reports are team documents in Dutch.
PDF_LANGUAGE = "nl"
#: The made-up origin the PDF's HTML is based on (.invalid never resolves, RFC 2606).
STATIC_ORIGIN = "https://static.plg-cyclus.invalid"
BASE_URL = f"{STATIC_ORIGIN}/static/"
#: File types a PDF may use from the static files: its stylesheet, fonts and images.
STATIC_TYPES = {".css", ".woff2", ".woff", ".ttf", ".otf", ".svg", ".png", ".jpg"}
CACHE_SECONDS = 60 * 60 * 24 * 30


class RefusedURL(ValueError):
    """A URL the PDF renderer may not read."""


def static_file(url: str) -> Path:
    """The static file a URL under BASE_URL stands for; RefusedURL for anything else."""
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}" != STATIC_ORIGIN or parts.query:
        raise RefusedURL(f"not one of the app's static files: {url[:200]}")
    path = unquote(parts.path)
    prefix = urlsplit(BASE_URL).path
    relative = path.removeprefix(prefix)
    if (
        relative == path
        or "\\" in relative
        or "\x00" in relative
        or posixpath.normpath(relative) != relative
        or relative.startswith(("/", "."))
        or Path(relative).suffix.lower() not in STATIC_TYPES
    ):
        raise RefusedURL(f"not one of the app's static files: {url[:200]}")
    found = finders.find(relative)
    if not found:
        raise RefusedURL(f"no such static file: {relative}")
    resolved = Path(found).resolve()
    if not any(resolved.is_relative_to(root) for root in _static_roots()):
        raise RefusedURL(f"outside the static files: {relative}")
    return resolved


def _static_roots() -> list[Path]:
    roots = []
    for finder in finders.get_finders():
        for storage in getattr(finder, "storages", {}).values():
            roots.append(Path(storage.location).resolve())
    return roots


def content_type(path: Path) -> str:
    if path.suffix == ".woff2":
        return "font/woff2"
    return mimetypes.guess_type(path.name)[0] or "application/octet-stream"


def render_pdf(html: str) -> bytes:
    """The HTML as a tagged A4 PDF (PDF/UA-1), reading only the app's static files."""
    from meetings import pdf_renderer  # imports WeasyPrint: only when a PDF is made

    return pdf_renderer.write_pdf(html, base_url=BASE_URL)


# --- one report -----------------------------------------------------------------------------


def _evaluation_stamps(meetings: list[Meeting]) -> dict[int, tuple[int, int]]:
    """(number of answers, last answer id) per meeting: answers change what a PDF shows."""
    rows = (
        EvaluationResponse.objects.filter(meeting__in=meetings)
        .values("meeting")
        .annotate(n=Count("pk"), last=Max("pk"))
    )
    return {row["meeting"]: (row["n"], row["last"]) for row in rows}


def _report_stamp(report: Report, evaluations: tuple[int, int] | None) -> str:
    meeting = report.meeting
    return ":".join(
        str(part)
        for part in (
            report.pk,
            report.status,
            report.version,
            report.conclusions_version,
            report.updated_at.timestamp(),
            evaluations or (0, 0),
            meeting.date,
            meeting.start_time,
            meeting.theme or "",
            meeting.school_year.team.name,
        )
    )


def _cache_key(kind: str, stamp: str) -> str:
    digest = hashlib.sha256(f"{LAYOUT_VERSION}:{stamp}".encode()).hexdigest()
    return f"plg-pdf:{kind}:{digest}"


def report_pdf(report: Report) -> bytes:
    """The report as a PDF; load it with services.reports.reports_with_details."""
    stamps = _evaluation_stamps([report.meeting])
    key = _cache_key("report", _report_stamp(report, stamps.get(report.meeting.pk)))
    pdf = cache.get(key)
    if pdf is None:
        with translation.override(PDF_LANGUAGE):
            contents = report_contents([report])[0]
            html = render_to_string(
                "meetings/report_pdf.html", {**_document(contents.meeting), "item": contents}
            )
        pdf = render_pdf(html)
        cache.set(key, pdf, CACHE_SECONDS)
    return pdf


def _document(meeting: Meeting) -> dict:
    team = meeting.school_year.team
    return {"team": team, "year": meeting.school_year, "generated_at": timezone.now()}


def report_filename(report: Report) -> str:
    meeting = report.meeting
    return f"verslag-bijeenkomst-{meeting.number}-{meeting.date:%Y-%m-%d}.pdf"


# --- the year bundle ------------------------------------------------------------------------


def year_bundle_pdf(year: SchoolYear, reports: list[Report]) -> bytes:
    """Cover, table of contents and the published reports of the year, as one PDF.
    `reports` are services.reports.published_reports(year)."""
    stamps = _evaluation_stamps([r.meeting for r in reports])
    stamp = "|".join(_report_stamp(r, stamps.get(r.meeting.pk)) for r in reports)
    key = _cache_key("year", f"{year.pk}:{year.name}|{stamp}")
    pdf = cache.get(key)
    if pdf is None:
        with translation.override(PDF_LANGUAGE):
            items: list[ReportContents] = report_contents(reports)
            html = render_to_string(
                "meetings/report_bundle_pdf.html",
                {**_document(reports[0].meeting), "year": year, "items": items},
            )
        pdf = render_pdf(html)
        cache.set(key, pdf, CACHE_SECONDS)
    return pdf


def bundle_filename(year: SchoolYear) -> str:
    return f"verslagen-{re.sub(r'[^0-9A-Za-z]+', '-', year.name).strip('-')}.pdf"
