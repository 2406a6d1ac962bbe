"""The learning question (leervraag): a person writes it from their dashboard, it is private
unless they share it with the team, it is linked to their cases and first steps, it is on
their evidence page, and meeting 6 asks them to look back on it.

The cast (tests/conftest.py): alice leads the team, bob and dave are in the ontwikkelteam,
carol is a teacher, charlie leads another team.
"""

from __future__ import annotations

import datetime
import io
import json

import pypdf
import pytest
from django.urls import reverse
from django.utils import timezone

from meetings import learning as rule
from meetings.models import LEARNING_TEXT_MAX_LENGTH, Case, FirstStep, LearningQuestion
from meetings.services import learning as services
from plg.anonymise import anonymise
from plg.models import Membership, Role
from tests.factories import (
    CaseFactory,
    FirstStepFactory,
    LearningQuestionFactory,
    MembershipFactory,
)
from tests.helpers import dutch, dutch_html

PRIVATE = "Hoe krijg ik mijn stille studenten aan het woord in de praktijkles?"
SHARED = "Hoe geef ik feedback die studenten echt gebruiken?"


def url(name: str, team, year) -> str:
    return reverse(name, args=[team.slug, year.pk])


@pytest.fixture
def today(monkeypatch, meetings) -> datetime.date:
    """The day after meeting 2: early in the year, meeting 6 far away."""
    day = meetings[2].date + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)
    return day


@pytest.fixture
def carols(year, carol) -> LearningQuestion:
    return LearningQuestionFactory(school_year=year, owner=carol, question=PRIVATE)


@pytest.fixture
def bobs_shared(year, bob) -> LearningQuestion:
    return LearningQuestionFactory(school_year=year, owner=bob, question=SHARED, shared=True)


# --- the pure rule ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days_before_meeting_6", "open_"),
    [(30, False), (15, False), (14, True), (0, True), (-10, True)],
)
def test_the_look_back_opens_two_weeks_before_meeting_6(days_before_meeting_6, open_):
    meeting_6 = datetime.date(2027, 7, 6)
    today = meeting_6 - datetime.timedelta(days=days_before_meeting_6)
    last_day = datetime.date(2027, 7, 16)

    assert rule.reflection_open(evaluation_day=meeting_6, last_day=last_day, today=today) is open_


def test_the_look_back_closes_after_the_last_day_of_the_year():
    last_day = datetime.date(2027, 7, 16)
    after = last_day + datetime.timedelta(days=1)

    assert not rule.reflection_open(evaluation_day=last_day, last_day=last_day, today=after)
    assert rule.reflection_open(evaluation_day=None, last_day=last_day, today=last_day)


# --- writing it ------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["alice", "bob", "carol"])
def test_every_member_opens_their_own_learning_question_page(client, request, team, year, who):
    client.force_login(request.getfixturevalue(who))

    response = client.get(url("learning_question", team, year))

    assert response.status_code == 200
    assert dutch("Write your learning question") in response.content.decode()


def test_the_pages_need_a_login(client, team, year):
    for name in ("learning_question", "team_learning_questions"):
        response = client.get(url(name, team, year))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    "name",
    ["learning_question", "team_learning_questions"],
)
def test_another_teams_member_gets_404(client, team, year, charlie, name):
    client.force_login(charlie)

    assert client.get(url(name, team, year)).status_code == 404


@pytest.mark.parametrize("name", ["learning_question", "learning_links", "learning_reflection"])
def test_another_teams_member_cannot_post(client, team, year, charlie, carols, name):
    client.force_login(charlie)

    response = client.post(url(name, team, year), {"question": "X", "reflection": "X"})

    assert response.status_code == 404
    carols.refresh_from_db()
    assert carols.question == PRIVATE and carols.reflection == ""


def test_a_teacher_writes_a_private_learning_question(client, team, year, carol):
    client.force_login(carol)

    response = client.post(
        url("learning_question", team, year),
        {"question": PRIVATE, "team_plan": "Teamplan: activerende didactiek"},
    )

    assert response.status_code == 302
    question = LearningQuestion.objects.get(owner=carol, school_year=year)
    assert question.question == PRIVATE
    assert question.team_plan == "Teamplan: activerende didactiek"
    assert question.shared is False
    page = client.get(response["Location"]).content.decode()
    assert dutch_html("Your learning question has been saved; only you can read it.") in page
    assert PRIVATE in page


