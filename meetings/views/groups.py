"""The group leader's view of a small group (gespreksgroep): its case, notes, score and first
steps, on a phone on the table as much as on a laptop.

Notes save while typing (static/js/autosave.js posts them with `Accept: application/json`).
The same endpoints answer a plain form post with a redirect or a page, so the view also works
without JavaScript. Nothing typed is lost: a refused note comes back in the page, never
dropped.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from meetings import autosave
from meetings.access import group_for, group_step, may_read_group_case
from meetings.forms.cases import SpotCaseForm
from meetings.forms.groups import (
    NOTE_MAX_LENGTH,
    SCORES,
    CaseChoiceForm,
    FirstStepForm,
    NoteForm,
    ScoreForm,
)
from meetings.models import FirstStep, GroupNote, Phase, PhaseCard, SmallGroup
from meetings.models.running import GROUP_PHASES
from meetings.services.autosave import EditConflict
from meetings.services.running import cases_visible_in_group, find_run, save_note
from plg import audit
from plg.models import Membership, User
from plg.prepared import Prepared

# --- lookups and page data ------------------------------------------------------------------


# plg/prepared.py: the group page's queries, compiled once (it is opened all afternoon).
_MEMBERS = Prepared(
    lambda group: User.objects.filter(small_groups__id=group).order_by(
        "first_name", "last_name", "pk"
    ),
    group=int,
)
_NOTES = Prepared(lambda group: GroupNote.objects.filter(group_id=group), group=int)
_STEPS = Prepared(
    lambda group: FirstStep.objects.filter(group_id=group).select_related("owner"), group=int
)


def _people(group: SmallGroup) -> list[User]:
    """The leader first, then the members by name."""
    members = _MEMBERS(group=group.pk)
    return [group.leader, *members] if group.leader_id else members


@dataclass
class NoteField:
    """One phase's note as the page shows it; after a refused plain form post it carries the
    text that was typed, and the other text when someone else saved first."""

    phase: Phase
    text: str = ""
    version: int = 0
    saved_at: datetime.datetime | None = None
    conflict: EditConflict | None = None
    error: str = ""


def _note_fields(group: SmallGroup, phases: list[Phase]) -> list[NoteField]:
    notes = {n.phase: n for n in _NOTES(group=group.pk)}
    fields = []
    for phase in phases:
        note = notes.get(phase.number)
        if note is None:
            fields.append(NoteField(phase))
        else:
            saved_at = note.updated_at if note.version else None
            fields.append(NoteField(phase, note.text, note.version, saved_at))
    return fields


def _current_phase(group: SmallGroup, phases: list[Phase]) -> tuple[int | None, bool]:
    """The phase the meeting is in now (if running) and whether the meeting is closed."""
    run = find_run(group.meeting)
    if run is None:
        return None, False
    if not run.is_running or run.current_step is None:
        return None, run.is_closed
    steps = run.steps(phases)
    if run.current_step >= len(steps) or steps[run.current_step].phase is None:
        return None, False
    return steps[run.current_step].phase.number, False


def _case_context(
    membership: Membership,
    group: SmallGroup,
    people: list[User],
    form: CaseChoiceForm | None = None,
    *,
    saved: bool = False,
) -> dict:
    owners = {p.pk: p for p in people}
    cases = cases_visible_in_group(group)
    if group.case is not None and group.case.pk not in {c.pk for c in cases}:
        cases.append(group.case)  # chosen earlier; its owner may since have moved groups
    if form is None:
        form = CaseChoiceForm(initial={"case": group.case_id}, cases=cases, owners=owners)
    return {
        "case_form": form,
        "case_count": len(cases),
        "case_owner": (owners.get(group.case.owner_id) or group.case.owner) if group.case else None,
        "may_read_case": may_read_group_case(membership, group),
        "case_saved": saved,
        "spot_form": SpotCaseForm(people=people, team=membership.team),
    }


def _steps_context(group: SmallGroup, people: list[User], form: FirstStepForm | None = None):
    return {
        "steps": _STEPS(group=group.pk),
        "step_form": form or FirstStepForm(people=people),
    }


def _base_context(membership: Membership, group: SmallGroup) -> dict:
    return {
        "membership": membership,
        "team": membership.team,
        "group": group,
        "meeting": group.meeting,
    }


def _render_page(
    request: HttpRequest,
    membership: Membership,
    group: SmallGroup,
    *,
    status: int = 200,
    note: NoteField | None = None,
    score_form: ScoreForm | None = None,
    case_form: CaseChoiceForm | None = None,
    step_form: FirstStepForm | None = None,
) -> HttpResponse:
    all_phases = PhaseCard.phases_for_team(membership.team)
    phases = [p for p in all_phases if p.number in GROUP_PHASES]
    people = _people(group)
    notes = _note_fields(group, phases)
    if note is not None:
        notes = [note if n.phase.number == note.phase.number else n for n in notes]
    current_phase, closed = _current_phase(group, all_phases)
    context = {
        **_base_context(membership, group),
        **_case_context(membership, group, people, case_form),
        **_steps_context(group, people, step_form),
        "people": people,
        "members": people[1:],
        "notes": notes,
        "current_phase": current_phase,
        "meeting_closed": closed,
        "score_form": score_form or ScoreForm(initial={"score": group.answer_score}),
        "scores": SCORES,
        "note_max_length": NOTE_MAX_LENGTH,
    }
    return render(request, "meetings/group.html", context, status=status)


def _back(team_slug: str, group: SmallGroup, anchor: str) -> HttpResponse:
    url = reverse("group_detail", kwargs={"team_slug": team_slug, "pk": group.pk})
    return redirect(f"{url}#{anchor}")


# --- views ----------------------------------------------------------------------------------


@require_GET
def group_detail(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    membership, group = group_for(request, team_slug, pk)
    if may_read_group_case(membership, group):
        audit.record(request, audit.Action.READ, group.case)  # the page shows its texts
    return _render_page(request, membership, group)


@require_POST
def group_note_save(request: HttpRequest, team_slug: str, pk: int, phase: int) -> HttpResponse:
    """Save one phase's note, refusing to overwrite a text someone else saved in between.

    fetch (autosave.js) gets JSON (meetings/autosave.py): 200 saved, 409 conflict with the
    other text, 400 invalid. A plain form post gets a redirect, or the page again with the
    typed text kept in it.
    """
    membership, group = group_for(request, team_slug, pk)
    if phase not in GROUP_PHASES:
        raise Http404
    outcome = autosave.submit(
        NoteForm(request.POST),
        lambda text, version: save_note(
            group=group, phase=phase, text=text, version=version, by=request.user
        ),
    )
    if autosave.wants_json(request):
        return autosave.json_answer(outcome, viewer=request.user)
    if outcome.saved is not None:
        messages.success(request, _("The note has been saved."))
        return _back(team_slug, group, f"phase-{phase}")
    # After a conflict the typed text stays in the textarea, based on their version: sending
    # it again is "keep mine"; the other text is shown next to it.
    typed = NoteField(
        _phase(membership, phase),
        outcome.text,
        outcome.version,
        conflict=outcome.conflict,
        error=outcome.error,
    )
    return _render_page(request, membership, group, note=typed, status=outcome.status)


def _phase(membership: Membership, number: int) -> Phase:
    return PhaseCard.for_team(membership.team).phases.get(number=number)


@require_POST
def group_score(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    """The phase 4 score: how far is the case owner's question answered (0–10)."""
    membership, group = group_for(request, team_slug, pk)
    form = ScoreForm(request.POST)
    if form.is_valid():
        group.answer_score = form.cleaned_data["score"]
        group.save(update_fields=["answer_score"])
        if not request.htmx:
            messages.success(request, _("The score has been saved."))
            return _back(team_slug, group, "score")
    if request.htmx:
        context = {
            **_base_context(membership, group),
            "score_form": form,
            "scores": SCORES,
            "score_saved": form.is_valid(),
        }
        return render(request, "meetings/group.html#score", context)
    return _render_page(request, membership, group, score_form=form, status=400)


