from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from meetings import services
from meetings.access import is_facilitator
from meetings.forms import (
    AbsenceForm,
    ExampleThemesForm,
    HolidayForm,
    MeetingForm,
    SchoolYearForm,
    ThemeForm,
)
from meetings.models import Absence, Holiday, Meeting, Report, SchoolYear, Theme
from meetings.timeline import build_weeks
from plg.access import get_leader_membership, get_membership
from plg.models import Membership

# --- lookups scoped to the user's team ------------------------------------------------------


def _school_year(membership: Membership, pk: int) -> SchoolYear:
    return get_object_or_404(
        SchoolYear.objects.for_team(membership.team).prefetch_related("periods", "holidays"), pk=pk
    )


def _meeting(membership: Membership, pk: int) -> Meeting:
    return get_object_or_404(
        Meeting.objects.for_team(membership.team)
        .with_details()
        .prefetch_related("school_year__periods", "school_year__holidays"),
        pk=pk,
    )


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
    membership = get_leader_membership(request, team_slug)
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
        start_year = _suggested_start_year(team, request.GET.get("jaar", ""))
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


def _suggested_start_year(team, asked: str) -> int:
    """The year asked for (?jaar=2027), else the year after the team's latest school year."""
    if asked.isdigit() and 2000 <= int(asked) <= 2100:
        return int(asked)
    latest = SchoolYear.objects.for_team(team).order_by("-first_day").first()
    if latest:
        return latest.last_day.year
    today = timezone.localdate()
    return today.year if today.month >= 8 else today.year - 1


def planner(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    membership = get_membership(request, team_slug)
    year = _school_year(membership, pk)
    meetings = list(year.meetings.select_related("theme").prefetch_related("preparers"))
    for meeting in meetings:
        meeting.school_year = year  # reuse the prefetched periods and holidays
    weeks = _weeks(year, meetings)
    load = services.preparer_load(school_year=year) if membership.is_leader else {}
    return render(
        request,
        "meetings/planner.html",
        {
            "membership": membership,
            "team": membership.team,
            "year": year,
            "years": SchoolYear.objects.for_team(membership.team),
            "meetings": meetings,
            "weeks": weeks,
            "periods": sorted(year.periods.all(), key=lambda p: p.number),
            "holidays": year.holidays.all(),
            "holiday_form": HolidayForm(),
            "load": load,
            "load_rows": sorted(load.items(), key=lambda item: (-item[1], str(item[0]))),
        },
    )


@require_POST
def replan(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    membership = get_leader_membership(request, team_slug)
    year = _school_year(membership, pk)
    warnings = services.replan_school_year(school_year=year)
    messages.success(request, _("All six meetings are back on the dates the rule gives."))
    for warning in warnings:
        messages.warning(request, warning)
    return redirect("planner", team_slug=team_slug, pk=year.pk)


# --- holidays -------------------------------------------------------------------------------


def holiday_add(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    membership = get_leader_membership(request, team_slug)
    year = _school_year(membership, pk)
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
    membership = get_leader_membership(request, team_slug)
    holiday = get_object_or_404(
        Holiday.objects.select_related("school_year"),
        pk=pk,
        school_year__team=membership.team,
    )
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
    membership = get_leader_membership(request, team_slug)
    holiday = get_object_or_404(Holiday, pk=pk, school_year__team=membership.team)
    holiday.delete()
    messages.success(request, _("Holiday %(name)s has been removed.") % {"name": holiday})
    return redirect("planner", team_slug=team_slug, pk=holiday.school_year_id)


# --- meetings -------------------------------------------------------------------------------


def meeting_detail(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    membership = get_membership(request, team_slug)
    meeting = _meeting(membership, pk)
    can_facilitate = is_facilitator(membership, meeting)
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "membership": membership,
            "team": membership.team,
            "meeting": meeting,
            "can_facilitate": can_facilitate,
            "absences": meeting.absences.select_related("user").order_by("user__first_name")
            if can_facilitate
            else [],
            "absence_form": AbsenceForm(meeting=meeting) if membership.is_leader else None,
            # Everyone may follow the link to a published report; writers also see the draft.
            "report": Report.objects.filter(meeting=meeting).first(),
        },
    )


def absence_add(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    """The team leader records an absence agreed with a member."""
    membership = get_leader_membership(request, team_slug)
    meeting = _meeting(membership, pk)
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
    membership = get_leader_membership(request, team_slug)
    absence = get_object_or_404(
        Absence.objects.select_related("user"), pk=pk, meeting__school_year__team=membership.team
    )
    absence.delete()
    messages.success(
        request, _("The absence of %(name)s has been removed.") % {"name": absence.user}
    )
    return redirect("meeting_detail", team_slug=team_slug, pk=absence.meeting_id)


def meeting_edit(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    """Edit a meeting in place (in the planner, with htmx) or on its own page."""
    membership = get_leader_membership(request, team_slug)
    meeting = _meeting(membership, pk)
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
        form.save()
        meeting = _meeting(membership, pk)
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
                },
            )
        for warning in meeting.date_warnings:
            messages.warning(
                request, _("%(meeting)s: %(warning)s") % {"meeting": meeting, "warning": warning}
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
    membership = get_membership(request, team_slug)
    meeting = _meeting(membership, pk)
    return render(
        request,
        "meetings/planner.html#meeting-row",
        {"membership": membership, "team": membership.team, "meeting": meeting},
    )


# --- themes ---------------------------------------------------------------------------------


def themes(request: HttpRequest, team_slug: str) -> HttpResponse:
    membership = get_membership(request, team_slug)
    team = membership.team
    form = ThemeForm(request.POST or None, team=team)
    if request.method == "POST" and form.is_valid():
        form.instance.team = team
        form.instance.proposed_by = request.user
        form.save()
        messages.success(request, _("Theme “%(title)s” has been added.") % {"title": form.instance})
        return redirect("themes", team_slug=team_slug)
    theme_list = (
        Theme.objects.filter(team=team)
        .select_related("proposed_by")
        .annotate(meeting_count=Count("meetings"))
    )
    have = {t.title.lower() for t in theme_list}
    examples = [(t, d) for t, d in services.EXAMPLE_THEMES if t.lower() not in have]
    return render(
        request,
        "meetings/themes.html",
        {
            "membership": membership,
            "team": team,
            "themes": theme_list,
            "form": form,
            "examples_form": ExampleThemesForm(initial={"titles": [t for t, _d in examples]}),
            "examples": examples,
        },
    )


@require_POST
def themes_add_examples(request: HttpRequest, team_slug: str) -> HttpResponse:
    membership = get_membership(request, team_slug)
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


def _editable_theme(request: HttpRequest, membership: Membership, pk: int) -> Theme:
    theme = get_object_or_404(Theme, pk=pk, team=membership.team)
    if not (membership.is_leader or theme.proposed_by_id == request.user.pk):
        raise PermissionDenied
    return theme


def theme_edit(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    membership = get_membership(request, team_slug)
    theme = _editable_theme(request, membership, pk)
    form = ThemeForm(request.POST or None, instance=theme, team=membership.team)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Theme “%(title)s” has been saved.") % {"title": theme})
        return redirect("themes", team_slug=team_slug)
    return render(
        request,
        "meetings/theme_form.html",
        {"membership": membership, "team": membership.team, "theme": theme, "form": form},
    )


@require_POST
def theme_delete(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    membership = get_membership(request, team_slug)
    theme = _editable_theme(request, membership, pk)
    theme.delete()
    messages.success(request, _("Theme “%(title)s” has been removed.") % {"title": theme})
    return redirect("themes", team_slug=team_slug)
