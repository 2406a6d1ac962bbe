"""The fase-6 verslag: its draft, writing it without losing or overwriting text, agreements,
publishing, who may read and write what, and the team's list of reports.

The cast (tests/conftest.py): bob and dave prepare meeting 3 and write its report, alice is
the team leader, carol a teacher, charlie leads another team.
"""

from __future__ import annotations

import datetime
import html

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from meetings import report_text, services
from meetings.models import Agreement, Attendance, Case, Report
from meetings.services import reports as report_services
from plg.models import Role
from tests.factories import (
    AttendanceFactory,
    CaseFactory,
    FirstStepFactory,
    MembershipFactory,
    SmallGroupFactory,
    ThemeFactory,
)
from tests.helpers import dutch

JSON = {"Accept": "application/json"}
HTMX = {"HX-Request": "true"}
SECRET = "Kevin wordt buitengesloten in de stal"


@pytest.fixture
def meeting(meeting):
    """The shared meeting 3 (prepared by bob and dave), on the theme "Pesten"."""
    meeting.theme = ThemeFactory(team=meeting.school_year.team, title="Pesten")
    meeting.save()
    return meeting


@pytest.fixture
def group(meeting, bob, carol):
    run = services.ensure_run(meeting=meeting)
    run.phase0_format = "guest_speaker"
    run.phase0_who = "Jan de Wit"
    run.phase0_what = "Signalen van pesten in de beroepspraktijk."
    run.started_at = timezone.now()
    run.save()
    case = CaseFactory(
        meeting=meeting,
        owner=carol,
        title="Uitsluiting in de stal",
        situation=SECRET,
        question="Hoe spreek ik de groep aan?",
    )
    group = SmallGroupFactory(
        meeting=meeting, number=1, leader=bob, members=[carol], case=case, answer_score=7
    )
    for phase, text in [
        (1, f"Casus gekozen: {SECRET}"),
        (2, "Beeldvorming: sinds september."),
        (3, "Pesten zie je pas als je ernaar vraagt."),
        (4, "De groep herkent het."),
    ]:
        services.save_note(group=group, phase=phase, text=text, version=0, by=bob)
    FirstStepFactory(group=group, owner=carol, what="Groepsgesprek in de mentorles")
    return group


@pytest.fixture
def report(group, meeting) -> Report:
    return services.close_meeting(meeting=meeting)


@pytest.fixture
def published(report, dave) -> Report:
    report_services.publish_report(report=report, by=dave)
    return report


def url(name, report_or_meeting, team_slug="dier-en-groen", **extra):
    meeting = getattr(report_or_meeting, "meeting", report_or_meeting)
    return reverse(name, kwargs={"team_slug": team_slug, "pk": meeting.pk, **extra})


def save(client, report, text, version, field="tekst", headers=JSON):
    return client.post(
        url("report_field_save", report, field=field),
        {"text": text, "version": version},
        headers=headers,
    )


# --- the text conventions -------------------------------------------------------------------


def test_report_text_parses_headings_lists_and_paragraphs():
    blocks = report_text.parse(
        "# Groep 1\nEerste regel\ntweede regel\n\n## Stappen\n- een\n* twee\n"
    )

    assert [(b.kind, b.lines) for b in blocks] == [
        ("heading", ["Groep 1"]),
        ("paragraph", ["Eerste regel", "tweede regel"]),
        ("subheading", ["Stappen"]),
        ("list", ["een", "twee"]),
    ]


def test_report_text_keeps_markup_as_text():
    blocks = report_text.parse('<img src="http://127.0.0.1/">\n#geen kop')

    assert [(b.kind, b.text) for b in blocks] == [
        ("paragraph", '<img src="http://127.0.0.1/">\n#geen kop')
    ]


# --- the draft --------------------------------------------------------------------------------


def test_draft_has_phase_0_insights_score_and_first_steps(group, meeting, carol):
    Case.objects.filter(pk=group.case_id).update(may_quote=True)

    text = services.close_meeting(meeting=meeting).text

    assert text.startswith("# Introductie van het thema (fase 0)\nGastspreker: Jan de Wit\n")
    assert "Signalen van pesten in de beroepspraktijk." in text
    assert "# Groep 1 (geleid door Bob" in text
    assert "## Nieuwe inzichten\nPesten zie je pas als je ernaar vraagt." in text
    assert "## Terugblik\nDe groep herkent het." in text
    assert "7 van de 10" in text
    assert f"- {carol}: Groepsgesprek in de mentorles" in text


