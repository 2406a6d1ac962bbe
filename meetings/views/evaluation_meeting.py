"""Meeting 6, the evaluatiebijeenkomst, in its run view: the year's reports collected, the
successes recorded and presented, a look ahead, and new themes gathered for next year
(meetings/services/evaluation_meeting.py). For the meeting's facilitators."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from meetings.access import run_evaluation_meeting
from meetings.forms import ThemeForm
from meetings.forms.evaluation_meeting import EvaluationRecordForm, EvaluationTickForm
from meetings.models import Meeting, MeetingRun, Report
from meetings.services import evaluation_meeting as services
from meetings.services.running import ensure_run, find_run
from meetings.services.year_review import theme_ideas


def _run_url(team_slug: str, pk: int, anchor: str = "meeting-6") -> str:
    return reverse("meeting_run", kwargs={"team_slug": team_slug, "pk": pk}) + f"#{anchor}"


def _collected(meeting: Meeting) -> list[tuple[Meeting, str | None]]:
    """The year's meetings with the status of their report (None: no report yet)."""
    year = meeting.school_year
    status = dict(
        Report.objects.filter(meeting__school_year=year).values_list("meeting_id", "status")
    )
    meetings = list(year.meetings.select_related("theme").order_by("number"))
    return [(m, status.get(m.pk)) for m in meetings]


def run_context(meeting: Meeting, run: MeetingRun | None, theme_form=None) -> dict:
    """What the run view of meeting 6 carries instead of cases."""
    collected = _collected(meeting)
    return {
        "evaluation_agenda": services.evaluation_agenda(run),
        "evaluation_minutes": sum(services.EVALUATION_MINUTES.values()),
        "collected": collected,
        "published_count": sum(status == Report.Status.PUBLISHED for _m, status in collected),
        "record_form": EvaluationRecordForm(instance=run or MeetingRun(meeting=meeting)),
        "theme_form": theme_form or ThemeForm(team=meeting.school_year.team),
        "theme_ideas": list(theme_ideas(meeting.school_year)),
        "successes": (run.successes if run else "").splitlines(),
    }


def _partial(request, membership, meeting, name: str, **extra) -> HttpResponse:
    context = {
        "membership": membership,
        "team": membership.team,
        "meeting": meeting,
        **run_context(meeting, find_run(meeting), extra.pop("theme_form", None)),
        **extra,
    }
    return render(request, f"meetings/_run_meeting6.html#{name}", context)


@require_POST
def evaluation_agenda(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    """Tick an item of meeting 6's agenda off, or on again."""
    membership, meeting = run_evaluation_meeting(request, team_slug, pk)
    form = EvaluationTickForm(request.POST)
    error = ""
    if form.is_valid():
        services.tick_evaluation_item(
            meeting=meeting, key=form.cleaned_data["item"], done=form.cleaned_data["done"]
        )
    else:
        error = _("This is not an item of the agenda of meeting 6.")
    if request.htmx:
        return _partial(request, membership, meeting, "evaluation-agenda", agenda_error=error)
    if error:
        messages.error(request, error)
    return redirect(_run_url(team_slug, pk))


@require_POST
def evaluation_record(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    """Save the successes and the look ahead of the year."""
    membership, meeting = run_evaluation_meeting(request, team_slug, pk)
    run = ensure_run(meeting=meeting)
    form = EvaluationRecordForm(request.POST, instance=run)
    if form.is_valid():
        services.record_evaluation(
            meeting=meeting,
            successes=form.cleaned_data["successes"],
            look_ahead=form.cleaned_data["look_ahead"],
        )
        messages.success(request, _("The successes and the look ahead have been saved."))
    else:
        messages.error(request, _("The successes could not be saved."))
    return redirect(_run_url(team_slug, pk, "successes"))


@require_POST
def evaluation_theme(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    """Bring in a new theme for next year: one of the team's themes, in next year's vote."""
    membership, meeting = run_evaluation_meeting(request, team_slug, pk)
    form = ThemeForm(request.POST, team=membership.team)
    saved = None
    if form.is_valid():
        try:
            saved = services.bring_in_theme(
                meeting=meeting,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                by=request.user,
            )
        except ValueError as error:
            form.add_error("title", str(error))
    if request.htmx:
        return _partial(
            request,
            membership,
            meeting,
            "new-themes",
            theme_form=None if saved else form,
            theme_saved=saved,
        )
    if saved is None:  # without htmx: a page with the form as it was typed and the error
        context = {"membership": membership, "team": membership.team, "meeting": meeting}
        context |= run_context(meeting, find_run(meeting), form)
        return render(request, "meetings/evaluation_theme.html", context)
    messages.success(
        request, _("“%(title)s” is a theme for next year's vote.") % {"title": saved.title}
    )
    return redirect(_run_url(team_slug, pk, "new-themes"))
