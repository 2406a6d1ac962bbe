"""Meeting 1, the introductiebijeenkomst, for its preparers and the team leader: the
protocol's agenda as a checklist, the theme ranking, and one form that fixes the themes and
preparer pairs of meetings 2–5 beside their planning. The same agenda, with its minutes,
and the same form are carried in the run view of meeting 1 (`run_context`)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from meetings.access import introduction_meeting
from meetings.forms.introduction import AgendaTickForm, FixThemesForm
from meetings.models import Meeting, SchoolYear, Theme
from meetings.services import introduction as services
from meetings.services.planning import FIRST_THEME_TITLE, preparer_load
from meetings.services.preparing import developer_ids, mark_preparer_warnings
from meetings.services.running import ensure_run, find_run
from meetings.services.votes import ballot_for, ranking
from plg.prepared import Prepared

# plg/prepared.py: compiled once.
_YEAR_WITH_CALENDAR = Prepared(
    lambda pk: SchoolYear.objects.filter(pk=pk).prefetch_related("periods", "holidays"), pk=int
)
_LATER_MEETINGS = Prepared(
    lambda year: (
        Meeting.objects.filter(school_year_id=year, number__in=services.FIXED_IN_MEETING_1)
        .select_related("theme")
        .prefetch_related("preparers")
        .order_by("number")
    ),
    year=int,
)
_TEAM_THEMES = Prepared(lambda team: Theme.objects.filter(team_id=team).order_by("title"), team=int)


def _later_meetings(meeting: Meeting) -> list[Meeting]:
    year = _YEAR_WITH_CALENDAR.get_or_404(pk=meeting.school_year_id)
    later = _LATER_MEETINGS(year=year.pk)
    for other in later:
        other.school_year = year  # reuse the prefetched periods and holidays (date warnings)
    return later


def _fix_form(meeting: Meeting, later: list[Meeting], data=None) -> FixThemesForm:
    load = preparer_load(school_year=meeting.school_year)
    return FixThemesForm(
        data,
        meetings=later,
        themes=_TEAM_THEMES(team=meeting.school_year.team_id),
        developers=sorted(load, key=lambda u: (u.first_name, u.last_name, u.pk)),
        load=load,
    )


def run_context(meeting: Meeting, run, data=None) -> dict:
    """What the run view of meeting 1 carries: the agenda with its minutes, the theme of
    meeting 1, and the form that fixes meetings 2–5 (bound to `data` after a refused save)."""
    later = _later_meetings(meeting)
    form = _fix_form(meeting, later, data)
    if data is not None:
        form.is_valid()
    developers = developer_ids(meeting.school_year.team)
    return {
        "agenda": services.agenda(run),
        "agenda_minutes": sum(services.INTRO_MINUTES.values()),
        "rows": list(zip(later, form.rows, strict=True)),
        "form_has_errors": any(row.errors for row in form.rows),
        "not_fixed": services.not_fixed_yet(later, developers),
        "first_theme_title": FIRST_THEME_TITLE,
    }


def _back_to_run(request: HttpRequest) -> bool:
    return request.POST.get("back") == "run"


def _run_url(team_slug: str, pk: int, anchor: str = "meeting-1") -> str:
    return reverse("meeting_run", kwargs={"team_slug": team_slug, "pk": pk}) + f"#{anchor}"


def _warn_not_fixed(request: HttpRequest, meeting: Meeting) -> None:
    lacking = mark_preparer_warnings(
        _later_meetings(meeting), team=meeting.school_year.team, today=timezone.localdate()
    )
    for other in lacking:
        messages.warning(
            request,
            _("%(meeting)s: %(warning)s") % {"meeting": other, "warning": other.preparer_warning},
        )


def introduction(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    membership, meeting = introduction_meeting(request, team_slug, pk)
    run = find_run(meeting)
    later = _later_meetings(meeting)
    form = _fix_form(meeting, later, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.fix_themes_and_preparers(rows=form.fixed())
        messages.success(request, _("The themes and preparers of meetings 2 to 5 have been saved."))
        _warn_not_fixed(request, meeting)
        if _back_to_run(request):
            return redirect(_run_url(team_slug, pk))
        url = reverse("introduction", kwargs={"team_slug": team_slug, "pk": pk})
        return redirect(f"{url}#fix")
    # Refused (from this page or from the run view): this page shows the form again with
    # what was chosen and the errors.
    ballot = ballot_for(school_year=meeting.school_year)
    return render(
        request,
        "meetings/introduction.html",
        {
            "membership": membership,
            "team": membership.team,
            "meeting": meeting,
            "agenda": services.agenda(run),
            "ranked": ranking(team=membership.team, ballot=ballot),
            "ballot": ballot,
            "rows": list(zip(later, form.rows, strict=True)),
            "form_has_errors": any(row.errors for row in form.rows),
            "first_theme_title": FIRST_THEME_TITLE,
        },
    )


@require_POST
def introduction_first_theme(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    """Make "Startende docenten" the theme of meeting 1 (added to the team's themes when it
    is not there yet): offered always, as the method treats it in meeting 1."""
    membership, meeting = introduction_meeting(request, team_slug, pk)
    try:
        theme = services.choose_first_theme(meeting=meeting, by=request.user)
    except ValueError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("“%(title)s” is the theme of meeting 1.") % {"title": theme.title}
        )
    if _back_to_run(request):
        return redirect(_run_url(team_slug, pk))
    return redirect("introduction", team_slug=team_slug, pk=pk)


@require_POST
def introduction_agenda(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    """Tick an agenda item of meeting 1 off, or on again."""
    membership, meeting = introduction_meeting(request, team_slug, pk)
    form = AgendaTickForm(request.POST)
    error = ""
    if form.is_valid():
        run = services.tick_agenda_item(
            meeting=meeting, key=form.cleaned_data["item"], done=form.cleaned_data["done"]
        )
    else:
        run = ensure_run(meeting=meeting)
        error = _("This is not an item of the agenda of meeting 1.")
    if request.htmx:
        context = {
            "membership": membership,
            "team": membership.team,
            "meeting": meeting,
            "agenda": services.agenda(run),
            "agenda_minutes": sum(services.INTRO_MINUTES.values()),
            "agenda_error": error,
        }
        if _back_to_run(request):
            return render(request, "meetings/_run_meeting1.html#intro-agenda", context)
        return render(request, "meetings/introduction.html#agenda", context)
    if error:
        messages.error(request, error)
    if _back_to_run(request):
        return redirect(_run_url(team_slug, pk))
    url = reverse("introduction", kwargs={"team_slug": team_slug, "pk": pk})
    return redirect(f"{url}#agenda")
