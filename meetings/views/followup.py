"""Follow-up between meetings: marking a first small step done (or undoing that)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from meetings.forms.followup import FirstStepDoneForm
from meetings.models import FirstStep
from meetings.services.followup import may_mark_step, set_step_done
from plg.access import get_membership
from plg.models import Membership


def _markable_step(membership: Membership, pk: int) -> FirstStep:
    """A first step of the user's team (else 404) that they may mark (else 403)."""
    step = get_object_or_404(
        FirstStep.objects.select_related("owner", "group__meeting__theme"),
        pk=pk,
        group__meeting__school_year__team=membership.team,
    )
    if not may_mark_step(membership, step):
        raise PermissionDenied
    return step


def _back(request: HttpRequest, team_slug: str) -> HttpResponse:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("team_dashboard", team_slug=team_slug)


@require_POST
def first_step_done(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    """The owner (or the group leader who wrote it) marks a first step done, or undoes it."""
    membership = get_membership(request, team_slug)
    step = _markable_step(membership, pk)
    form = FirstStepDoneForm(request.POST)
    error = ""
    if form.is_valid():
        set_step_done(step=step, done=form.cleaned_data["done"])
    else:
        error = form.first_error()
    if request.htmx:
        # The row is on the owner's dashboard, or in the run view's look back, which also
        # says whose step it is.
        in_look_back = request.POST.get("place") == "lookback"
        return render(
            request,
            "meetings/followup_step.html",
            {
                "membership": membership,
                "team": membership.team,
                "step": step,
                "show_owner": in_look_back,
                "place": "lookback" if in_look_back else "dashboard",
                "next_url": request.POST.get("next", ""),
                "step_error": error,
                "step_saved": not error,
            },
        )
    if error:
        messages.error(request, error)
    elif step.done_at:
        messages.success(request, _("Marked as done: %(what)s") % {"what": step.what})
    else:
        messages.success(request, _("Marked as not done yet: %(what)s") % {"what": step.what})
    return _back(request, team_slug)
