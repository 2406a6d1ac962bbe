"""Preparing and running a meeting: the facilitators' pages."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from meetings import run_cache, services
from meetings.access import (
    Can,
    check_facilitator,
    facilitated_meeting,
    markable_agreement_ids,
    markable_step_ids,
    member,
)
from meetings.forms import (
    AttendanceForm,
    GroupLeadersForm,
    MovePersonForm,
    PhaseCardForm,
    PhaseFormSet,
    RunPlanForm,
)
from meetings.models import MEETINGS_PER_YEAR, Meeting, MeetingRun, PhaseCard
from meetings.models.running import Step
from meetings.services.attendance import attendance_check, excused, expected_people
from meetings.services.followup import look_back
from meetings.services.running import (
    colleagues_met,
    earlier_groups,
    meeting_groups,
    repeated_pair_count,
)
from meetings.views import evaluation_meeting as evaluation_views
from meetings.views import introduction as introduction_views
from plg.models import Membership
from plg.params import int_param, plain_int


def _phases(meeting: Meeting) -> list:
    return PhaseCard.phases_for_team(meeting.school_year.team)


def _groups_context(meeting: Meeting, *, prepare: bool = True) -> dict:
    """The groups and how many pairs meet again; for the preparation page (`prepare`) also
    each person's colleagues met and the move form's choices, which the run view does not
    show."""
    groups = meeting_groups(meeting)
    history = earlier_groups(meeting) if groups else []
    context = {
        "groups": groups,
        "repeated_pairs": repeated_pair_count(meeting, groups, history) if groups else None,
    }
    if prepare:
        context["colleagues_met"] = colleagues_met(meeting, groups, history) if groups else []
        context["group_choices"] = [(g.pk, str(g)) for g in groups]
    return context


def _run_context(membership: Membership, meeting: Meeting, run: MeetingRun) -> dict:
    """What the run view and the projector show: steps, the current one and the timer."""
    now = timezone.now()
    steps = run.steps(_phases(meeting))
    return {
        "membership": membership,
        "team": meeting.school_year.team,
        "meeting": meeting,
        "run": run,
        "steps": steps,
        "current": run.current(steps),
        "timer": run.timer(steps, now),
        "now": now,
        "reads_absence_reasons": Can(membership).read_absence_reasons,
    }


# --- the team's phase card -----------------------------------------------------------------


def phase_card(request: HttpRequest, team_slug: str) -> HttpResponse:
    """Everyone reads the card; the team leader and the development team edit it."""
    membership = member(request, team_slug)
    card = PhaseCard.for_team(membership.team)
    can_edit = Can(membership).edit_phase_card
    card_form = PhaseCardForm(request.POST or None, instance=card)
    formset = PhaseFormSet(request.POST or None, queryset=card.phases.all())
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if card_form.is_valid() and formset.is_valid():
            # Until the team edits it, `card` is the default: save into the team's own copy.
            PhaseCard.save_for_team(
                membership.team,
                card=card_form.cleaned_data,
                phases={
                    form.instance.number: {f: form.cleaned_data[f] for f in form._meta.fields}
                    for form in formset.forms
                },
            )
            messages.success(request, _("The phase card has been saved."))
            return redirect("phase_card", team_slug=team_slug)
    return render(
        request,
        "meetings/phase_card.html",
        {
            "membership": membership,
            "team": membership.team,
            "card": card,
            "phases": card.phases.all(),
            "card_form": card_form,
            "formset": formset,
            "can_edit": can_edit,
        },
    )


# --- preparation ----------------------------------------------------------------------------


def meeting_prepare(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    membership, meeting = facilitated_meeting(request, team_slug, pk)
    if request.method == "POST":
        run = services.ensure_run(meeting=meeting)
    else:
        run = services.shown_run(meeting)
    phases = _phases(meeting)
    plan_form = RunPlanForm(instance=run, phases=phases)
    leaders_form = GroupLeadersForm(
        initial={"leaders": services.group_leaders(run)}, team=membership.team
    )
    if request.method == "POST" and request.POST.get("form") == "plan":
        plan_form = RunPlanForm(request.POST, instance=run, phases=phases)
        if plan_form.is_valid():
            plan_form.save()
            run.bump()
            messages.success(request, _("The plan has been saved."))
            return redirect("meeting_prepare", team_slug=team_slug, pk=pk)
    elif request.method == "POST" and request.POST.get("form") == "leaders":
        leaders_form = GroupLeadersForm(request.POST, team=membership.team)
        if leaders_form.is_valid():
            run.group_leaders.set(leaders_form.cleaned_data["leaders"])
            messages.success(request, _("The group leaders have been saved."))
            return redirect("meeting_prepare", team_slug=team_slug, pk=pk)
    planned = sum(int(m) for m in run.phase_minutes.values()) + run.break_minutes
    return render(
        request,
        "meetings/prepare.html",
        {
            "membership": membership,
            "team": membership.team,
            "meeting": meeting,
            "run": run,
            "plan_form": plan_form,
            "leaders_form": leaders_form,
            "planned_minutes": planned,
            "absences": excused(meeting),
            "reads_absence_reasons": Can(membership).read_absence_reasons,
            **_groups_context(meeting),
        },
    )


@require_POST
def meeting_compose(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    membership, meeting = facilitated_meeting(request, team_slug, pk)
    seed = int_param(request.POST, "seed", 0, max=2**32 - 1)
    try:
        services.compose_meeting_groups(meeting=meeting, seed=seed)
    except ValueError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The groups have been composed."))
    back = request.POST.get("back") == "run"
    return redirect("meeting_run" if back else "meeting_prepare", team_slug=team_slug, pk=pk)


@require_POST
def meeting_move_person(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    membership, meeting = facilitated_meeting(request, team_slug, pk)
    form = MovePersonForm(request.POST, meeting=meeting)
    error = ""
    if not form.is_valid():
        error = _("Choose a person and one of this meeting's groups.")
    else:
        try:
            services.move_person(
                meeting=meeting, user=form.cleaned_data["person"], group=form.cleaned_data["group"]
            )
        except ValueError as exc:
            error = str(exc)
    if request.htmx:
        return render(
            request,
            "meetings/prepare.html#groups",
            {
                "membership": membership,
                "team": membership.team,
                "meeting": meeting,
                "groups_error": error,
                **_groups_context(meeting),
            },
        )
    if error:
        messages.error(request, error)
    return redirect("meeting_prepare", team_slug=team_slug, pk=pk)


# --- running --------------------------------------------------------------------------------


def meeting_run(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    membership, meeting = facilitated_meeting(request, team_slug, pk)
    run = services.shown_run(meeting)
    context = _run_context(membership, meeting, run)
    context.update(_groups_context(meeting, prepare=False))
    context["attendance"] = attendance_check(meeting)
    context["look_back"] = back = look_back(meeting, can=Can(membership))
    context["markable_steps"] = markable_step_ids(membership, back.steps) if back else set()
    # The facilitators of this meeting follow up the agreements of the meeting before.
    context["markable_agreements"] = (
        markable_agreement_ids(membership, back.agreements, runs_next=True) if back else set()
    )
    # Meetings 1 and 6 follow their own protocol (issue 13): their cards in the run view.
    if meeting.number == 1:
        context.update(introduction_views.run_context(meeting, run if run.pk else None))
    elif meeting.number == MEETINGS_PER_YEAR:
        context.update(evaluation_views.run_context(meeting, run if run.pk else None))
    if run.pk is not None:  # before that the button asks for the run with a POST
        context["projector_url"] = _projector_url(request, run)
    return render(request, "meetings/run.html", context)


def _projector_url(request: HttpRequest, run: MeetingRun) -> str:
    return request.build_absolute_uri(
        reverse("projector", kwargs={"pk": run.meeting_id, "token": run.projector_token})
    )


@require_POST
def meeting_projector(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    """Open the projector view of a meeting nobody prepared or started yet: its link
    needs the run's token, so the run is made here."""
    membership, meeting = facilitated_meeting(request, team_slug, pk)
    return redirect(_projector_url(request, services.ensure_run(meeting=meeting)))


