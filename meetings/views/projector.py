"""The projector view: full screen in the room, no login, opened with the meeting's token."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from meetings import run_cache
from meetings.access import projector_run
from meetings.models import MeetingRun, PhaseCard


def _context(run: MeetingRun) -> dict:
    now = timezone.now()
    meeting = run.meeting
    steps = run.steps(PhaseCard.phases_for_team(meeting.school_year.team))
    current = run.current(steps)
    return {
        "run": run,
        "meeting": meeting,
        "steps": steps,
        "current": current,
        "groups": _groups_at_phase_1(meeting, current),
        "timer": run.timer(steps, now),
        "now": now,
    }


def _groups_at_phase_1(meeting, current) -> list:
    """The small groups, shown at the start of phase 1 (when people go to their group)."""
    if current is None or current.is_break or current.phase.number != 1:
        return []
    return list(
        meeting.groups.select_related("leader").prefetch_related("members").order_by("number")
    )


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
    """Polled every second: 204 when nothing changed, so the screen does not flicker. The
    shared cache answers that without the database, for the run's current token while its
    link is valid (meetings/run_cache.py); anything else goes to the database."""
    if run_cache.unchanged(pk, request.GET.get("v"), token=token):
        return HttpResponse(status=204)
    run = projector_run(pk, token)
    run_cache.remember(run)
    expired = _expired(request, run)
    if expired:
        return expired
    if request.GET.get("v") == str(run.state_version):
        return HttpResponse(status=204)
    return render(request, "meetings/projector.html#projector-state", _context(run))
