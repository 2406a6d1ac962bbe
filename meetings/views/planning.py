from __future__ import annotations

from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from meetings import services
from meetings.access import (
    Can,
    absence_for,
    editable_theme,
    editable_theme_ids,
    holiday_for,
    member,
    school_year_for,
    team_leader,
)
from meetings.access import meeting_for as _meeting_for
from meetings.forms import (
    AbsenceForm,
    ExampleThemesForm,
    HolidayForm,
    MeetingForm,
    SchoolYearForm,
    ThemeForm,
)
from meetings.forms.votes import ThemeIdeaForm
from meetings.models import Meeting, Report, SchoolYear, Theme
from meetings.services import absence
from meetings.services.attendance import withdraw_excuse
from meetings.services.planning import team_years, year_meetings_with_preparers
from meetings.services.preparing import mark_preparer_warnings
from meetings.timeline import build_weeks
from plg.params import int_param

# --- what the planner pages load (through meetings/access.py) ----------------------------

YEARS_WITH_CALENDAR = SchoolYear.objects.prefetch_related("periods", "holidays")
MEETINGS_WITH_CALENDAR = Meeting.objects.with_details().prefetch_related(
    "school_year__periods", "school_year__holidays"
)


def _school_year(request: HttpRequest, team_slug: str, pk: int, *, leader: bool = False):
    return school_year_for(request, team_slug, pk, leader=leader, queryset=YEARS_WITH_CALENDAR)


def _meeting(request: HttpRequest, team_slug: str, pk: int, *, leader: bool = False):
    return _meeting_for(request, team_slug, pk, leader=leader, queryset=MEETINGS_WITH_CALENDAR)


def _weeks(year: SchoolYear, meetings) -> list:
    return build_weeks(
        first_day=year.first_day,
        last_day=year.last_day,
        periods=year.period_ranges(),
        holidays=year.named_holidays(),
        meetings=[(m.number, m.date) for m in meetings],
    )


# --- school year ----------------------------------------------------------------------------


def school_year_create(request: HttpRequest, team_slug: str) -> HttpResponse:
    membership = team_leader(request, team_slug)
    team = membership.team
    if request.method == "POST":
        form = SchoolYearForm(request.POST, team=team)
        if form.is_valid():
            year, warnings = services.create_school_year(
                team=team,
                name=form.cleaned_data["name"],
                first_day=form.cleaned_data["first_day"],
                last_day=form.cleaned_data["last_day"],
                region=form.cleaned_data["region"],
                periods=form.periods(),
                holidays=form.holidays,
            )
            messages.success(
                request,
                _("School year %(name)s has been created with six meetings.") % {"name": year.name},
            )
            for warning in warnings:
                messages.warning(request, warning)
            return redirect("planner", team_slug=team_slug, pk=year.pk)
    else:
        start_year = _suggested_start_year(team, int_param(request.GET, "jaar", max=9999))
        form = SchoolYearForm(initial=SchoolYearForm.initial_for(team, start_year), team=team)
    this_year = timezone.localdate().year
    return render(
        request,
        "meetings/school_year_form.html",
        {
            "membership": membership,
            "team": team,
            "form": form,
            "suggestions": [this_year - 1, this_year, this_year + 1],
        },
    )


def _suggested_start_year(team, asked: int | None) -> int:
    """The year asked for (?jaar=2027), else the year after the team's latest school year."""
    if asked is not None and 2000 <= asked <= 2100:
        return asked
    latest = SchoolYear.objects.for_team(team).order_by("-first_day").first()
    if latest:
        return latest.last_day.year
    today = timezone.localdate()
    return today.year if today.month >= 8 else today.year - 1


