"""The archive: earlier school years, searchable when the team chooses new themes."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from meetings.access import Can, member
from meetings.forms.archive import ArchiveSearchForm
from meetings.services.archive import archive_years, current_year, search


def archive(request: HttpRequest, team_slug: str) -> HttpResponse:
    """Every member reads the archive, as far as meetings/access.py lets them."""
    membership = member(request, team_slug)
    can = Can(membership)
    team = membership.team
    form = ArchiveSearchForm(request.GET)
    query = form.query
    years = archive_years(team=team, can=can)
    return render(
        request,
        "meetings/archive.html",
        {
            "membership": membership,
            "team": team,
            "form": form,
            "results": search(team=team, can=can, query=query) if query else None,
            "years": years,
            "current_year": current_year(years, timezone.localdate()),
        },
    )