def test_saving_again_changes_the_one_question_of_the_year(client, team, year, carol, carols):
    client.force_login(carol)

    client.post(url("learning_question", team, year), {"question": "Nieuw", "shared": "on"})

    assert LearningQuestion.objects.filter(owner=carol).count() == 1
    carols.refresh_from_db()
    assert carols.question == "Nieuw" and carols.shared is True


def test_a_too_long_question_is_refused_in_dutch_and_kept(client, team, year, carol):
    client.force_login(carol)
    text = "a" * (LEARNING_TEXT_MAX_LENGTH + 1)

    response = client.post(url("learning_question", team, year), {"question": text})

    assert response.status_code == 400
    page = response.content.decode()
    assert "hoogstens 1000 tekens" in page and "1001" in page
    assert text in page  # nothing typed is lost
    assert not LearningQuestion.objects.exists()


def test_an_empty_question_is_refused_in_dutch(client, team, year, carol):
    client.force_login(carol)

    response = client.post(url("learning_question", team, year), {"question": "  "})

    assert response.status_code == 400
    assert dutch_html("Write your learning question, in a sentence or two.") in (
        response.content.decode()
    )


def test_the_page_warns_before_leaving_unsaved_changes(client, team, year, carol):
    """Its forms are plain POST forms, which static/js/plg.js watches (beforeunload)."""
    client.force_login(carol)

    page = client.get(url("learning_question", team, year)).content.decode()

    assert 'method="post"' in page and "data-autosave" not in page


# --- who reads it ------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["alice", "bob", "dave"])
def test_nobody_else_reads_a_private_question(client, request, team, year, carols, who):
    client.force_login(request.getfixturevalue(who))

    for name in ("team_learning_questions", "learning_question", "my_hours", "my_hours_pdf"):
        response = client.get(url(name, team, year))
        assert response.status_code == 200
        assert PRIVATE.encode() not in response.content, name
    assert PRIVATE not in client.get(reverse("team_dashboard", args=[team.slug])).content.decode()


def test_another_team_and_anonymous_do_not_read_it(client, team, year, carols, charlie):
    for name in ("team_learning_questions", "learning_question"):
        assert PRIVATE.encode() not in client.get(url(name, team, year)).content
    client.force_login(charlie)
    for name in ("team_learning_questions", "learning_question"):
        response = client.get(url(name, team, year))
        assert response.status_code == 404
        assert PRIVATE.encode() not in response.content


@pytest.mark.parametrize("who", ["alice", "carol", "dave"])
def test_a_shared_question_is_read_by_the_whole_team(client, request, team, year, bobs_shared, who):
    client.force_login(request.getfixturevalue(who))

    page = client.get(url("team_learning_questions", team, year)).content.decode()

    assert SHARED in page


def test_a_shared_question_is_not_read_by_another_team(client, team, year, bobs_shared, charlie):
    MembershipFactory(team=charlie.memberships.get().team, role=Role.TEACHER)
    client.force_login(charlie)

    assert client.get(url("team_learning_questions", team, year)).status_code == 404


def test_a_former_member_no_longer_reads_shared_questions(client, team, year, bobs_shared, carol):
    Membership.objects.filter(user=carol, team=team).update(is_active=False)
    client.force_login(carol)

    assert client.get(url("team_learning_questions", team, year)).status_code == 404


def test_the_owner_sees_their_private_question_marked_in_the_list(
    client, team, year, carols, bobs_shared, carol
):
    client.force_login(carol)

    page = client.get(url("team_learning_questions", team, year)).content.decode()

    assert PRIVATE in page and SHARED in page
    assert dutch("you, private") in page


@pytest.mark.parametrize("size", [1, 10])
def test_the_team_list_query_count_is_constant(
    client, django_assert_num_queries, team, year, carol, size
):
    for n in range(size):
        owner = MembershipFactory(team=team, role=Role.TEACHER).user
        LearningQuestionFactory(school_year=year, owner=owner, shared=True, question=f"Vraag {n}")
        LearningQuestionFactory(school_year=year, owner=MembershipFactory(team=team).user)
    client.force_login(carol)
    client.get(url("team_learning_questions", team, year))

    # session, user, membership, year, the context processor's two, the questions.
    with django_assert_num_queries(5):
        response = client.get(url("team_learning_questions", team, year))

    assert len(response.context["questions"]) == size