def test_draft_has_no_empty_heading_for_a_group_that_wrote_nothing(group, meeting, dave):
    SmallGroupFactory(meeting=meeting, number=2, leader=dave)

    text = services.close_meeting(meeting=meeting).text

    assert "# Groep 1 (geleid door Bob" in text
    assert "# Groep 2" not in text


def test_draft_leaves_out_case_and_phase_1_and_2_notes_without_consent(report):
    assert SECRET not in report.text
    assert "Uitsluiting in de stal" not in report.text
    assert "Hoe spreek ik de groep aan?" not in report.text
    assert "Beeldvorming" not in report.text


def test_draft_quotes_case_title_and_question_when_the_owner_agreed(group, meeting):
    Case.objects.filter(pk=group.case_id).update(may_quote=True)

    text = services.close_meeting(meeting=meeting).text

    assert "Werkcasus: Uitsluiting in de stal" in text
    assert "Vraag: Hoe spreek ik de groep aan?" in text
    assert SECRET not in text  # the situation stays out: it is in the phase 1 note


# --- writing: autosave without overwriting ----------------------------------------------------


def test_writer_saves_the_text_and_the_version_rises(client, report, dave):
    client.force_login(dave)

    response = save(client, report, "Nieuwe tekst", report.version)

    report.refresh_from_db()
    assert response.status_code == 200
    assert response.json()["version"] == 1
    assert report.text == "Nieuwe tekst"
    assert report.version == 1


def test_save_on_an_old_version_is_a_conflict_that_keeps_their_text(client, report, bob, dave):
    client.force_login(bob)
    save(client, report, "Tekst van Bob", 0)
    client.force_login(dave)

    response = save(client, report, "Tekst van Dave", 0)

    report.refresh_from_db()
    assert response.status_code == 409
    assert response.json()["conflict"] is True
    assert response.json()["text"] == "Tekst van Bob"
    assert response.json()["version"] == 1
    assert report.text == "Tekst van Bob"


def test_saving_the_same_text_again_is_not_a_conflict(client, report, dave):
    client.force_login(dave)
    save(client, report, "Zelfde tekst", 0)

    response = save(client, report, "Zelfde tekst", 0)  # a retried request

    assert response.status_code == 200
    assert response.json()["version"] == 1


def test_conclusions_have_their_own_version(client, report, dave):
    client.force_login(dave)
    save(client, report, "Nieuwe tekst", 0)

    response = save(client, report, "Wat we meenemen", 0, field="conclusies")

    report.refresh_from_db()
    assert response.status_code == 200
    assert (report.conclusions, report.conclusions_version, report.version) == (
        "Wat we meenemen",
        1,
        1,
    )


def test_plain_post_conflict_shows_both_texts_and_keeps_what_was_typed(client, report, bob, dave):
    client.force_login(bob)
    save(client, report, "Tekst van Bob", 0)
    client.force_login(dave)

    response = save(client, report, "Tekst van Dave", 0, headers={})

    content = response.content.decode()
    assert response.status_code == 409
    assert "\nTekst van Dave</textarea>" in content
    assert "\nTekst van Bob</textarea>" in content
    assert 'name="version" value="1"' in content


def test_plain_post_saves_and_redirects_to_the_field(client, report, dave):
    client.force_login(dave)

    response = save(client, report, "Tekst\r\nmet regels", 0, headers={})

    report.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"].endswith("/verslag/schrijven/#tekst")
    assert report.text == "Tekst\nmet regels"


def test_save_without_version_is_refused_and_changes_nothing(client, report, dave):
    client.force_login(dave)
    before = report.text

    response = client.post(
        url("report_field_save", report, field="tekst"), {"text": "x"}, headers=JSON
    )

    report.refresh_from_db()
    assert response.status_code == 400
    assert report.text == before


def test_unknown_field_is_404(client, report, dave):
    client.force_login(dave)

    response = save(client, report, "x", 0, field="status")

    assert response.status_code == 404


def test_redraft_replaces_an_untouched_draft_only(client, report, group, bob, dave):
    services.save_note(group=group, phase=5, text="Later aangevuld.", version=0, by=bob)
    client.force_login(dave)

    client.post(url("report_redraft", report))
    report.refresh_from_db()
    redrafted = report.text
    save(client, report, "Eigen tekst", 0)
    client.post(url("report_redraft", report))

    report.refresh_from_db()
    assert "Later aangevuld." in redrafted
    assert report.text == "Eigen tekst"


