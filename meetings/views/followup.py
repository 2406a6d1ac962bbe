"""Follow-up between meetings: marking a first small step or an agreement of the report done
(or undoing that)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from meetings.access import markable_agreement, markable_step
from meetings.forms.followup import AgreementDoneForm, FirstStepDoneForm
from meetings.services.followup import set_agreement_done, set_step_done
from plg.params import safe_next


def _back(request: HttpRequest, team_slug: str) -> HttpResponse:
    target = safe_next(request, request.POST.get("next"))
    if target:
        return HttpResponseRedirect(target)
    return redirect("team_dashboard", team_slug=team_slug)


@require_POST
def first_step_done(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    """The owner (or the group leader who wrote it) marks a first step done, or undoes it."""
    membership, step = markable_step(request, team_slug, pk)
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
                "markable_steps": {step.pk},
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


@require_POST
def agreement_done(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    """The owner of an agreement (or the team leader, the preparers of the meeting that made
    it, the facilitators of the next meeting) marks it done, or undoes it."""
    membership, agreement = markable_agreement(request, team_slug, pk)
    form = AgreementDoneForm(request.POST)
    error = ""
    if form.is_valid():
        set_agreement_done(agreement=agreement, done=form.cleaned_data["done"])
    else:
        error = form.first_error()
    if request.htmx:
        in_look_back = request.POST.get("place") == "lookback"
        return render(
            request,
            "meetings/followup_agreement.html",
            {
                "membership": membership,
                "team": membership.team,
                "agreement": agreement,
                "markable_agreements": {agreement.pk},
                "show_owner": in_look_back,
                "place": "lookback" if in_look_back else "dashboard",
                "next_url": request.POST.get("next", ""),
                "agreement_error": error,
                "agreement_saved": not error,
            },
        )
    if error:
        messages.error(request, error)
    elif agreement.done_at:
        messages.success(request, _("Marked as done: %(what)s") % {"what": agreement.what})
    else:
        messages.success(request, _("Marked as not done yet: %(what)s") % {"what": agreement.what})
    return _back(request, team_slug)
