"""The phase 6 evaluation: a QR code on the projector leads team members to a short form on
their phone; anonymous unless signed, one answer per person, summarised in the report.

The cast (tests/conftest.py): bob and dave prepare meeting 3, alice is the team leader,
carol a teacher, charlie leads another team.
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings import services
from meetings.models import EvaluationReceipt, EvaluationResponse, PhaseCard
from meetings.services import reports as report_services
from plg.models import Role
from tests.factories import TEST_PASSWORD, MembershipFactory


@pytest.fixture
def run(meeting):
    run = services.ensure_run(meeting=meeting)
    steps = run.steps(list(PhaseCard.for_team(meeting.school_year.team).phases.all()))
    run.go_to_step(len(steps) - 1, step_count=len(steps), now=timezone.now())  # phase 6
    return run


def form_url(meeting, team_slug="dier-en-groen"):
    return reverse("evaluation", kwargs={"team_slug": team_slug, "pk": meeting.pk})


ANSWER = {
    "experience": "4",
    "learning": "Dat ik eerder mag ingrijpen.",
    "method": "Fijn om echt door te vragen.",
    "bothers": "",
}


# --- the form -----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["bob", "dave", "carol"])
def test_team_member_opens_the_form(client, request, run, meeting, role):
    client.force_login(request.getfixturevalue(role))

    response = client.get(form_url(meeting))

    content = response.content.decode()
    assert response.status_code == 200
    assert 'name="experience"' in content and 'name="signed"' in content
    assert "Hoe heb je deze bijeenkomst ervaren?" in content


def test_answer_is_anonymous_by_default(client, run, meeting, carol):
    client.force_login(carol)

    response = client.post(form_url(meeting), ANSWER)

    answer = EvaluationResponse.objects.get(meeting=meeting)
    assert response.status_code == 200
    assert "Je antwoord is opgeslagen" in response.content.decode()
    assert (answer.experience, answer.learning, answer.method, answer.bothers) == (
        4,
        "Dat ik eerder mag ingrijpen.",
        "Fijn om echt door te vragen.",
        "",
    )
    assert answer.respondent is None
    assert EvaluationReceipt.objects.filter(meeting=meeting, user=carol).count() == 1


def test_signed_answer_carries_the_name(client, run, meeting, carol):
    client.force_login(carol)

    client.post(form_url(meeting), {**ANSWER, "signed": "on"})

    assert EvaluationResponse.objects.get(meeting=meeting).respondent == carol


def test_second_answer_gets_a_clear_message_and_saves_nothing(client, run, meeting, carol):
    client.force_login(carol)
    client.post(form_url(meeting), ANSWER)

    again = client.post(form_url(meeting), {**ANSWER, "experience": "1"})
    page = client.get(form_url(meeting))

    assert again.status_code == 409
    assert "Je hebt de evaluatie van deze bijeenkomst al ingevuld." in again.content.decode()
    assert list(EvaluationResponse.objects.values_list("experience", flat=True)) == [4]
    assert EvaluationReceipt.objects.count() == 1
    assert 'name="experience"' not in page.content.decode()


def test_submitting_twice_through_the_service_is_refused(run, meeting, carol):
    report_services.submit_evaluation(meeting=meeting, user=carol, experience=5)

    with pytest.raises(report_services.AlreadyAnswered):
        report_services.submit_evaluation(meeting=meeting, user=carol, experience=1)

    assert EvaluationResponse.objects.count() == 1


@pytest.mark.parametrize("experience", ["", "0", "6", "vier"])
def test_experience_must_be_1_to_5(client, run, meeting, carol, experience):
    client.force_login(carol)

    response = client.post(form_url(meeting), {**ANSWER, "experience": experience})

    assert response.status_code == 400
    assert "Kies een cijfer van 1 tot en met 5." in response.content.decode()
    assert "Dat ik eerder mag ingrijpen." in response.content.decode()  # typed text kept
    assert not EvaluationResponse.objects.exists()
    assert not EvaluationReceipt.objects.exists()


def test_form_is_closed_before_the_meeting_starts(client, meeting, carol):
    client.force_login(carol)

    page = client.get(form_url(meeting))
    post = client.post(form_url(meeting), ANSWER)

    assert "De evaluatie gaat open als de bijeenkomst is begonnen." in page.content.decode()
    assert post.status_code == 403
    assert not EvaluationResponse.objects.exists()


@pytest.mark.parametrize("slug", ["dier-en-groen", "techniek"])
def test_another_team_gets_404(client, run, meeting, charlie, slug):
    client.force_login(charlie)

    get = client.get(form_url(meeting, team_slug=slug))
    post = client.post(form_url(meeting, team_slug=slug), ANSWER)

    assert get.status_code == post.status_code == 404
    assert not EvaluationResponse.objects.exists()


def test_anonymous_goes_to_the_login_page_first(client, run, meeting):
    response = client.get(form_url(meeting))

    assert response.status_code == 302
    assert response["Location"] == f"/account/login/?next={form_url(meeting)}"


# --- the short address and the QR code ----------------------------------------------------------


def test_short_address_leads_a_member_to_the_form(client, run, meeting, carol):
    client.force_login(carol)

    response = client.get(f"/e/{meeting.pk}/")

    assert response.status_code == 302
    assert response["Location"] == form_url(meeting)


def test_short_address_is_404_for_another_team(client, run, meeting, charlie):
    client.force_login(charlie)

    response = client.get(f"/e/{meeting.pk}/")

    assert response.status_code == 404


def test_short_address_sends_anonymous_to_the_login_page_and_back(client, run, meeting, carol):
    first = client.get(f"/e/{meeting.pk}/")
    login = client.post(
        first["Location"],
        {"username": carol.email, "password": TEST_PASSWORD},
    )

    assert first["Location"] == f"/account/login/?next=/e/{meeting.pk}/"
    assert login.status_code == 302
    assert login["Location"] == f"/e/{meeting.pk}/"


def test_projector_shows_the_qr_code_and_short_address_in_phase_6(client, run, meeting):
    url = reverse("projector", kwargs={"pk": meeting.pk, "token": run.projector_token})

    content = client.get(url).content.decode()

    assert '<svg viewBox="0 0' in content and 'class="evaluation-qr"' in content
    assert f"testserver/e/{meeting.pk}</strong>" in content
    assert "Scan de code of ga naar" in content


def test_projector_shows_no_qr_code_before_phase_6(client, run, meeting):
    run.go_to_step(0, step_count=8, now=timezone.now())
    url = reverse("projector", kwargs={"pk": meeting.pk, "token": run.projector_token})

    content = client.get(url).content.decode()

    assert "evaluation-qr" not in content


def test_qr_code_encodes_the_short_address(rf, settings, meeting):
    from meetings.templatetags.evaluation import evaluation_link

    settings.ALLOWED_HOSTS = ["plg.school.nl"]
    request = rf.get("/", HTTP_HOST="plg.school.nl")
    link = evaluation_link({"request": request}, meeting)

    assert link.url == f"http://plg.school.nl/e/{meeting.pk}/"
    assert link.short == f"plg.school.nl/e/{meeting.pk}"
    assert link.qr_svg.startswith("<svg") and "<script" not in link.qr_svg


# --- the summary in the report ------------------------------------------------------------------


def test_summary_gives_count_average_distribution_and_texts(run, meeting, bob, carol, dave):
    report_services.submit_evaluation(meeting=meeting, user=carol, experience=4, learning="Veel")
    report_services.submit_evaluation(meeting=meeting, user=bob, experience=5, bothers="Tijd")
    report_services.submit_evaluation(meeting=meeting, user=dave, experience=2, signed=True)

    summary = report_services.EvaluationSummary.of(list(meeting.evaluations.all()))

    assert summary.count == 3
    assert summary.average == 3.7
    assert [(score, number) for score, number, _bar in summary.distribution] == [
        (1, 0),
        (2, 1),
        (3, 0),
        (4, 1),
        (5, 1),
    ]
    assert [r.text for r in summary.learning] == ["Veel"]
    assert [(r.text, r.signed_by) for r in summary.bothers] == [("Tijd", None)]
    assert summary.method == []


# --- who may answer, and until when (issue 14) ---------------------------------------------------

NOT_EXPECTED = "Alleen wie bij deze bijeenkomst verwacht werd, vult de evaluatie in."


def test_team_leader_not_expected_at_a_theme_meeting_is_refused(client, run, meeting, alice):
    client.force_login(alice)  # the team leader attends meetings 1 and 6 only

    page = client.get(form_url(meeting))
    post = client.post(form_url(meeting), ANSWER)

    assert NOT_EXPECTED in page.content.decode()
    assert 'name="experience"' not in page.content.decode()
    assert post.status_code == 403
    assert NOT_EXPECTED in post.content.decode()
    assert not EvaluationResponse.objects.exists()
    assert not EvaluationReceipt.objects.exists()


def test_team_leader_who_attends_may_answer(client, run, meeting, alice):
    meeting.team_leader_attends = True
    meeting.save()
    client.force_login(alice)

    response = client.post(form_url(meeting), ANSWER)

    assert response.status_code == 200
    assert EvaluationResponse.objects.count() == 1


def test_someone_who_joined_after_the_meeting_is_refused(client, run, meeting, team):
    services.close_meeting(meeting=meeting)
    newcomer = MembershipFactory(team=team, role=Role.TEACHER, user__first_name="Eva").user
    client.force_login(newcomer)

    response = client.post(form_url(meeting), ANSWER)

    assert response.status_code == 403
    assert NOT_EXPECTED in response.content.decode()
    assert not EvaluationResponse.objects.exists()


def test_within_the_window_after_closing_an_answer_is_accepted(client, run, meeting, carol):
    services.close_meeting(meeting=meeting, now=timezone.now() - datetime.timedelta(hours=47))
    client.force_login(carol)

    response = client.post(form_url(meeting), ANSWER)

    assert response.status_code == 200
    assert EvaluationResponse.objects.count() == 1


def test_after_the_window_the_form_is_closed(client, run, meeting, carol):
    services.close_meeting(meeting=meeting, now=timezone.now() - datetime.timedelta(hours=49))
    client.force_login(carol)

    page = client.get(form_url(meeting))
    post = client.post(form_url(meeting), ANSWER)

    assert "De evaluatie van deze bijeenkomst is gesloten sinds" in page.content.decode()
    assert 'name="experience"' not in page.content.decode()
    assert post.status_code == 403
    assert not EvaluationResponse.objects.exists()
    assert not EvaluationReceipt.objects.exists()


def test_the_team_sets_the_window(client, run, meeting, carol, team):
    team.evaluation_open_hours = 2
    team.save()
    services.close_meeting(meeting=meeting, now=timezone.now() - datetime.timedelta(hours=3))
    client.force_login(carol)

    response = client.post(form_url(meeting), ANSWER)

    assert response.status_code == 403
    assert not EvaluationResponse.objects.exists()


def test_team_leader_sets_the_window_in_the_team_settings(client, team, alice):
    client.force_login(alice)
    data = {
        "name": team.name,
        "school": "",
        "region": "midden",
        "default_weekday": "1",
        "default_start_time": "14:30",
        "default_room": "",
        "evaluation_open_hours": "24",
        "hours_developer_preparation": team.hours_developer_preparation,
        "hours_developer_participation": team.hours_developer_participation,
        "hours_member_participation": team.hours_member_participation,
        "case_retention_years": team.case_retention_years,
    }

    client.post(reverse("team_settings", args=[team.slug]), data)

    team.refresh_from_db()
    assert team.evaluation_open_hours == 24
