"""Meeting 6 (evaluatiebijeenkomst): the year in review, and the rollover to the next year."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from meetings.access import Can, evaluation_meeting
from meetings.forms.planning import SchoolYearForm
from meetings.models import Meeting
from meetings.services.learning import question_for
from meetings.services.year_review import (
    NewYearPlan,
    RolloverError,
    build_year_review,
    roll_over,
    themes_for_planning,
)
from plg.models import Membership


def _rollover_form(membership: Membership, meeting: Meeting) -> SchoolYearForm:
    start_year = meeting.school_year.last_day.year
    return SchoolYearForm(
        initial=SchoolYearForm.initial_for(membership.team, start_year), team=membership.team
    )


def _render(
    request: HttpRequest,
    membership: Membership,
    meeting: Meeting,
    rollover_form: SchoolYearForm | None = None,
) -> HttpResponse:
    can = Can(membership)
    review = build_year_review(year=meeting.school_year, can=can)
    if can.plan and review.next_year is None and rollover_form is None:
        rollover_form = _rollover_form(membership, meeting)
    return render(
        request,
        "meetings/year_review.html",
        {
            "membership": membership,
            "team": membership.team,
            "meeting": meeting,
            "year": meeting.school_year,
            "review": review,
            "can": can,
            "rollover_form": rollover_form,
            # Meeting 6 looks back on each person's own learning question (private to them).
            "my_question": question_for(user=membership.user, year=meeting.school_year),
        },
    )


def year_review(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    """The whole team reads the year; drafts, everyone's steps and the attendance per person
    are left out for those who may not see them (see the service)."""
    membership, meeting = evaluation_meeting(request, team_slug, pk)
    return _render(request, membership, meeting)


@require_POST
def year_rollover(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    """The team leader starts the next school year from the evaluation meeting."""
    membership, meeting = evaluation_meeting(request, team_slug, pk, leader=True)
    form = SchoolYearForm(request.POST, team=membership.team)
    if not form.is_valid():
        return _render(request, membership, meeting, rollover_form=form)
    plan = NewYearPlan(
        name=form.cleaned_data["name"],
        region=form.cleaned_data["region"],
        first_day=form.cleaned_data["first_day"],
        last_day=form.cleaned_data["last_day"],
        periods=form.periods(),
        holidays=form.holidays,
    )
    try:
        new_year = roll_over(
            team=membership.team, from_year=meeting.school_year, by=request.user, plan=plan
        )
    except RolloverError as error:
        form.add_error(None, str(error))
        return _render(request, membership, meeting, rollover_form=form)
    unused = themes_for_planning(new_year).count()
    messages.success(
        request,
        ngettext(
            "School year %(name)s has been planned with six meetings. The members, their "
            "roles, the phase card and %(count)s theme not used last year come along.",
            "School year %(name)s has been planned with six meetings. The members, their "
            "roles, the phase card and %(count)s themes not used last year come along.",
            unused,
        )
        % {"name": new_year.name, "count": unused},
    )
    messages.info(
        request,
        _("The vote on the themes of %(name)s is open: everyone can place their dots now.")
        % {"name": new_year.name},
    )
    for warning in form.warnings:
        messages.warning(request, warning)
    return redirect("planner", team_slug=team_slug, pk=new_year.pk)