def test_edit_page_has_both_autosaved_texts(client, report, dave):
    client.force_login(dave)

    response = client.get(url("report_edit", report))

    content = response.content.decode()
    assert response.status_code == 200
    assert f'data-storage-key="plg-report:{report.pk}:text:{dave.pk}"' in content
    assert f'data-storage-key="plg-report:{report.pk}:conclusions:{dave.pk}"' in content
    assert "js/autosave.js" in content
    assert "<script>" not in content and "style=" not in content


# --- agreements, publishing, the teamoverleg --------------------------------------------------


def test_writer_adds_and_removes_an_agreement(client, report, dave):
    client.force_login(dave)
    due = timezone.localdate() + datetime.timedelta(weeks=8)

    response = client.post(
        url("agreement_add", report),
        {"what": "Signalenlijst rondsturen", "who": "Dave", "due": due.isoformat()},
        headers=HTMX,
    )
    agreement = Agreement.objects.get(report=report)
    removed = client.post(url("agreement_delete", report, agreement_pk=agreement.pk), headers=HTMX)

    assert response.status_code == 200
    assert "Signalenlijst rondsturen" in response.content.decode()
    assert b"<html" not in response.content
    assert (agreement.who, agreement.due) == ("Dave", due)
    assert removed.status_code == 200
    assert not Agreement.objects.filter(report=report).exists()


def test_agreement_without_what_is_refused_with_a_message(client, report, dave):
    client.force_login(dave)

    response = client.post(url("agreement_add", report), {"what": "", "who": "Dave"})

    assert response.status_code == 400
    assert "Zeg wat er is afgesproken." in response.content.decode()
    assert not Agreement.objects.exists()


def test_agreements_list_dated_ones_first(report):
    report_services.add_agreement(report=report, what="Zonder datum", who="iedereen", due=None)
    report_services.add_agreement(
        report=report, what="Later", who="Bob", due=datetime.date(2027, 3, 1)
    )
    report_services.add_agreement(
        report=report, what="Eerst", who="Dave", due=datetime.date(2027, 2, 1)
    )

    reloaded = report_services.reports_with_details().get(pk=report.pk)
    contents = report_services.report_contents([reloaded])[0]

    assert [a.what for a in contents.agreements] == ["Eerst", "Later", "Zonder datum"]


def test_publishing_makes_the_report_readable_for_the_team(client, report, dave, carol):
    client.force_login(dave)
    response = client.post(url("report_publish", report))
    client.force_login(carol)

    page = client.get(url("report_detail", report))

    report.refresh_from_db()
    assert response.status_code == 302
    assert report.status == Report.Status.PUBLISHED
    assert report.published_by == dave
    assert report.published_at is not None
    assert page.status_code == 200
    assert "Groepsgesprek in de mentorles" in page.content.decode()


def test_team_leader_marks_the_teamoverleg_date(client, published, alice):
    client.force_login(alice)

    client.post(url("report_discussed", published), {"discussed_on": "2027-01-19"})
    page = client.get(url("report_detail", published))

    published.refresh_from_db()
    assert published.discussed_on == datetime.date(2027, 1, 19)
    assert "besproken op 19 januari 2027" in page.content.decode()


@pytest.mark.parametrize("role", ["bob", "carol"])
def test_only_the_team_leader_marks_the_teamoverleg_date(client, request, published, role):
    client.force_login(request.getfixturevalue(role))

    response = client.post(url("report_discussed", published), {"discussed_on": "2027-01-19"})

    published.refresh_from_db()
    assert response.status_code == 403
    assert published.discussed_on is None


# --- who may read and write what --------------------------------------------------------------

WRITE_VIEWS = [
    ("report_edit", "get", {}),
    ("report_field_save", "post", {"field": "tekst"}),
    ("report_redraft", "post", {}),
    ("report_publish", "post", {}),
    ("agreement_add", "post", {}),
]
READ_VIEWS = [("report_detail", "get", {})]


def _request(client, name, method, extra, report, team_slug="dier-en-groen"):
    data = {"text": "x", "version": 0} if name == "report_field_save" else {}
    if name == "agreement_add":
        data = {"what": "Iets", "who": "Iemand"}
    target = url(name, report, team_slug=team_slug, **extra)
    return client.get(target) if method == "get" else client.post(target, data)


@pytest.mark.parametrize("role", ["bob", "dave", "alice"])
@pytest.mark.parametrize(("name", "method", "extra"), READ_VIEWS + WRITE_VIEWS)
def test_writers_may_read_and_write_the_draft(client, request, report, role, name, method, extra):
    client.force_login(request.getfixturevalue(role))

    response = _request(client, name, method, extra, report)

    assert response.status_code in (200, 302)


