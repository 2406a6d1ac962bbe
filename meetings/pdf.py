"""The fase-6 verslag as an A4 PDF, and the year bundle of meeting 6 (all published reports
of a school year with a cover and a table of contents).

A PDF is named by a hash of its HTML and LAYOUT_VERSION (`digest`), so any change to what
it shows gives a new name and a new PDF, and nothing has to be listed. Reports and year
bundles are rendered in the background when something they show changes and stored as files
(meetings/services/pdfs.py, meetings/models/pdfs.py); the functions here make the HTML and
render it (and keep a rendered PDF in Django's cache for the fallback and the evidence).
WeasyPrint is slow to import and only needed here, so it is imported when a PDF is
rendered (meetings/pdf_renderer.py, which reads only meetings/pdf_static.py's files),
never when the app starts.
"""

from __future__ import annotations

import datetime
import hashlib
import re

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone, translation

from meetings.models import Meeting, Report, SchoolYear
from meetings.services.reports import ReportContents, report_contents

#: Change when static/css/pdf.css, the fonts or the renderer change, so cached PDFs in a
#: persistent cache are not served with the old layout (the templates are in the HTML).
LAYOUT_VERSION = 4
#: The document language: reports are team documents in Dutch.
PDF_LANGUAGE = "nl"
CACHE_SECONDS = 60 * 60 * 24 * 30


def render_pdf(html: str) -> bytes:
    """The HTML as a tagged A4 PDF (PDF/UA-1), reading only the app's static files."""
    from meetings import pdf_renderer  # imports WeasyPrint: only when a PDF is made

    return pdf_renderer.write_pdf(html)


def digest(html: str) -> str:
    """What names a PDF: the hash of its HTML and the layout version."""
    return hashlib.sha256(f"{LAYOUT_VERSION}\n{html}".encode()).hexdigest()


def cached_pdf(html: str) -> bytes:
    """The PDF of this HTML, rendered once and then served from the cache."""
    key = f"plg-pdf:{digest(html)}"
    pdf = cache.get(key)
    if pdf is None:
        pdf = render_pdf(html)
        cache.set(key, pdf, CACHE_SECONDS)
    return pdf


# --- one report -----------------------------------------------------------------------------


def report_pdf(report: Report) -> bytes:
    """The report as a PDF; load it with services.reports.reports_with_details."""
    return cached_pdf(report_html(report))


def report_html(report: Report) -> str:
    """The HTML of the report's PDF (loaded with services.reports.reports_with_details)."""
    with translation.override(PDF_LANGUAGE):
        contents = report_contents([report])[0]
        return render_to_string(
            "meetings/report_pdf.html", {**_document(contents.meeting), "item": contents}
        )


def _document(meeting: Meeting) -> dict:
    team = meeting.school_year.team
    return {"team": team, "year": meeting.school_year, "generated_at": timezone.now()}


def report_filename(report: Report) -> str:
    return meeting_report_filename(report.meeting.number, report.meeting.date)


def meeting_report_filename(number: int, date: datetime.date) -> str:
    return f"verslag-bijeenkomst-{number}-{date:%Y-%m-%d}.pdf"


# --- the year bundle ------------------------------------------------------------------------


def year_bundle_pdf(year: SchoolYear, reports: list[Report]) -> bytes:
    """Cover, table of contents and the published reports of the year, as one PDF.
    `reports` are services.reports.published_reports(year)."""
    return cached_pdf(bundle_html(year, reports))


def bundle_html(year: SchoolYear, reports: list[Report]) -> str:
    """The HTML of the year bundle (`reports`: services.reports.published_reports(year))."""
    with translation.override(PDF_LANGUAGE):
        items: list[ReportContents] = report_contents(reports)
        return render_to_string(
            "meetings/report_bundle_pdf.html",
            {**_document(reports[0].meeting), "year": year, "items": items},
        )


def bundle_filename(year: SchoolYear) -> str:
    return f"verslagen-{re.sub(r'[^0-9A-Za-z]+', '-', year.name).strip('-')}.pdf"


# --- a member's evidence for their yearly review --------------------------------------------


def evidence_pdf(evidence) -> bytes:
    """A member's hours and what they did in the cycle this year (services.hours.evidence),
    as evidence for their yearly review (gesprekkencyclus)."""
    with translation.override(PDF_LANGUAGE):
        html = render_to_string(
            "meetings/evidence_pdf.html",
            {
                "team": evidence.year.team,
                "year": evidence.year,
                "generated_at": timezone.now(),
                "evidence": evidence,
            },
        )
    return cached_pdf(html)


def evidence_filename(evidence) -> str:
    user = evidence.membership.user
    name = re.sub(r"[^0-9A-Za-z]+", "-", user.get_full_name() or user.email).strip("-").lower()
    year = re.sub(r"[^0-9A-Za-z]+", "-", evidence.year.name).strip("-")
    return f"uren-en-bewijs-{name}-{year}.pdf"