@require_POST
def group_case(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    """Phase 1: the group picks one of its members' cases."""
    membership, group = group_for(request, team_slug, pk)
    people = _people(group)
    owners = {p.pk: p for p in people}
    cases = {c.pk: c for c in cases_visible_in_group(group)}
    if group.case is not None:
        cases.setdefault(group.case.pk, group.case)
    form = CaseChoiceForm(request.POST, cases=list(cases.values()), owners=owners)
    if form.is_valid():
        case_pk = form.cleaned_data["case"]
        group.case = cases[case_pk] if case_pk is not None else None
        group.save(update_fields=["case"])
        if not request.htmx:
            messages.success(request, _("The case has been chosen."))
            return _back(team_slug, group, "case")
        form = None
    if request.htmx:
        context = {
            **_base_context(membership, group),
            **_case_context(membership, group, people, form, saved=form is None),
        }
        return render(request, "meetings/group.html#case", context)
    return _render_page(request, membership, group, case_form=form, status=400)


@require_POST
def first_step_add(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    """Phase 5: who takes which first small step. It follows them to their dashboard."""
    membership, group = group_for(request, team_slug, pk)
    people = _people(group)
    form = FirstStepForm(request.POST, people=people)
    if form.is_valid():
        FirstStep.objects.create(
            group=group, owner_id=form.cleaned_data["owner"], what=form.cleaned_data["what"]
        )
        if not request.htmx:
            messages.success(request, _("The first step has been added."))
            return _back(team_slug, group, "steps")
        form = None
    if request.htmx:
        context = {**_base_context(membership, group), **_steps_context(group, people, form)}
        return render(request, "meetings/group.html#steps", context)
    return _render_page(request, membership, group, step_form=form, status=400)


@require_POST
def first_step_delete(request: HttpRequest, team_slug: str, pk: int, step_pk: int) -> HttpResponse:
    membership, group, step = group_step(request, team_slug, pk, step_pk)
    step.delete()
    if not request.htmx:
        messages.success(request, _("The first step has been removed."))
        return _back(team_slug, group, "steps")
    context = {**_base_context(membership, group), **_steps_context(group, _people(group))}
    return render(request, "meetings/group.html#steps", context)