# --- the dashboard -----------------------------------------------------------------------------


def test_the_dashboard_invites_to_write_one(client, team, year, today, carol):
    client.force_login(carol)

    page = client.get(reverse("team_dashboard", args=[team.slug])).content.decode()

    assert dutch("Write my learning question") in page
    assert url("learning_question", team, year) in page
    assert dutch("Look back on your learning question") not in page


def test_the_dashboard_shows_the_own_question(client, team, year, today, carol, carols):
    client.force_login(carol)

    page = client.get(reverse("team_dashboard", args=[team.slug])).content.decode()

    assert PRIVATE in page
    assert dutch("private: only you can read it") in page
    assert dutch("Look back on your learning question") not in page  # meeting 6 is far


def test_near_meeting_6_the_dashboard_asks_to_look_back(
    client, monkeypatch, team, year, meetings, carol, carols
):
    day = meetings[6].date - datetime.timedelta(days=3)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)
    client.force_login(carol)

    page = client.get(reverse("team_dashboard", args=[team.slug])).content.decode()

    assert dutch("Look back on your learning question") in page
    assert url("learning_question", team, year) + "#reflection" in page
    own = client.get(url("learning_question", team, year)).content.decode()
    assert 'name="reflection"' in own


def test_before_meeting_6_is_near_there_is_no_place_for_the_look_back(
    client, team, year, today, carol, carols
):
    client.force_login(carol)

    page = client.get(url("learning_question", team, year)).content.decode()

    assert 'name="reflection"' not in page


def test_the_look_back_is_saved_and_shows_on_the_evidence(
    client, monkeypatch, team, year, meetings, carol, carols
):
    day = meetings[6].date
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)
    client.force_login(carol)

    response = client.post(
        url("learning_reflection", team, year), {"reflection": "Werkvormen werken echt."}
    )

    assert response.status_code == 302
    carols.refresh_from_db()
    assert carols.reflection == "Werkvormen werken echt." and carols.reflected_at is not None
    evidence = client.get(url("my_hours", team, year)).content.decode()
    assert "Werkvormen werken echt." in evidence
    dashboard = client.get(reverse("team_dashboard", args=[team.slug])).content.decode()
    assert dutch("Look back on your learning question") not in dashboard  # written


def test_a_too_long_look_back_is_refused_and_kept(
    client, monkeypatch, team, year, meetings, carol, carols
):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: meetings[6].date)
    client.force_login(carol)
    text = "b" * (LEARNING_TEXT_MAX_LENGTH + 5)

    response = client.post(url("learning_reflection", team, year), {"reflection": text})

    assert response.status_code == 400
    assert text in response.content.decode()
    carols.refresh_from_db()
    assert carols.reflection == ""


def test_links_and_the_look_back_need_a_question_first(client, team, year, carol):
    client.force_login(carol)

    response = client.post(url("learning_reflection", team, year), {"reflection": "x"}, follow=True)

    assert dutch("Write your learning question first.") in response.content.decode()
    assert not LearningQuestion.objects.exists()


def test_the_year_review_of_meeting_6_asks_each_person_to_look_back(
    client, team, year, meetings, carol, alice, carols
):
    review = reverse("year_review", args=[team.slug, meetings[6].pk])
    client.force_login(carol)

    page = client.get(review).content.decode()

    assert dutch("Look back on your learning question") in page
    assert PRIVATE in page
    assert url("learning_question", team, year) + "#reflection" in page
    client.force_login(alice)
    assert PRIVATE not in client.get(review).content.decode()


# --- the evidence ------------------------------------------------------------------------------


def test_the_evidence_page_and_pdf_show_the_question(client, team, year, carol, carols):
    client.force_login(carol)

    page = client.get(url("my_hours", team, year)).content.decode()
    pdf = client.get(url("my_hours_pdf", team, year))

    assert PRIVATE in page
    reader = pypdf.PdfReader(io.BytesIO(pdf.content))
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert "stille studenten" in text


