"""The archive: earlier school years, searchable when the team chooses new themes."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from meetings.access import Can, member
from meetings.forms.archive import ArchiveSearchForm
from meetings.services.archive import archive_page, search
from plg.params import int_param

#: More pages than any archive has; a larger number is junk (400).
MAX_PAGE = 10_000


def archive(request: HttpRequest, team_slug: str) -> HttpResponse:
    """Every member reads the archive, as far as meetings/access.py lets them."""
    membership = member(request, team_slug)
    can = Can(membership)
    team = membership.team
    form = ArchiveSearchForm(request.GET)
    query = form.query
    number = int_param(request.GET, "pagina", 1, min=1, max=MAX_PAGE)
    if query:
        # A search shows its hits, page by page, instead of the years.
        results = search(team=team, can=can, query=query, page_number=number)
        archive, years, pages = None, [], results.pages
    else:
        results = None
        archive = archive_page(team=team, can=can, page_number=number, today=timezone.localdate())
        years, pages = archive.years, archive.pages
    return render(
        request,
        "meetings/archive.html",
        {
            "membership": membership,
            "team": team,
            "form": form,
            "results": results,
            "years": years,
            "pages": pages,
            "current_year": archive.current_year if archive else None,
        },
    )
