"""Jaartaak hours: the team leader's overview with its exports, and each member's own hours
and evidence (page and PDF) for their yearly review."""

from __future__ import annotations

import re

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from meetings import exports, pdf
from meetings.access import school_year_for
from meetings.services import hours


def _slug(text: str) -> str:
    return re.sub(r"[^0-9A-Za-z]+", "-", text).strip("-")


def hours_overview(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    """Jaartaak-uren: planned, realised and the difference for every member."""
    membership, year = school_year_for(request, team_slug, pk, leader=True)
    return render(
        request,
        "meetings/hours_overview.html",
        {
            "membership": membership,
            "team": membership.team,
            "year": year,
            "rows": hours.team_hours(year, timezone.localdate()),
            "norms": hours.norms(membership.team),
        },
    )


@require_GET
def hours_csv(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    _membership, year = school_year_for(request, team_slug, pk, leader=True)
    data = exports.hours_csv(hours.team_hours(year, timezone.localdate()))
    response = HttpResponse(data, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="jaartaak-uren-{_slug(year.name)}.csv"'
    return response


@require_GET
def hours_xlsx(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    _membership, year = school_year_for(request, team_slug, pk, leader=True)
    data = exports.hours_xlsx(hours.team_hours(year, timezone.localdate()), title=year.name)
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="jaartaak-uren-{_slug(year.name)}.xlsx"'
    )
    return response


def my_hours(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    """Mijn uren en bewijs: the member's own hours and what they did this year."""
    membership, year = school_year_for(request, team_slug, pk)
    return render(
        request,
        "meetings/my_hours.html",
        {
            "membership": membership,
            "team": membership.team,
            "year": year,
            "evidence": hours.evidence(year, membership, timezone.localdate()),
        },
    )


@require_GET
def my_hours_pdf(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    membership, year = school_year_for(request, team_slug, pk)
    evidence = hours.evidence(year, membership, timezone.localdate())
    response = HttpResponse(pdf.evidence_pdf(evidence), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{pdf.evidence_filename(evidence)}"'
    response["Cache-Control"] = "private, no-cache"
    return response
