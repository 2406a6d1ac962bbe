"""The learning question (leervraag): the person's own page to write it, link their cases
and first steps to it and look back on it in meeting 6, and the team's shared questions.

Who reads what is meetings/access.py: a question is its owner's; shared, the whole team
reads it. The own page's URL names no person, so it only ever shows the logged-in member's
question.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from meetings.access import Can, own_learning_question, school_year_for
from meetings.forms.learning import LearningLinksForm, LearningQuestionForm, ReflectionForm
from meetings.models import LearningQuestion, SchoolYear
from meetings.services import learning as services
from plg.models import Membership


def _render(
    request: HttpRequest,
    membership: Membership,
    year: SchoolYear,
    question: LearningQuestion | None,
    *,
    form: LearningQuestionForm | None = None,
    links_form: LearningLinksForm | None = None,
    reflection_form: ReflectionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    if form is None:
        initial = (
            {
                "question": question.question,
                "team_plan": question.team_plan,
                "shared": question.shared,
            }
            if question
            else {}
        )
        form = LearningQuestionForm(initial=initial)
    reflection_open = services.reflection_open(year, timezone.localdate())
    context = {
        "membership": membership,
        "team": membership.team,
        "year": year,
        "question": question,
        "form": form,
        "reflection_open": reflection_open,
    }
    if question is not None:
        cases, steps = services.own_cases(question), services.own_steps(question)
        context["links_form"] = links_form or LearningLinksForm(
            cases=cases,
            steps=steps,
            initial={
                "cases": [c.pk for c in cases if c.learning_question_id == question.pk],
                "steps": [s.pk for s in steps if s.learning_question_id == question.pk],
            },
        )
        if reflection_open or question.reflection:
            context["reflection_form"] = reflection_form or ReflectionForm(
                initial={"reflection": question.reflection}
            )
    return render(request, "meetings/learning_question.html", context, status=status)


def learning_question(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    """Mijn leervraag: write or change the question, and whether the team may read it."""
    membership, year, question = own_learning_question(request, team_slug, pk)
    if request.method != "POST":
        return _render(request, membership, year, question)
    form = LearningQuestionForm(request.POST)
    if not form.is_valid():
        return _render(request, membership, year, question, form=form, status=400)
    services.save_question(owner=request.user, year=year, **form.cleaned_data)
    if form.cleaned_data["shared"]:
        messages.success(
            request, _("Your learning question has been saved; your team can read it.")
        )
    else:
        messages.success(request, _("Your learning question has been saved; only you can read it."))
    return redirect("learning_question", team_slug=team_slug, pk=pk)


def _after_question(request, membership, year, question) -> HttpResponse | None:
    """Linking and looking back need a question first: without one, the page says so."""
    if question is not None:
        return None
    messages.error(request, _("Write your learning question first."))
    return redirect("learning_question", team_slug=membership.team.slug, pk=year.pk)


@require_POST
def learning_links(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    """Which of my cases and first steps of the year work on my learning question."""
    membership, year, question = own_learning_question(request, team_slug, pk)
    if (answer := _after_question(request, membership, year, question)) is not None:
        return answer
    form = LearningLinksForm(
        request.POST, cases=services.own_cases(question), steps=services.own_steps(question)
    )
    if not form.is_valid():
        return _render(request, membership, year, question, links_form=form, status=400)
    services.link(
        question=question,
        case_ids=[c.pk for c in form.cleaned_data["cases"]],
        step_ids=[s.pk for s in form.cleaned_data["steps"]],
    )
    messages.success(request, _("The links to your learning question have been saved."))
    return redirect(reverse("learning_question", args=[team_slug, pk]) + "#links")


@require_POST
def learning_reflection(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    """The short look back on the learning question, in (or around) meeting 6."""
    membership, year, question = own_learning_question(request, team_slug, pk)
    if (answer := _after_question(request, membership, year, question)) is not None:
        return answer
    form = ReflectionForm(request.POST)
    if not form.is_valid():
        return _render(request, membership, year, question, reflection_form=form, status=400)
    services.save_reflection(question=question, text=form.cleaned_data["reflection"])
    messages.success(request, _("Your look back has been saved."))
    return redirect(reverse("learning_question", args=[team_slug, pk]) + "#reflection")


@require_GET
def team_learning_questions(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    """The learning questions of the year the member may read: their own and the shared ones."""
    membership, year = school_year_for(request, team_slug, pk)
    questions = list(
        Can(membership)
        .learning_questions()
        .filter(school_year=year)
        .select_related("owner")
        .order_by("owner__first_name", "owner__last_name", "pk")
    )
    return render(
        request,
        "meetings/learning_questions.html",
        {
            "membership": membership,
            "team": membership.team,
            "year": year,
            "questions": questions,
            "own": next((q for q in questions if q.owner_id == membership.user_id), None),
        },
    )
