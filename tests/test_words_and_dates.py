"""One way of writing things (issue 12, item 9): Dutch dates in one style with lower-case
month names, the method's own words ("een werkcasus inbrengen"), "pdf" written one way, role
names in lower case, conflict texts that also fit your own other device, the school year
beside a meeting number, and e-mail subjects without HTML escapes."""

from __future__ import annotations

import datetime
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from meetings.models import Report
from plg.models import Role
from tests.factories import MembershipFactory, SmallGroupFactory
from tests.helpers import plan_year

JSON = {"Accept": "application/json"}
ROOT = Path(settings.BASE_DIR)
MO = ROOT / "plg/locale/nl/LC_MESSAGES/django.mo"
# Django's "M" and "D" formats capitalise Dutch abbreviations ("Okt", "Mrt", "Di").
CAPITALISED_MONTH = re.compile(r"\b(Jan|Feb|Mrt|Apr|Jun|Jul|Aug|Sep|Okt|Nov|Dec)\b")


def _dutch_strings() -> list[str]:
    """Every Dutch text of the compiled catalogue (test_translations checks it is current)."""
    with MO.open("rb") as mo:
        catalog = gettext.GNUTranslations(mo)._catalog
    return [text for key, text in catalog.items() if key]


def test_no_template_formats_a_date_with_capitalised_abbreviations():
    pattern = re.compile(r"""date:(["'])(.*?)\1""")
    offending = [
        f"{path.relative_to(ROOT)}: {fmt}"
        for path in (ROOT / "templates").rglob("*.html")
        for _quote, fmt in pattern.findall(path.read_text())
        if re.search(r"(?<!\\)M", fmt)
    ]
    assert offending == []


@pytest.mark.parametrize("page", ["planner", "members", "dashboard", "audit_log"])
def test_pages_write_month_abbreviations_in_lower_case(client, team, alice, bob, page):
    year = plan_year(team)
    client.force_login(alice)
    url = {
        "planner": reverse("planner", args=[team.slug, year.pk]),
        "members": reverse("members", args=[team.slug]),
        "dashboard": reverse("team_dashboard", args=[team.slug]),
        "audit_log": reverse("audit_log", args=[team.slug]),
    }[page]

    html = client.get(url).content.decode()

    assert CAPITALISED_MONTH.findall(html) == []


def test_the_planner_writes_holidays_as_dutch_readers_expect(client, team, alice):
    year = plan_year(team)
    client.force_login(alice)

    html = client.get(reverse("planner", args=[team.slug, year.pk])).content.decode()

    assert re.search(r"\b(ma|di|wo|do|vr|za|zo) \d{1,2} (okt|dec|feb|apr|mei|jul) 20\d\d", html)


def test_cases_are_brought_in_never_submitted_in_dutch():
    assert [text for text in _dutch_strings() if re.search(r"ingedien|indien", text)] == []


def test_pdf_is_written_one_way_in_dutch():
    assert [text for text in _dutch_strings() if re.search(r"\bPDF\b|\bPdf\b", text)] == []


def test_the_report_list_button_says_what_it_does(client, team, alice, year):
    from meetings import services

    meeting = year.meetings.get(number=2)
    report = services.close_meeting(meeting=meeting)
    Report.objects.filter(pk=report.pk).update(status=Report.Status.PUBLISHED)
    client.force_login(alice)

    html = client.get(reverse("report_list", args=[team.slug])).content.decode()

    assert "> PDF<" not in html
    assert "Downloaden" in html


def test_role_names_are_written_in_lower_case(client, team, alice, bob, carol):
    client.force_login(alice)
    members_as_leader = client.get(reverse("members", args=[team.slug])).content.decode()
    dashboard = client.get(reverse("team_dashboard", args=[team.slug])).content.decode()
    client.force_login(carol)
    members = client.get(reverse("members", args=[team.slug])).content.decode()

    badges = re.findall(r'class="badge role-badge[^"]*">([^<]*)<', members)
    options = re.findall(
        r'<option value="(?:teamleider|ontwikkelteam|teamlid)"[^>]*>([^<]*)<', members_as_leader
    )
    assert sorted(badges) == ["ontwikkelteam", "teamleider", "teamlid"]
    assert set(options) == {"ontwikkelteam", "teamleider", "teamlid"}
    assert "Team Dier &amp; Groen · teamleider" in dashboard


def test_the_case_form_names_the_school_year_of_each_meeting(client, team, carol):
    this_year = plan_year(team)
    plan_year(team, name="2027–2028", weeks=52)
    client.force_login(carol)
    today = this_year.meetings.get(number=2).date
    timezone_today = datetime.date(today.year, today.month, today.day)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "localdate", lambda *args, **kwargs: timezone_today)
        html = client.get(reverse("case_new", args=[team.slug])).content.decode()

    assert "Bijeenkomst 3 van 2026–2027" in html
    assert "Bijeenkomst 3 van 2027–2028" in html


def test_a_conflict_with_your_own_other_device_says_so(client, team, meeting, bob):
    group = SmallGroupFactory(meeting=meeting, number=1, leader=bob)
    url = reverse("group_note_save", args=[team.slug, group.pk, 2])
    client.force_login(bob)
    client.post(url, {"text": "Op de laptop getypt", "version": 0}, headers=JSON)

    stale = client.post(url, {"text": "Op de telefoon getypt", "version": 0}, headers=JSON)
    page = client.get(reverse("group_detail", args=[team.slug, group.pk])).content.decode()

    assert stale.status_code == 409
    assert stale.json()["updated_by"] == "jou, op een ander apparaat of tabblad"
    assert "De opgeslagen tekst overnemen" in page
    assert "Hun tekst" not in page


def test_a_conflict_with_a_colleague_names_the_colleague(client, team, meeting, bob, dave):
    group = SmallGroupFactory(meeting=meeting, number=1, leader=bob)
    url = reverse("group_note_save", args=[team.slug, group.pk, 2])
    client.force_login(dave)
    client.post(url, {"text": "Tekst van Dave", "version": 0}, headers=JSON)
    client.force_login(bob)

    stale = client.post(url, {"text": "Tekst van Bob", "version": 0}, headers=JSON)

    assert stale.json()["updated_by"] == str(dave)


def test_the_invitation_subject_is_plain_text(client, team, alice, mailoutbox):
    client.force_login(alice)

    client.post(
        reverse("member_add", args=[team.slug]),
        {"first_name": "Nina", "last_name": "Bos", "email": "nina@school.test", "role": "teamlid"},
    )

    assert len(mailoutbox) == 1
    assert "Team Dier & Groen" in mailoutbox[0].subject
    assert "&amp;" not in mailoutbox[0].subject


def test_members_page_shows_a_former_member_with_a_lower_case_role(client, team, alice):
    MembershipFactory(team=team, role=Role.DEVELOPER, is_active=False)
    client.force_login(alice)

    html = client.get(reverse("members", args=[team.slug])).content.decode()

    assert re.search(r"· ontwikkelteam · \d", html)
