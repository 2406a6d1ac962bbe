"""Theme ideas and the dot vote before meeting 1: everyone in the team proposes themes and
places up to three dots; the ranking is visible to all."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from meetings.access import Can, member, theme_for
from meetings.forms.votes import ThemeIdeaForm
from meetings.models import VOTES_PER_PERSON
from meetings.services import votes as services
from plg.models import Membership


def _ballot_context(membership: Membership, ballot: services.Ballot, **extra) -> dict:
    team, user = membership.team, membership.user
    ranked = services.ranking(team=team, ballot=ballot, voter=user)
    used = sum(1 for r in ranked if r.mine)
    readable_cases = set(
        Can(membership).cases().filter(theme_ideas__team=team).values_list("pk", flat=True)
    )
    return {
        "membership": membership,
        "team": team,
        "ballot": ballot,
        "ranked": ranked,
        "ballot_themes": sorted(ranked, key=lambda r: r.theme.title.lower()),
        "dots_used": used,
        "dots_left": VOTES_PER_PERSON - used,
        "dots_total": VOTES_PER_PERSON,
        "readable_cases": readable_cases,
        **extra,
    }


def theme_votes(request: HttpRequest, team_slug: str) -> HttpResponse:
    membership = member(request, team_slug)
    team = membership.team
    form = ThemeIdeaForm(request.POST or None, team=team, owner=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Theme “%(title)s” has been added.") % {"title": form.instance})
        return redirect("theme_votes", team_slug=team_slug)
    ballot = services.current_ballot(team=team, today=timezone.localdate())
    return render(request, "meetings/votes.html", _ballot_context(membership, ballot, form=form))


@require_POST
def theme_vote_toggle(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    """Place a dot on a theme, or take it away again."""
    membership, theme = theme_for(request, team_slug, pk)
    ballot = services.current_ballot(team=membership.team, today=timezone.localdate())
    error = status = ""
    try:
        placed = services.toggle_vote(ballot=ballot, theme=theme, voter=request.user)
    except services.VoteRefused as refused:
        error = str(refused)
    else:
        template = (
            _("Your dot is on “%(title)s”.") if placed else _("Your dot on “%(title)s” is removed.")
        )
        status = template % {"title": theme.title}
    if request.htmx:
        context = _ballot_context(
            membership, ballot, vote_error=error, vote_status=status, voted_theme=theme
        )
        return render(request, "meetings/votes.html#ballot-update", context)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, status)
    return redirect(reverse("theme_votes", kwargs={"team_slug": team_slug}) + f"#theme-{theme.pk}")