# --- links to cases and first steps ------------------------------------------------------------


def test_the_owner_links_their_cases_and_steps(client, team, year, meeting2, carol, carols, step):
    case = CaseFactory(team=team, meeting=meeting2, owner=carol, title="Stille leerling")
    other = CaseFactory(team=team, meeting=meeting2, owner=carol, title="Laat inleveren")
    client.force_login(carol)

    response = client.post(
        url("learning_links", team, year), {"cases": [case.pk], "steps": [step.pk]}
    )

    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).learning_question == carols
    assert Case.objects.get(pk=other.pk).learning_question is None
    assert FirstStep.objects.get(pk=step.pk).learning_question == carols
    evidence = client.get(url("my_hours", team, year)).content.decode()
    assert evidence.count(dutch("works on my learning question")) == 2

    client.post(url("learning_links", team, year), {"cases": [other.pk]})

    assert Case.objects.get(pk=case.pk).learning_question is None
    assert Case.objects.get(pk=other.pk).learning_question == carols
    assert FirstStep.objects.get(pk=step.pk).learning_question is None


def test_someone_elses_case_or_step_cannot_be_linked(
    client, team, year, meeting2, group, carol, bob, carols
):
    bobs_case = CaseFactory(team=team, meeting=meeting2, owner=bob)
    bobs_step = FirstStepFactory(group=group, owner=bob)
    client.force_login(carol)

    response = client.post(
        url("learning_links", team, year), {"cases": [bobs_case.pk], "steps": [bobs_step.pk]}
    )

    assert response.status_code == 400
    assert dutch_html("Choose among your own cases of this year.") in response.content.decode()
    assert Case.objects.get(pk=bobs_case.pk).learning_question is None
    assert FirstStep.objects.get(pk=bobs_step.pk).learning_question is None


def test_the_case_form_links_the_case_to_the_question(
    client, team, year, meetings, today, carol, carols
):
    client.force_login(carol)
    form_page = client.get(reverse("case_new", args=[team.slug])).content.decode()
    assert dutch("Belongs to my learning question") in form_page

    response = client.post(
        reverse("case_new", args=[team.slug]),
        {"title": "Stille leerling", "meeting": meetings[3].pk, "learning_question": carols.pk},
    )

    assert response.status_code == 302
    assert Case.objects.get(title="Stille leerling").learning_question == carols


def test_the_case_form_has_no_link_without_a_question(client, team, year, today, carol):
    client.force_login(carol)

    page = client.get(reverse("case_new", args=[team.slug])).content.decode()

    assert 'name="learning_question"' not in page


def test_the_case_form_refuses_another_persons_question(
    client, team, year, meetings, today, carol, bobs_shared, carols
):
    client.force_login(carol)

    response = client.post(
        reverse("case_new", args=[team.slug]),
        {
            "title": "Stille leerling",
            "meeting": meetings[3].pk,
            "learning_question": bobs_shared.pk,
        },
    )

    assert response.status_code == 200  # the form again, with the message
    assert dutch_html("Choose your own learning question.") in response.content.decode()
    assert not Case.objects.filter(title="Stille leerling").exists()


# --- privacy -----------------------------------------------------------------------------------


def test_the_privacy_export_holds_the_question(client, carol, carols):
    client.force_login(carol)

    data = json.loads(client.get(reverse("my_data_download")).content)

    rows = data["data"]["meetings.LearningQuestion"]["owner"]
    assert [row["question"] for row in rows] == [PRIVATE]


def test_anonymising_deletes_the_questions_and_keeps_the_linked_case(
    team, year, meeting2, alice, carol, carols
):
    case = CaseFactory(team=team, meeting=meeting2, owner=carol, learning_question=carols)
    membership = Membership.objects.get(user=carol, team=team)
    membership.deactivate(by=alice)

    anonymise(membership)

    assert not LearningQuestion.objects.filter(owner=carol).exists()
    assert Case.objects.get(pk=case.pk).learning_question is None


def test_save_question_keeps_one_per_year(year, carol):
    services.save_question(owner=carol, year=year, question="A", team_plan="", shared=False)
    services.save_question(owner=carol, year=year, question="B", team_plan="", shared=True)

    assert list(LearningQuestion.objects.values_list("question", "shared")) == [("B", True)]
