"""Absence requests (afmeldverzoeken) and the team leader's attendance overview."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from meetings.access import (
    absence_meeting,
    absence_request_for,
    school_year_for,
    team_leader,
)
from meetings.forms import AbsenceDecisionForm, AbsenceRequestForm
from meetings.services import absence, attendance


def absence_request(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    """A member asks the team leader for absence from a meeting, with a reason."""
    membership, meeting = absence_meeting(request, team_slug, pk)
    today = timezone.localdate()
    form = AbsenceRequestForm(request.POST or None)
    refused = absence.problem(meeting, membership, today)
    if request.method == "POST" and form.is_valid():
        try:
            absence.ask(
                meeting=meeting,
                membership=membership,
                reason=form.cleaned_data["reason"],
                today=today,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Your request has been sent to the team leader, who decides.")
            )
            return redirect("meeting_detail", team_slug=team_slug, pk=pk)
    return render(
        request,
        "meetings/absence_request.html",
        {
            "membership": membership,
            "team": membership.team,
            "meeting": meeting,
            "form": form,
            "refused": refused,
        },
        status=422 if request.method == "POST" else 200,
    )


def absence_requests(request: HttpRequest, team_slug: str) -> HttpResponse:
    """The team leader's list of absence requests: the open ones to decide, then the last
    decisions."""
    membership = team_leader(request, team_slug)
    return render(
        request,
        "meetings/absence_requests.html",
        {
            "membership": membership,
            "team": membership.team,
            "open_requests": list(absence.open_requests(membership.team)),
            "decided": absence.decided_requests(membership.team),
            "today": timezone.localdate(),
        },
    )


@require_POST
def absence_decide(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    """The team leader approves or declines a request (only the team leader decides)."""
    membership, absence_request = absence_request_for(request, team_slug, pk)
    form = AbsenceDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose approve or decline."))
        return redirect("absence_requests", team_slug=team_slug)
    approve = form.cleaned_data["decision"] == "approve"
    try:
        absence.decide(absence_request=absence_request, approve=approve, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        name = absence_request.user.get_full_name() or absence_request.user.email
        if approve:
            messages.success(request, _("The absence of %(name)s is approved.") % {"name": name})
        else:
            messages.success(request, _("The request of %(name)s is declined.") % {"name": name})
    return redirect("absence_requests", team_slug=team_slug)


def attendance_overview(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    """Aanwezigheid: per meeting and per member, agreed absences, absences without notice
    and presence, for the team leader."""
    membership, year = school_year_for(request, team_slug, pk, leader=True)
    return render(
        request,
        "meetings/attendance_overview.html",
        {
            "membership": membership,
            "team": membership.team,
            "year": year,
            "overview": attendance.year_overview(year),
        },
    )
