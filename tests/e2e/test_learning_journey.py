"""A teacher writes a learning question (leervraag) from the dashboard and finds it on their
evidence page; in the weeks of meeting 6 the dashboard asks them to look back on it."""

from django.utils import timezone
from playwright.sync_api import expect

from meetings.models import LearningQuestion
from tests.e2e.conftest import DEMO_PASSWORD, LAPTOP, login

QUESTION = "Hoe laat ik studenten in de praktijkles elkaar feedback geven?"


def test_teacher_writes_a_learning_question_and_sees_it_on_the_evidence_page(
    new_page, demo, monkeypatch
):
    teacher = demo.teacher
    page = new_page(LAPTOP)
    login(page, teacher, DEMO_PASSWORD)

    page.get_by_role("link", name="Leervraag opschrijven").first.click()
    page.fill("#id_question", QUESTION)
    page.fill("#id_team_plan", "Teamplan: activerende didactiek")
    page.get_by_role("button", name="Leervraag opslaan").click()
    expect(page.locator("main")).to_contain_text("alleen jij kunt hem lezen")

    question = LearningQuestion.objects.get(owner=teacher)
    assert question.question == QUESTION and not question.shared

    page.get_by_role("link", name="Mijn uren en bewijs").click()
    expect(page.locator("main .evidence")).to_contain_text(QUESTION)

    # Meeting 6: the dashboard asks to look back, and the look back joins the evidence.
    meeting_6 = demo.year.meetings.get(number=6).date
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: meeting_6)
    page.goto(f"/t/{demo.team.slug}/")
    expect(page.locator("main")).to_contain_text("Kijk terug op je leervraag")
    page.get_by_role("link", name="Terugblik schrijven").click()
    page.fill("#id_reflection", "Feedback in tweetallen werkt, met een vaste vraag erbij.")
    page.get_by_role("button", name="Terugblik opslaan").click()
    expect(page.locator("main")).to_contain_text("Je terugblik is opgeslagen")

    page.get_by_role("link", name="Mijn uren en bewijs").click()
    evidence = page.locator("main .evidence")
    expect(evidence).to_contain_text(QUESTION)
    expect(evidence).to_contain_text("Feedback in tweetallen werkt")
