"""The projector view: full screen in the room, no login, opened with the meeting's token."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from meetings.access import projector_run
from meetings.models import MeetingRun, PhaseCard


def _context(run: MeetingRun) -> dict:
    now = timezone.now()
    meeting = run.meeting
    steps = run.steps(list(PhaseCard.for_team(meeting.school_year.team).phases.all()))
    return {
        "run": run,
        "meeting": meeting,
        "steps": steps,
        "current": run.current(steps),
        "timer": run.timer(steps, now),
        "now": now,
    }


def _expired(request: HttpRequest, run: MeetingRun) -> HttpResponse | None:
    if run.projector_link_valid(timezone.now()):
        return None
    return render(request, "meetings/projector_expired.html", {"meeting": run.meeting}, status=410)


@login_not_required
@never_cache
def projector(request: HttpRequest, pk: int, token: str) -> HttpResponse:
    run = projector_run(pk, token)
    return _expired(request, run) or render(request, "meetings/projector.html", _context(run))


@login_not_required
@never_cache
def projector_state(request: HttpRequest, pk: int, token: str) -> HttpResponse:
    """Polled every second: 204 when nothing changed, so the screen does not flicker."""
    run = projector_run(pk, token)
    expired = _expired(request, run)
    if expired:
        return expired
    if request.GET.get("v") == str(run.state_version):
        return HttpResponse(status=204)
    return render(request, "meetings/projector.html#projector-state", _context(run))
