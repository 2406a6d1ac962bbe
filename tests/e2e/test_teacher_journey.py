"""The teacher's journey: bring in a case for the next meeting, propose a theme, read a
published report on a phone."""

from playwright.sync_api import expect

from meetings.models import Case, Theme
from tests.e2e.conftest import DEMO_PASSWORD, LAPTOP, PHONE, login


def test_teacher_brings_in_a_case_proposes_a_theme_and_reads_a_report(new_page, demo):
    teacher = demo.teacher
    page = new_page(LAPTOP)
    login(page, teacher, DEMO_PASSWORD)

    page.get_by_role("link", name="Werkcasus inbrengen").first.click()
    page.fill("#id_title", "Studenten die hun stageverslag steeds te laat inleveren")
    page.fill("#id_situation", "Drie studenten leveren elke week te laat in, ondanks afspraken.")
    page.fill("#id_question", "Hoe maak ik de deadline belangrijk zonder alleen te straffen?")
    page.locator("main form button[type=submit]").first.click()

    case = Case.objects.get(owner=teacher, title__startswith="Studenten die hun stageverslag")
    assert case.meeting == demo.year.meetings.get(number=3)
    page.goto(f"/t/{demo.team.slug}/casussen/")
    expect(page.locator("main")).to_contain_text("Studenten die hun stageverslag")

    page.goto(f"/t/{demo.team.slug}/themas/")
    page.fill("#id_title", "Feedback op beroepsopdrachten")
    page.fill("#id_description", "We geven veel feedback, maar wordt die gebruikt?")
    page.locator("form:has(#id_title) button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("Feedback op beroepsopdrachten")
    assert Theme.objects.filter(team=demo.team, proposed_by=teacher).exists()

    phone = new_page(PHONE)
    login(phone, teacher, DEMO_PASSWORD)
    phone.goto(f"/t/{demo.team.slug}/verslagen/")
    phone.get_by_role("link", name="Sociale media in de klas").first.click()
    expect(phone.locator("main")).to_contain_text("Conclusies")
    expect(phone.locator("main")).to_contain_text("Afspraken over sociale media")
    pdf_url = phone.get_by_role("link", name="Downloaden als pdf").first.get_attribute("href")
    pdf = phone.request.get(pdf_url)
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")