@pytest.mark.parametrize(("name", "method", "extra"), READ_VIEWS + WRITE_VIEWS)
def test_a_draft_does_not_exist_for_a_teacher(client, report, carol, name, method, extra):
    client.force_login(carol)

    response = _request(client, name, method, extra, report)

    assert response.status_code == 404


def test_developer_who_did_not_prepare_the_meeting_cannot_see_the_draft(client, report, team):
    other_developer = MembershipFactory(team=team, role=Role.DEVELOPER).user
    client.force_login(other_developer)

    response = client.get(url("report_detail", report))

    assert response.status_code == 404


@pytest.mark.parametrize(("name", "method", "extra"), WRITE_VIEWS)
def test_a_teacher_reads_but_does_not_write_a_published_report(
    client, published, carol, name, method, extra
):
    client.force_login(carol)

    read = client.get(url("report_detail", published))
    write = _request(client, name, method, extra, published)

    published.refresh_from_db()
    assert read.status_code == 200
    assert write.status_code == 403
    assert published.text != "x"
    assert not published.agreements.exists()


@pytest.mark.parametrize("slug", ["dier-en-groen", "techniek"])
@pytest.mark.parametrize(("name", "method", "extra"), READ_VIEWS + WRITE_VIEWS)
def test_another_team_gets_404(client, published, charlie, slug, name, method, extra):
    client.force_login(charlie)

    response = _request(client, name, method, extra, published, team_slug=slug)

    assert response.status_code == 404


@pytest.mark.parametrize(("name", "method", "extra"), READ_VIEWS + WRITE_VIEWS)
def test_anonymous_is_sent_to_the_login_page(client, published, name, method, extra):
    response = _request(client, name, method, extra, published)

    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/?next=")


def test_anonymous_autosave_gets_401_not_the_login_page(client, report):
    response = save(client, report, "x", 0)

    assert response.status_code == 401


# --- what the report page shows ---------------------------------------------------------------


def test_report_page_shows_attendance_counts_and_names_only_to_the_team_leader(
    client, group, meeting, alice, carol, dave, team
):
    absent = MembershipFactory(team=team, role=Role.TEACHER, user__first_name="Afwezige").user
    excused = MembershipFactory(team=team, role=Role.TEACHER, user__first_name="Afgemelde").user
    AttendanceFactory(
        meeting=meeting, user=excused, status=Attendance.Status.EXCUSED, recorded_by=alice
    )
    everyone = {u.pk for u in services.running.expected_people(meeting)}
    services.set_attendance(meeting=meeting, present=everyone - {absent.pk, excused.pk})
    published = services.close_meeting(meeting=meeting)
    report_services.publish_report(report=published, by=dave)

    client.force_login(carol)
    teacher_page = client.get(url("report_detail", published)).content.decode()
    client.force_login(alice)
    leader_page = client.get(url("report_detail", published)).content.decode()

    # Expected: bob, dave, carol and the two (the team leader does not attend meeting 3).
    assert "3 van 5 aanwezig (2 afwezig)" in teacher_page
    assert "Afwezige" not in teacher_page and "Afgemelde" not in teacher_page
    assert "3 van 5 aanwezig (2 afwezig)" in leader_page
    assert "Afwezige" in leader_page and "Afgemelde" in leader_page


def test_report_page_shows_theme_agreements_evaluation_and_next_meeting(
    client, published, meeting, carol, bob, dave, year
):
    report_services.add_agreement(
        report=published, what="Signalenlijst rondsturen", who="Dave", due=None
    )
    report_services.submit_evaluation(meeting=meeting, user=carol, experience=4, learning="Veel.")
    report_services.submit_evaluation(
        meeting=meeting, user=bob, experience=5, bothers="Te weinig tijd.", signed=True
    )
    next_meeting = year.meetings.get(number=4)
    client.force_login(carol)

    content = client.get(url("report_detail", published)).content.decode()

    assert '<h1 id="report-title">Pesten</h1>' in content
    assert "Signalenlijst rondsturen" in content
    assert "4,5" in content
    assert "Veel." in content
    assert f'Te weinig tijd. <span class="signed">— {bob}</span>' in content
    assert next_meeting.date.strftime("%Y") in content and "14:30" in content
    assert SECRET not in content


def test_meeting_page_links_to_the_report_instead_of_showing_the_draft(client, report, dave):
    client.force_login(dave)

    content = client.get(url("meeting_detail", report)).content.decode()

    assert url("report_edit", report) in content
    assert "<pre" not in content