def planner(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    membership, year = _school_year(request, team_slug, pk)
    meetings = year_meetings_with_preparers(year)  # they reuse its periods and holidays
    weeks = _weeks(year, meetings)
    load = services.preparer_load(school_year=year) if Can(membership).plan else {}
    lacking = (
        mark_preparer_warnings(
            meetings,
            team=membership.team,
            today=timezone.localdate(),
            developers={u.pk for u in load} if load else None,
        )
        if Can(membership).see_preparer_warnings
        else []
    )
    return render(
        request,
        "meetings/planner.html",
        {
            "membership": membership,
            "team": membership.team,
            "year": year,
            "years": team_years(membership.team_id),
            "meetings": meetings,
            "weeks": weeks,
            "periods": sorted(year.periods.all(), key=lambda p: p.number),
            "holidays": year.holidays.all(),
            "holiday_form": HolidayForm(),
            **_load_context(load),
            "lacking_preparers": lacking,
        },
    )


def _load_context(load: dict) -> dict:
    """The planner's preparation-load card: meetings per development-team member."""
    return {
        "load": load,
        "load_rows": sorted(load.items(), key=lambda item: (-item[1], str(item[0]))),
    }


@require_POST
def replan(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    membership, year = _school_year(request, team_slug, pk, leader=True)
    warnings = services.replan_school_year(school_year=year)
    messages.success(request, _("All six meetings are back on the dates the rule gives."))
    for warning in warnings:
        messages.warning(request, warning)
    return redirect("planner", team_slug=team_slug, pk=year.pk)


# --- holidays -------------------------------------------------------------------------------


def holiday_add(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    membership, year = _school_year(request, team_slug, pk, leader=True)
    form = HolidayForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.instance.school_year = year
        form.save()
        messages.success(
            request,
            _("Holiday %(name)s has been added. Check whether the meetings should be replanned.")
            % {"name": form.instance},
        )
        return redirect("planner", team_slug=team_slug, pk=year.pk)
    return render(
        request,
        "meetings/holiday_form.html",
        {"membership": membership, "team": membership.team, "year": year, "form": form},
    )


def holiday_edit(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    membership, holiday = holiday_for(request, team_slug, pk)
    form = HolidayForm(request.POST or None, instance=holiday)
    if request.method == "POST" and form.is_valid():
        form.save()
        if request.htmx:
            return render(
                request,
                "meetings/planner.html#holiday-row",
                {"holiday": holiday, "membership": membership, "team": membership.team},
            )
        messages.success(request, _("The holiday has been saved."))
        return redirect("planner", team_slug=team_slug, pk=holiday.school_year_id)
    template = (
        "meetings/holiday_form.html#holiday-edit" if request.htmx else "meetings/holiday_form.html"
    )
    return render(
        request,
        template,
        {
            "membership": membership,
            "team": membership.team,
            "year": holiday.school_year,
            "holiday": holiday,
            "form": form,
        },
    )


@require_POST
def holiday_delete(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    _membership, holiday = holiday_for(request, team_slug, pk)
    holiday.delete()
    messages.success(request, _("Holiday %(name)s has been removed.") % {"name": holiday})
    return redirect("planner", team_slug=team_slug, pk=holiday.school_year_id)


# --- meetings -------------------------------------------------------------------------------


def meeting_detail(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    membership, meeting = _meeting(request, team_slug, pk)
    can = Can(membership)
    can_facilitate = can.facilitate(meeting)
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "membership": membership,
            "team": membership.team,
            "meeting": meeting,
            "can_facilitate": can_facilitate,
            "absences": meeting.attendance.excused()
            .select_related("user")
            .order_by("user__first_name")
            if can_facilitate
            else [],
            "absence_form": AbsenceForm(meeting=meeting) if can.plan else None,
            "reads_absence_reasons": can.read_absence_reasons,
            "can_ask_absence": can.ask_absence
            and meeting.date >= timezone.localdate()
            and not meeting.attendance_fixed,
            "my_absence_request": absence.my_requests([meeting.pk], request.user).get(meeting.pk),
            "reads_meeting_cases": can.prepare(meeting),
            # Everyone may follow the link to a published report; writers also see the draft.
            "report": Report.objects.filter(meeting=meeting).first(),
        },
    )


def absence_add(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    """The team leader records an absence agreed with a member."""
    membership, meeting = _meeting(request, team_slug, pk, leader=True)
    form = AbsenceForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        form.instance.meeting = meeting
        form.instance.recorded_by = request.user
        form.save()
        messages.success(
            request, _("The absence of %(name)s has been recorded.") % {"name": form.instance.user}
        )
        return redirect("meeting_detail", team_slug=team_slug, pk=pk)
    return render(
        request,
        "meetings/absence_form.html",
        {"membership": membership, "team": membership.team, "meeting": meeting, "form": form},
    )


@require_POST
def absence_delete(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    _membership, absence = absence_for(request, team_slug, pk)
    withdraw_excuse(absence)
    messages.success(
        request, _("The absence of %(name)s has been removed.") % {"name": absence.user}
    )
    return redirect("meeting_detail", team_slug=team_slug, pk=absence.meeting_id)


def meeting_edit(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    """Edit a meeting in place (in the planner, with htmx) or on its own page."""
    membership, meeting = _meeting(request, team_slug, pk, leader=True)
    load = services.preparer_load(school_year=meeting.school_year)
    form = MeetingForm(request.POST or None, instance=meeting, team=membership.team, load=load)
    context = {
        "membership": membership,
        "team": membership.team,
        "meeting": meeting,
        "form": form,
        "inline": bool(request.htmx),
    }
    if request.method == "POST" and form.is_valid():
        services.save_meeting(form)
        _membership, meeting = _meeting(request, team_slug, pk)
        mark_preparer_warnings([meeting], team=membership.team, today=timezone.localdate())
        if request.htmx:
            year = meeting.school_year
            return render(
                request,
                "meetings/planner.html#meeting-saved",
                {
                    **context,
                    "meeting": meeting,
                    "saved": True,
                    "weeks": _weeks(year, year.meetings.all()),
                    # the counts changed with the preparers just saved
                    **_load_context(services.preparer_load(school_year=year)),
                },
            )
        for warning in [*meeting.date_warnings, meeting.preparer_warning]:
            if warning:
                messages.warning(
                    request,
                    _("%(meeting)s: %(warning)s") % {"meeting": meeting, "warning": warning},
                )
        messages.success(request, _("%(meeting)s has been saved.") % {"meeting": meeting})
        return redirect("meeting_detail", team_slug=team_slug, pk=pk)
    context["suggestion"] = services.suggest_preparers(meeting=meeting)
    template = "meetings/meeting_form.html"
    if request.htmx:
        template += "#meeting-form-item"
    return render(request, template, context)


def meeting_row(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    """The planner row of one meeting (to cancel an edit in place)."""
    membership, meeting = _meeting(request, team_slug, pk)
    if Can(membership).see_preparer_warnings:
        mark_preparer_warnings([meeting], team=membership.team, today=timezone.localdate())
    return render(
        request,
        "meetings/planner.html#meeting-row",
        {"membership": membership, "team": membership.team, "meeting": meeting},
    )


# --- themes ---------------------------------------------------------------------------------


def themes(request: HttpRequest, team_slug: str) -> HttpResponse:
    membership = member(request, team_slug)
    team = membership.team
    form = ThemeIdeaForm(request.POST or None, team=team, owner=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Theme “%(title)s” has been added.") % {"title": form.instance})
        return redirect("themes", team_slug=team_slug)
    theme_list = (
        Theme.objects.filter(team=team)
        .select_related("proposed_by")
        .annotate(meeting_count=Count("meetings"))
    )
    have = {t.title.lower() for t in theme_list}
    editable = editable_theme_ids(membership, theme_list)
    examples = [(t, d) for t, d in services.EXAMPLE_THEMES if t.lower() not in have]
    return render(
        request,
        "meetings/themes.html",
        {
            "membership": membership,
            "team": team,
            "themes": theme_list,
            "editable_themes": editable,
            "form": form,
            "examples_form": ExampleThemesForm(initial={"titles": [t for t, _d in examples]}),
            "examples": examples,
        },
    )


@require_POST
def themes_add_examples(request: HttpRequest, team_slug: str) -> HttpResponse:
    membership = member(request, team_slug)
    form = ExampleThemesForm(request.POST)
    if form.is_valid():
        added = services.add_example_themes(
            team=membership.team, titles=form.cleaned_data["titles"], by=None
        )
        if added:
            messages.success(
                request,
                ngettext(
                    "%(count)s example theme added.", "%(count)s example themes added.", len(added)
                )
                % {"count": len(added)},
            )
        else:
            messages.info(request, _("The team already has these themes."))
    else:
        messages.error(request, _("Tick at least one theme."))
    return redirect("themes", team_slug=team_slug)


def theme_edit(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    membership, theme = editable_theme(request, team_slug, pk)
    form = ThemeForm(request.POST or None, instance=theme, team=membership.team)
    if request.method == "POST" and form.is_valid():
        form.save()
        if form.has_changed():
            services.theme_changed(theme=theme)
        messages.success(request, _("Theme “%(title)s” has been saved.") % {"title": theme})
        return redirect("themes", team_slug=team_slug)
    return render(
        request,
        "meetings/theme_form.html",
        {"membership": membership, "team": membership.team, "theme": theme, "form": form},
    )


@require_POST
def theme_delete(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    membership, theme = editable_theme(request, team_slug, pk)
    services.theme_changed(theme=theme)
    theme.delete()
    messages.success(request, _("Theme “%(title)s” has been removed.") % {"title": theme})
    return redirect("themes", team_slug=team_slug)
