"""Render the stored PDFs of every school year that has a published report (or of one team's
years), here and now, and delete stored files no row refers to. For the first deploy of
stored PDFs, after restoring a backup without media/, or after an edit that bypassed the app
(meetings/services/pdf_changes.py); a PDF whose HTML did not change is not rendered again."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from meetings.models import Report, SchoolYear
from meetings.services import pdfs


class Command(BaseCommand):
    help = "Render the stored PDFs (reports and year bundles) that are missing or out of date."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--team", help="only this team's school years (its slug)")

    def handle(self, *args, team: str | None = None, **options) -> None:
        years = SchoolYear.objects.filter(
            meetings__report__status=Report.Status.PUBLISHED
        ).distinct()
        if team:
            years = years.filter(team__slug=team)
        rendered = 0
        for year_id in years.order_by("pk").values_list("pk", flat=True):
            rendered += pdfs.render_year(year_id)
        removed = pdfs.clean_up()
        self.stdout.write(f"{rendered} PDF(s) rendered, {removed} unused file(s) removed.")