def test_meeting_page_links_teachers_to_a_published_report_only(client, report, carol, dave):
    client.force_login(carol)
    before = client.get(url("meeting_detail", report)).content.decode()
    report_services.publish_report(report=report, by=dave)
    after = client.get(url("meeting_detail", report)).content.decode()

    assert url("report_detail", report) not in before
    assert url("report_detail", report) in after


def test_report_list_shows_published_reports_and_drafts_only_to_their_writers(
    client, report, year, carol, dave
):
    list_url = reverse("report_list", args=["dier-en-groen"])
    client.force_login(carol)
    teacher = client.get(list_url).content.decode()
    client.force_login(dave)
    writer = client.get(list_url).content.decode()
    report_services.publish_report(report=report, by=dave)
    client.force_login(carol)
    published = client.get(list_url).content.decode()

    detail = url("report_detail", report)
    bundle = reverse("year_bundle", args=["dier-en-groen", year.pk])
    assert detail not in teacher and bundle not in teacher
    assert detail in writer and 'badge text-bg-warning">Concept<' in writer
    assert detail in published and bundle in published


def test_report_list_of_another_teams_year_is_404(client, charlie, year):
    client.force_login(charlie)

    response = client.get(reverse("report_list_year", args=["techniek", year.pk]))

    assert response.status_code == 404


# --- query counts -----------------------------------------------------------------------------

SIZES = [pytest.param(3, id="small"), pytest.param(24, id="large")]


def _grow(meeting, report, team, size):
    """`size` more teachers, each absent or present, an evaluation answer, an agreement and a
    first step; and a second group."""
    group = SmallGroupFactory(meeting=meeting, number=2, leader=meeting.preparers.last())
    for n in range(size):
        person = MembershipFactory(team=team, role=Role.TEACHER).user
        AttendanceFactory(
            meeting=meeting,
            user=person,
            status=Attendance.Status.PRESENT if n % 4 != 0 else Attendance.Status.ABSENT,
        )
        group.members.add(person)
        FirstStepFactory(group=group, owner=person, what="Een kleine stap")
        report_services.submit_evaluation(
            meeting=meeting, user=person, experience=1 + n % 5, learning="Iets", signed=n % 2 == 0
        )
        report_services.add_agreement(report=report, what=f"Afspraak {n}", who="Bob", due=None)


@pytest.mark.parametrize("size", SIZES)
def test_report_page_query_count_is_constant(
    client, django_assert_num_queries, published, meeting, team, alice, size
):
    _grow(meeting, published, team, size)
    client.force_login(alice)
    client.get(url("report_detail", published))

    with django_assert_num_queries(11):  # 9, the audit log's insert, the trail of changes
        response = client.get(url("report_detail", published))

    assert response.status_code == 200
    assert len(response.context["item"].agreements) == size


@pytest.mark.parametrize("size", SIZES)
def test_report_list_query_count_is_constant(
    client, django_assert_num_queries, published, meeting, team, alice, size
):
    _grow(meeting, published, team, size)
    client.force_login(alice)
    list_url = reverse("report_list", args=["dier-en-groen"])
    client.get(list_url)

    with django_assert_num_queries(7):
        response = client.get(list_url)

    assert response.status_code == 200
    assert len(response.context["rows"]) == 6


def test_an_agreement_due_in_the_past_is_refused_and_kept_in_the_form(client, report, dave):
    """Issue 12, item 7: an agreement is still to be done, so its date cannot have passed."""
    client.force_login(dave)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)

    response = client.post(
        url("agreement_add", report),
        {"what": "Signalenlijst rondsturen", "who": "Dave", "due": yesterday.isoformat()},
        headers=HTMX,
    )

    assert not Agreement.objects.filter(report=report).exists()
    page = html.unescape(response.content.decode())
    assert dutch("That date has passed: choose today or a later date.") in page
    assert "Signalenlijst rondsturen" in page


def test_the_teamoverleg_cannot_be_before_the_meeting(client, published, alice):
    client.force_login(alice)
    day_before = published.meeting.date - datetime.timedelta(days=1)

    response = client.post(
        url("report_discussed", published), {"discussed_on": day_before.isoformat()}, follow=True
    )

    published.refresh_from_db()
    assert published.discussed_on is None
    assert dutch(
        "The team meeting cannot be before the meeting itself (%(date)s).",
        date=date_format(published.meeting.date, "j F Y"),
    ) in html.unescape(response.content.decode())
