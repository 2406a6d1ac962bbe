"""Privacy (AVG): the public privacy statement and a person's download of their own data."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from meetings import privacy


@login_not_required
@require_GET
def privacy_page(request: HttpRequest) -> HttpResponse:
    """What the app keeps, why, how long and who sees it: readable without an account."""
    return render(
        request,
        "meetings/privacy.html",
        {"audit_retention_days": settings.AUDIT_RETENTION_DAYS},
    )


@require_GET
def my_data(request: HttpRequest) -> HttpResponse:
    """Mijn gegevens: what the download holds, and the button."""
    return render(request, "meetings/my_data.html")


@require_GET
def my_data_download(request: HttpRequest) -> HttpResponse:
    """Everything that refers to the logged-in person, as one JSON file."""
    response = HttpResponse(privacy.export_json(request.user), content_type="application/json")
    filename = privacy.export_filename(request.user)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
