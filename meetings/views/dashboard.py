"""The team's overview: the next meeting and what is up for this person in the cycle."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from meetings.access import Can, markable_agreement_ids, markable_step_ids, member
from meetings.models import MEETINGS_PER_YEAR, SchoolYear
from meetings.services import absence, dashboard, followup, learning
from meetings.services.preparing import mark_preparer_warnings


def team_dashboard(request: HttpRequest, team_slug: str) -> HttpResponse:
    """The next meeting, what is up for this person (preparing, first steps, cases), their
    attendance, the team's published reports and the year at a glance."""
    membership = member(request, team_slug)
    team = membership.team
    user = request.user
    today = timezone.localdate()
    year = SchoolYear.objects.for_team(team).current(today)
    meetings = list(dashboard.dashboard_meetings(year, user)) if year else []
    next_meeting = next((m for m in meetings if m.date >= today), None)
    cases = dashboard.my_cases(user=user, team=team)
    my_steps = list(followup.steps_for_dashboard(user=user, team=team))
    my_agreements = list(followup.agreements_for_dashboard(user=user, team=team))
    can = Can(membership)
    lacking = (
        mark_preparer_warnings(meetings, team=team, today=today)
        if can.see_preparer_warnings
        else []
    )
    next_request = (
        absence.my_requests([next_meeting.pk], user).get(next_meeting.pk)
        if next_meeting and can.ask_absence
        else None
    )
    return render(
        request,
        "meetings/dashboard.html",
        {
            "membership": membership,
            "team": team,
            "year": year,
            "meetings": meetings,
            "next_meeting": next_meeting,
            "today": today,
            "my_group": dashboard.my_group(next_meeting, user),
            "my_meetings": [m for m in meetings if user in m.preparers.all()],
            "my_steps": my_steps,
            "markable_steps": markable_step_ids(membership, my_steps),
            "my_agreements": my_agreements,
            "markable_agreements": markable_agreement_ids(membership, my_agreements),
            "my_cases": cases[: dashboard.MY_CASES_SHOWN],
            "more_cases": len(cases) > dashboard.MY_CASES_SHOWN,
            "my_attendance": dashboard.my_attendance(meetings, membership, today),
            "published_reports": dashboard.published_reports(meetings),
            "can_ask_absence": can.ask_absence,
            "next_absence_request": next_request,
            "open_absence_requests": absence.open_requests(team).count()
            if can.decide_absence
            else 0,
            "lacking_preparers": lacking,
            "year_review": meetings[-1] if len(meetings) == MEETINGS_PER_YEAR else None,
            "my_question": learning.question_for(user=user, year=year) if year else None,
            "reflection_open": learning.reflection_open_in(meetings, year, today)
            if year
            else False,
        },
    )
