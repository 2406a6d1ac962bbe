"""Phase 3–4 notes follow the case owner's *may be quoted* choice (issue 14), wherever they
leave the small group: the report drafted from them, its page and PDF, the year bundle, the
archive and its search. One rule: meetings.access.may_quote_insights.

The cast (tests/conftest.py): bob and dave prepare meeting 3, alice is the team leader,
carol a teacher who brings in the case.
"""

from __future__ import annotations

import io

import pypdf
import pytest
from django.urls import reverse

from meetings import pdf, services
from meetings.access import Can, insight_notes, may_quote_insights
from meetings.models import Meeting
from meetings.services import reports as report_services
from plg.models import Membership
from tests.factories import CaseFactory, GroupNoteFactory, SmallGroupFactory

INSIGHT = "Regels werken pas als de klas ze zelf maakt"
REVIEW = "De groep herkent het patroon"


def _published(meeting: Meeting, owner, leader, *, may_quote: bool):
    case = CaseFactory(
        team=meeting.school_year.team, meeting=meeting, owner=owner, may_quote=may_quote
    )
    group = SmallGroupFactory(meeting=meeting, number=1, leader=leader, members=[owner], case=case)
    GroupNoteFactory(group=group, phase=3, text=INSIGHT)
    GroupNoteFactory(group=group, phase=4, text=REVIEW)
    services.ensure_run(meeting=meeting)
    report = services.close_meeting(meeting=meeting)
    report_services.publish_report(report=report, by=leader)
    return group, report


@pytest.fixture(params=[True, False], ids=["may-quote", "no-quote"])
def quoted(request, meeting, carol, bob):
    group, report = _published(meeting, carol, bob, may_quote=request.param)
    return request.param, group, report


def _pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def test_the_rule(meeting, carol, bob):
    quotable = CaseFactory(meeting=meeting, owner=carol, may_quote=True)
    private = CaseFactory(meeting=meeting, owner=carol, may_quote=False)

    assert may_quote_insights(SmallGroupFactory(meeting=meeting, number=1, case=quotable))
    assert not may_quote_insights(SmallGroupFactory(meeting=meeting, number=2, case=private))
    assert may_quote_insights(SmallGroupFactory(meeting=meeting, number=3, case=None))


def test_the_drafted_report(quoted):
    may_quote, _group, report = quoted

    assert (INSIGHT in report.text) is may_quote
    assert (REVIEW in report.text) is may_quote
    assert ("de inbrenger van de casus koos ervoor niet geciteerd" in report.text) is not (
        may_quote
    )


def test_the_report_page(client, team, quoted, carol, dave):
    may_quote, _group, report = quoted
    client.force_login(dave)

    page = client.get(reverse("report_detail", args=[team.slug, report.meeting_id]))

    assert (INSIGHT in page.content.decode()) is may_quote


def test_the_report_pdf(quoted):
    may_quote, _group, report = quoted

    text = _pdf_text(pdf.report_pdf(report_services.reports_with_details().get(pk=report.pk)))

    assert (INSIGHT in text) is may_quote


@pytest.mark.parametrize("who", ["alice", "bob", "carol"])
def test_the_archive(client, request, team, quoted, who):
    may_quote, _group, _report = quoted
    client.force_login(request.getfixturevalue(who))

    page = client.get(reverse("archive", args=[team.slug]))
    found = client.get(reverse("archive", args=[team.slug]), {"q": "klas ze zelf"})

    assert (INSIGHT in page.content.decode()) is may_quote
    assert (found.context["results"].total > 0) is may_quote


def test_the_insights_scope_for_everyone(team, quoted, alice, bob, carol):
    may_quote, _group, _report = quoted

    for user in (alice, bob, carol):
        membership = Membership.objects.get(team=team, user=user)
        assert insight_notes(membership).exists() is may_quote
        assert Can(membership).insights().exists() is may_quote


def test_the_group_page_keeps_its_own_notes(client, team, quoted, bob):
    _may_quote, group, _report = quoted
    client.force_login(bob)

    page = client.get(reverse("group_detail", args=[team.slug, group.pk]))

    assert INSIGHT in page.content.decode()
