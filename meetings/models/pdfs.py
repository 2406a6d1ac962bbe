"""Rendered PDFs, stored where every app server and worker finds them (default storage,
MEDIA_ROOT), one row per report and one per school year (the year bundle)."""

from __future__ import annotations

from datetime import timedelta

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meetings.models.planning import SchoolYear
from meetings.models.reports import Report

#: A render queued longer than this is taken as lost (a worker down): the download renders
#: it itself rather than asking the reader to wait for ever.
PENDING_LIMIT = timedelta(minutes=2)


class StoredPdf(models.Model):
    """The current PDF of a report or of a year's bundle. The file is named after `digest`,
    the hash of the HTML it was rendered from and the layout version (meetings/pdf.py), so a
    change gives a new file; the old one is deleted. `pending_since`: a render is queued
    (meetings/tasks.py) because something the PDF shows changed."""

    report = models.OneToOneField(
        Report, on_delete=models.CASCADE, null=True, blank=True, related_name="stored_pdf"
    )
    school_year = models.OneToOneField(
        SchoolYear, on_delete=models.CASCADE, null=True, blank=True, related_name="stored_bundle"
    )
    digest = models.CharField(max_length=64, blank=True)
    file = models.FileField(upload_to="pdfs/", blank=True)
    pending_since = models.DateTimeField(null=True, blank=True)
    rendered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("stored PDF")
        verbose_name_plural = _("stored PDFs")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(report__isnull=False, school_year__isnull=True)
                | models.Q(report__isnull=True, school_year__isnull=False),
                name="stored_pdf_of_a_report_or_a_year",
            )
        ]

    def __str__(self) -> str:
        return self.file.name or f"pdf {self.pk}"

    @property
    def ready(self) -> bool:
        """The file is there and nothing it shows changed since it was rendered."""
        return bool(self.file) and self.pending_since is None

    @property
    def waiting(self) -> bool:
        """A render is queued and not overdue: the reader waits for it."""
        return self.pending_since is not None and timezone.now() - self.pending_since < (
            PENDING_LIMIT
        )
