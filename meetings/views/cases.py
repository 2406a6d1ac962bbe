"""Werkcasussen (cases): a teacher's own cases, a case's page, the preparers' list of the
cases for their meeting, and a case brought in on the spot in phase 1.

Every case is fetched through meetings/access.py: whoever may not read a case gets 404,
as if it did not exist.
"""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from meetings.access import (
    Can,
    group_for,
    member,
    own_case,
    owns_case,
    prepared_meeting,
    visible_case,
)
from meetings.forms.cases import CaseForm, SpotCaseForm
from meetings.models import Case, SmallGroup
from meetings.services import cases as services
from meetings.views.groups import _base_context, _case_context, _people
from plg import audit
from plg.models import Membership
from plg.params import int_param


def _context(membership: Membership, **extra) -> dict:
    return {"membership": membership, "team": membership.team, **extra}


def _locked(request: HttpRequest, team_slug: str, case: Case, error: str) -> HttpResponse:
    messages.error(request, error)
    return redirect("case_detail", team_slug=team_slug, pk=case.pk)


@require_GET
def cases(request: HttpRequest, team_slug: str) -> HttpResponse:
    """Mijn casussen: the person's own cases, and those of this school year they may read
    as a preparer or as the leader of the group that discusses them."""
    membership = member(request, team_slug)
    visible = services.with_discussed(Can(membership).cases())
    own = visible.filter(owner=request.user).select_related("meeting__theme", "theme")
    # Others' cases of this school year and later ones only: earlier years' stay with
    # their meetings, so the list does not grow with the team's history (issue 10).
    shared = (
        visible.exclude(owner=request.user)
        .filter(meeting__school_year__last_day__gte=timezone.localdate())
        .select_related("owner", "meeting__theme", "theme")
        .order_by("meeting__date", "title")
    )
    return render(
        request,
        "meetings/cases.html",
        _context(membership, own_cases=list(own), shared_cases=list(shared)),
    )


def case_new(request: HttpRequest, team_slug: str) -> HttpResponse:
    membership = member(request, team_slug)
    asked = int_param(request.GET, "bijeenkomst")
    initial = {"meeting": asked} if asked else {}
    form = CaseForm(
        request.POST or None,
        initial=initial,
        team=membership.team,
        owner=request.user,
        today=timezone.localdate(),
    )
    if request.method == "POST" and form.is_valid():
        case = services.save_case(case=form.save(commit=False))
        audit.record(request, audit.Action.CHANGE, case)
        messages.success(
            request, _("Your case “%(title)s” has been submitted.") % {"title": case.title}
        )
        return redirect("case_detail", team_slug=team_slug, pk=case.pk)
    return render(request, "meetings/cases_form.html", _context(membership, form=form))


@require_GET
def case_detail(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    membership, case = visible_case(request, team_slug, pk)
    groups = list(case.groups.select_related("leader", "meeting").order_by("meeting__date"))
    return render(
        request,
        "meetings/cases_detail.html",
        _context(
            membership,
            case=case,
            groups=groups,
            is_owner=owns_case(membership, case),
        ),
    )


def case_edit(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    membership, case = own_case(request, team_slug, pk)
    if services.is_discussed(case):
        return _locked(
            request,
            team_slug,
            case,
            _("This case has been discussed in a group; it can no longer be changed."),
        )
    form = CaseForm(
        request.POST or None,
        instance=case,
        team=membership.team,
        owner=request.user,
        today=timezone.localdate(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_case(case=form.save(commit=False))
        except services.CaseLocked as locked:
            return _locked(request, team_slug, case, str(locked))
        audit.record(request, audit.Action.CHANGE, case)
        messages.success(request, _("Your case has been saved."))
        return redirect("case_detail", team_slug=team_slug, pk=case.pk)
    return render(request, "meetings/cases_form.html", _context(membership, form=form, case=case))


def case_withdraw(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    """Withdraw a case (after a confirmation page, so it also works without JavaScript)."""
    membership, case = own_case(request, team_slug, pk)
    if request.method == "POST":
        case_pk = case.pk
        try:
            services.withdraw_case(case=case)
        except services.CaseLocked as locked:
            return _locked(request, team_slug, case, str(locked))
        case.pk = case_pk  # delete() cleared it; the log keeps which case it was
        audit.record(request, audit.Action.DELETE, case)
        messages.success(
            request, _("Your case “%(title)s” has been withdrawn.") % {"title": case.title}
        )
        return redirect("cases", team_slug=team_slug)
    if services.is_discussed(case):
        return _locked(
            request,
            team_slug,
            case,
            _("This case has been discussed in a group; it can no longer be withdrawn."),
        )
    return render(request, "meetings/cases_withdraw.html", _context(membership, case=case))


@require_GET
def meeting_cases(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    """The cases submitted for a meeting, for its two preparers only (not the team leader
    unless they prepare it: case texts are not the team leader's business)."""
    membership, meeting = prepared_meeting(request, team_slug, pk)
    meeting_cases = (
        Can(membership)
        .cases()
        .filter(meeting=meeting)
        .select_related("owner", "theme")
        .prefetch_related(Prefetch("groups", queryset=SmallGroup.objects.select_related("leader")))
        .order_by("owner__first_name", "owner__last_name", "title")
    )
    shown = list(meeting_cases)
    audit.record_reads(request, shown)
    return render(
        request,
        "meetings/cases_meeting.html",
        _context(membership, meeting=meeting, cases=shown),
    )


@require_POST
def group_case_spot(request: HttpRequest, team_slug: str, pk: int) -> HttpResponse:
    """Phase 1: the group leader records a case brought in at the table and links it."""
    membership, group = group_for(request, team_slug, pk)
    people = _people(group)
    form = SpotCaseForm(request.POST, people=people, team=membership.team)
    if form.is_valid():
        spot_case = services.bring_in_on_the_spot(
            group=group, owner=form.chosen_owner, title=form.cleaned_data["title"]
        )
        audit.record(request, audit.Action.CHANGE, spot_case)
        if not request.htmx:
            messages.success(request, _("The case has been added and chosen."))
            url = reverse("group_detail", kwargs={"team_slug": team_slug, "pk": group.pk})
            return redirect(f"{url}#case")
    if request.htmx:
        context = {
            **_base_context(membership, group),
            **_case_context(membership, group, people, saved=form.is_valid()),
        }
        if not form.is_valid():
            context["spot_form"] = form
        return render(request, "meetings/group.html#case", context)
    return render(
        request,
        "meetings/cases_spot.html",
        {**_base_context(membership, group), "spot_form": form},
    )
