"""The fase-6 verslag in a real browser: participants answer the evaluation on their phone
from the projector's short address, the preparers turn the draft into a published report
(autosaved, never silently overwritten), a teacher reads it on a phone and downloads the
PDF, and meeting 6 downloads the year bundle."""

import datetime
import io
import re

import pypdf
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from meetings import services
from meetings.models import EvaluationResponse, PhaseCard, Report
from plg.models import Role
from tests.e2e.conftest import (
    LAPTOP,
    PHONE,
    PROJECTOR,
    assert_no_axe_violations,
    login,
    screenshot,
)
from tests.factories import TEST_PASSWORD, FirstStepFactory, MembershipFactory, ThemeFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def meeting(meeting, team, bob, carol):
    """The shared meeting 3 (prepared by bob and dave) on pesten, run up to phase 6 with one
    small group and its notes."""
    meeting.theme = ThemeFactory(team=team, title="Pesten")
    meeting.save()
    for name in ("Anouk", "Bram"):
        MembershipFactory(team=team, role=Role.TEACHER, user__first_name=name)
    run = services.ensure_run(meeting=meeting)
    run.group_leaders.set([bob])
    group = services.compose_meeting_groups(meeting=meeting)[0]
    services.save_note(
        group=group, phase=3, text="Pesten zie je pas als je ernaar vraagt.", version=0, by=bob
    )
    FirstStepFactory(group=group, owner=carol, what="Groepsgesprek in de mentorles")
    steps = run.steps(list(PhaseCard.for_team(team).phases.all()))
    run.go_to_step(len(steps) - 1, step_count=len(steps), now=timezone.now())
    return meeting


def _pdf_text(response) -> str:
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.body()))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_from_evaluation_to_published_report_read_on_a_phone(
    new_page, team, meeting, bob, dave, carol
):
    # Phase 6: the projector shows the way to the evaluation form.
    run = services.ensure_run(meeting=meeting)
    projector = new_page(PROJECTOR)
    projector.goto(f"/projectie/{meeting.pk}/{run.projector_token}/")
    short = projector.locator(".projector-evaluation strong").inner_text()
    expect(projector.locator("svg.evaluation-qr")).to_be_visible()
    assert short.endswith(f"/e/{meeting.pk}")
    assert_no_axe_violations(projector)
    screenshot(projector, "projector-evaluation")

    # A teacher types the short address on her phone: login first, then the form.
    phone = new_page(PHONE)
    phone.goto(f"/e/{meeting.pk}/")
    phone.fill("input[name=username]", carol.email)
    phone.fill("input[name=password]", TEST_PASSWORD)
    phone.click("form button[type=submit]")
    expect(phone.locator("h1")).to_contain_text("Evaluatie: Pesten")
    assert_no_axe_violations(phone)
    phone.locator("label[for=id_experience_3]").click()  # the fourth choice: 4
    phone.fill("#id_learning", "Dat ik eerder mag ingrijpen.")
    screenshot(phone, "evaluation-phone")
    phone.get_by_role("button", name="Versturen").click()
    expect(phone.locator("[role=status]")).to_contain_text("Je antwoord is opgeslagen")
    phone.goto(f"/e/{meeting.pk}/")
    expect(phone.locator("[role=status]")).to_contain_text("al ingevuld")
    assert EvaluationResponse.objects.get(meeting=meeting).respondent is None

    # The meeting is closed; both preparers open the draft.
    services.close_meeting(meeting=meeting)
    laptop = new_page(LAPTOP)
    laptop.on("dialog", lambda dialog: dialog.accept())
    login(laptop, bob)
    laptop.goto(f"/t/{team.slug}/bijeenkomsten/{meeting.pk}/")
    laptop.get_by_role("link", name="Verslag schrijven").click()
    text = laptop.locator("#report-text")
    expect(text).to_have_value(re.compile("Pesten zie je pas als je ernaar vraagt."))
    other = new_page(LAPTOP)
    login(other, dave)
    other.goto(laptop.url)

    # Bob edits and it saves while he types; Dave's older copy does not overwrite it.
    text.press("Control+End")
    text.press_sequentially("\nDe groep wil een vast moment in de mentorles.")
    expect(laptop.locator("#report-text-status")).to_contain_text("Opgeslagen", timeout=5000)
    other_text = other.locator("#report-text")
    other_text.press("Control+End")
    other_text.press_sequentially(" Dave")
    other_text.blur()
    expect(other.locator("#report-text-status")).to_contain_text("iemand anders", timeout=5000)
    expect(other.locator("#report-text-theirs")).to_have_value(re.compile("vast moment"))
    report = Report.objects.get(meeting=meeting)
    assert report.text.endswith("De groep wil een vast moment in de mentorles.")

    # Conclusions and an agreement, then publish.
    laptop.fill("#report-conclusions", "Pesten is een teamtaak.")
    expect(laptop.locator("#report-conclusions-status")).to_contain_text("Opgeslagen", timeout=5000)
    laptop.fill("#id_what", "Signalenlijst rondsturen")
    laptop.fill("#id_who", "Dave")
    laptop.fill("#id_due", (timezone.localdate() + datetime.timedelta(weeks=8)).isoformat())
    laptop.get_by_role("button", name="Afspraak toevoegen").click()
    expect(laptop.locator("#agreements")).to_contain_text("Signalenlijst rondsturen")
    assert_no_axe_violations(laptop)
    screenshot(laptop, "report-edit")
    laptop.get_by_role("button", name="Publiceren voor het team").click()
    expect(laptop.locator("[role=status]").first).to_contain_text("gepubliceerd")

    # A teacher reads it on her phone and downloads the PDF.
    phone.goto(f"/t/{team.slug}/verslagen/")
    phone.get_by_role("link", name="Pesten").click()
    expect(phone.locator("h1")).to_have_text("Pesten")
    expect(phone.locator("main")).to_contain_text("Signalenlijst rondsturen")
    expect(phone.locator("main")).to_contain_text("Dat ik eerder mag ingrijpen.")
    expect(phone.locator(".evaluation-average-number")).to_have_text("4,0")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_no_axe_violations(phone)
    screenshot(phone, "report-phone")
    pdf_url = phone.get_by_role("link", name="Downloaden als pdf").get_attribute("href")
    pdf_text = _pdf_text(phone.request.get(pdf_url))
    assert "Pesten" in pdf_text and "Signalenlijst rondsturen" in pdf_text
    assert "Groepsgesprek in de mentorles" in pdf_text
    assert re.search(r"pagina 1 van \d", pdf_text)

    # Meeting 6: the year bundle of all published reports.
    phone.goto(f"/t/{team.slug}/verslagen/")
    bundle_url = phone.get_by_role("link", name="Alle verslagen als één pdf").get_attribute("href")
    bundle_text = _pdf_text(phone.request.get(bundle_url))
    assert "Verslagen van de themabijeenkomsten" in bundle_text
    assert "Inhoud" in bundle_text and "Pesten" in bundle_text
