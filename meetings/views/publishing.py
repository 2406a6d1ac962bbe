"""Telling the team its small groups before the meeting, and where each group sits
(issue 12: everyone finds their own group on the dashboard and the projector)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from meetings import services
from meetings.access import facilitated_meeting
from meetings.forms import GroupRoomForm


@require_POST
def meeting_publish_groups(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    """The preparers publish the groups (everyone's dashboard shows their group) or take
    the publication back."""
    membership, meeting = facilitated_meeting(request, team_slug, pk)
    publish = request.POST.get("action") != "withdraw"
    try:
        services.publish_groups(meeting=meeting, publish=publish)
    except ValueError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("The groups have been published: everyone sees their group on their overview.")
            if publish
            else _("The groups are no longer shown before the meeting starts."),
        )
    return redirect("meeting_prepare", team_slug=team_slug, pk=pk)


@require_POST
def meeting_group_room(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    membership, meeting = facilitated_meeting(request, team_slug, pk)
    form = GroupRoomForm(request.POST, meeting=meeting)
    if form.is_valid():
        group = form.cleaned_data["group"]
        services.set_group_room(group=group, room=form.cleaned_data["room"])
        messages.success(request, _("The room of %(group)s has been saved.") % {"group": group})
    else:
        errors = [e for field in form.errors.values() for e in field]
        messages.error(request, " ".join(errors))
    return redirect("meeting_prepare", team_slug=team_slug, pk=pk)