def meeting_run_state(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    """The current phase and timer, for a second laptop: 204 when nothing changed (after
    the permission check, from the shared cache: meetings/run_cache.py)."""
    check_facilitator(request, team_slug, pk)  # one query: the poll comes every second
    if run_cache.unchanged(pk, request.GET.get("v")):
        return HttpResponse(status=204)
    membership, meeting = facilitated_meeting(request, team_slug, pk)
    run = services.shown_run(meeting)
    if run.pk is not None:
        run_cache.remember(run)
    if request.GET.get("v") == str(run.state_version):
        return HttpResponse(status=204)
    return render(request, "meetings/run.html#run-state", _run_context(membership, meeting, run))


@require_POST
def meeting_attendance(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    membership, meeting = facilitated_meeting(request, team_slug, pk)
    form = AttendanceForm(request.POST, people=expected_people(meeting))
    if not form.is_valid():
        messages.error(request, _("The attendance could not be saved; tick the people present."))
        return redirect("meeting_run", team_slug=team_slug, pk=pk)
    services.set_attendance(meeting=meeting, present={u.pk for u in form.cleaned_data["present"]})
    messages.success(request, _("The attendance has been saved."))
    if form.cleaned_data["recompose"]:
        try:
            changes = services.fit_groups_to_attendance(meeting=meeting)
        except ValueError as error:
            messages.error(request, str(error))
        else:
            for change in changes:
                messages.info(request, change)
    return redirect("meeting_run", team_slug=team_slug, pk=pk)


def _shown_step(request: HttpRequest) -> int | None:
    """The step the pressing screen showed (the form's `from`), None for "not started"."""
    return plain_int(request.POST.get("from", ""), max=999)


@require_POST
def meeting_step(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    """Start, next or previous phase, from the phase the screen showed. Going back is always
    safe: time stays with its phase. A press from a screen that is behind changes nothing."""
    membership, meeting = facilitated_meeting(request, team_slug, pk)
    run = services.ensure_run(meeting=meeting)
    steps = run.steps(_phases(meeting))
    if run.is_closed:
        messages.error(request, _("This meeting has been closed."))
        return redirect("meeting_run", team_slug=team_slug, pk=pk)
    action = request.POST.get("action", "")
    moved = run.step_from(action, _shown_step(request), step_count=len(steps), now=timezone.now())
    context = _run_context(membership, meeting, run)
    if not moved:
        context["stale_step"] = stale_step_message(context["current"])
        if not request.htmx:
            messages.warning(request, context["stale_step"])
    if request.htmx:
        return render(request, "meetings/run.html#run-state", context)
    return redirect("meeting_run", team_slug=team_slug, pk=pk)


def stale_step_message(current: Step | None) -> str:
    if current is None:
        return _("Nothing changed: this meeting has not started yet.")
    if current.is_break:
        return _("Nothing changed: the meeting had already moved on, to the break.")
    return _(
        "Nothing changed: the meeting had already moved on, on another screen or with a "
        "double click. It is now in phase %(number)s: %(name)s."
    ) % {"number": current.phase.number, "name": current.phase.name}


@require_POST
def meeting_close(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    membership, meeting = facilitated_meeting(request, team_slug, pk)
    services.close_meeting(meeting=meeting)
    messages.success(
        request, _("The meeting has been closed. The draft report has been made from the notes.")
    )
    if meeting.number == 1:
        not_fixed = introduction_views.run_context(meeting, None)["not_fixed"]
        if not_fixed:
            messages.warning(
                request,
                _(
                    "Meeting 1 has not fixed everything yet: meetings %(numbers)s still need a "
                    "theme or two preparers."
                )
                % {"numbers": ", ".join(str(m.number) for m in not_fixed)},
            )
    return redirect("meeting_detail", team_slug=team_slug, pk=pk)
