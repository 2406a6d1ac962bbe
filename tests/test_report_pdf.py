"""The report as a PDF and the year bundle: what they contain, that they are tagged Dutch
documents with the app's fonts embedded, that the renderer reads nothing from the network or
the disk beyond the app's static files, the cache, and who may download them.

Rendering takes about a second, so most access tests replace the renderer with a stub.
"""

from __future__ import annotations

import datetime
import http.server
import io
import re
import subprocess
import sys
import threading
from pathlib import Path

import pypdf
import pytest
from django.core.cache import cache
from django.core.cache.backends.dummy import DummyCache
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from meetings import pdf, pdf_static, services
from meetings.models import Case, MeetingRun, Report
from meetings.services import reports as report_services
from tests.factories import CaseFactory, FirstStepFactory, SmallGroupFactory, ThemeFactory

SECRET = "Kevin wordt buitengesloten in de stal"
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def _meeting(year, number, theme, preparers):
    meeting = year.meetings.get(number=number)
    meeting.preparers.set(preparers)
    meeting.theme = ThemeFactory(team=year.team, title=theme)
    meeting.save()
    run = services.ensure_run(meeting=meeting)
    run.started_at = timezone.now()
    run.phase0_what = f"Inleiding over {theme.lower()}."
    run.save()
    return meeting


def _report(
    meeting,
    leader,
    member,
    *,
    step,
    agreement,
    case_title="Uitsluiting in de stal",
    may_quote=False,
):
    case = CaseFactory(
        meeting=meeting,
        owner=member,
        title=case_title,
        situation=SECRET,
        question="",
        may_quote=may_quote,
    )
    group = SmallGroupFactory(meeting=meeting, number=1, leader=leader, members=[member], case=case)
    services.save_note(group=group, phase=1, text=SECRET, version=0, by=leader)
    services.save_note(
        group=group, phase=3, text="Vraag ernaar in de mentorles.", version=0, by=leader
    )
    FirstStepFactory(group=group, owner=member, what=step)
    report = services.close_meeting(meeting=meeting)
    report_services.add_agreement(
        report=report, what=agreement, who="Dave", due=datetime.date(2027, 1, 26)
    )
    return report


@pytest.fixture
def meeting(year, bob, dave):
    return _meeting(year, 3, "Pesten", [bob, dave])


@pytest.fixture
def report(meeting, bob, carol, dave):
    report = _report(
        meeting,
        bob,
        carol,
        step="Groepsgesprek in de mentorles",
        agreement="Signalenlijst rondsturen",
    )
    report_services.submit_evaluation(meeting=meeting, user=carol, experience=4, learning="Veel.")
    report_services.publish_report(report=report, by=dave)
    return report_services.reports_with_details().get(pk=report.pk)


def _pdf(data: bytes) -> pypdf.PdfReader:
    assert data.startswith(b"%PDF-")
    return pypdf.PdfReader(io.BytesIO(data))


def _text(reader: pypdf.PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def _fonts(reader: pypdf.PdfReader) -> dict[str, bool]:
    """Every font used on a page: its name and whether its file is embedded."""
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            descriptor = descriptor.get_object()
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts[str(font["/BaseFont"])] = embedded
    return fonts


# --- the report's PDF -------------------------------------------------------------------------


def test_report_pdf_contains_theme_date_first_steps_and_agreements(report):
    reader = _pdf(pdf.report_pdf(report))

    text = _text(reader)
    assert "Pesten" in text
    assert "5 januari 2027" in text  # meeting 3 of the conftest year
    assert "Groepsgesprek in de mentorles" in text
    assert "Signalenlijst rondsturen" in text
    assert "Vraag ernaar in de mentorles." not in text  # the case owner did not agree
    assert "Bijeenkomst 4" in text  # the next meeting
    assert "pagina 1 van" in text
    assert SECRET not in text
    assert "Uitsluiting in de stal" not in text
    assert len(reader.pages) == 2


def test_report_pdf_embeds_the_shipped_fonts_only(report):
    fonts = _fonts(_pdf(pdf.report_pdf(report)))

    assert fonts and all(fonts.values())  # every font's file is in the PDF
    assert all("Source-Serif-4" in name or "Source-Sans-3" in name for name in fonts)
    assert any("Source-Serif-4" in name for name in fonts)
    assert any("Source-Sans-3" in name for name in fonts)


def test_report_pdf_is_a_tagged_dutch_document(report):
    reader = _pdf(pdf.report_pdf(report))

    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "nl"
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in catalog
    assert reader.metadata.title == "Verslag van bijeenkomst 3: Pesten"
    assert b"pdfuaid" in catalog["/Metadata"].get_object().get_data()


def test_page_references_stay_those_of_the_pages_added_so_far():
    """The renderer keeps pydyf's tuple of page references until a page is added
    (meetings/pdf_renderer.py): it must stay what pydyf itself would build."""
    import pydyf

    from meetings import pdf_renderer

    document = pydyf.PDF()
    assert document.page_references == ()
    for _ in range(3):
        document.add_page(pydyf.Dictionary({"Type": "/Page"}))
        assert document.page_references == pdf_renderer._original.fget(document)
    assert len(document.page_references) == 3


def test_each_tagged_paragraph_points_at_the_page_it_is_on():
    """PDF/UA tags name the page of each element: with three pages, each paragraph's tag
    names its own page (the page references are built once per added page)."""
    html = "".join(f'<p style="break-before: page">Alinea op pagina {n}</p>' for n in range(1, 4))
    reader = _pdf(pdf.render_pdf(f'<html lang="nl"><body>{html}</body></html>'))
    pages = [page.indirect_reference.idnum for page in reader.pages]

    found = []

    def walk(element):
        element = element.get_object()
        if element.get("/S") == "/P" and "/Pg" in element:
            found.append(element.raw_get("/Pg").idnum)
        kids = element.get("/K")
        for kid in kids if isinstance(kids, list) else [kids]:
            if hasattr(kid, "get_object") and isinstance(kid.get_object(), dict):
                walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    assert len(pages) == 3
    assert found == pages


def test_renderer_leaves_the_garbage_collector_on_also_when_a_render_fails(monkeypatch):
    """The renderer pauses Python's garbage collector while it renders (meetings/
    pdf_renderer.py); a render that fails must not leave it off, or the process would keep
    every reference cycle from then on."""
    import gc

    from meetings import pdf_renderer

    def failing(*args, **kwargs):
        assert not gc.isenabled()
        raise RuntimeError("render failed")

    monkeypatch.setattr(pdf_renderer.HTML, "write_pdf", failing)
    assert gc.isenabled()
    with pytest.raises(RuntimeError):
        pdf.render_pdf("<p>Een alinea</p>")
    assert gc.isenabled()


def test_draft_pdf_is_marked_as_a_draft(report):
    Report.objects.filter(pk=report.pk).update(status=Report.Status.DRAFT)
    draft = report_services.reports_with_details().get(pk=report.pk)

    draft_text = _text(_pdf(pdf.report_pdf(draft)))
    published_text = _text(_pdf(pdf.report_pdf(report)))

    assert "CONCEPT" in draft_text  # the label is set in capitals
    assert "CONCEPT" not in published_text


def test_report_pdf_quotes_a_case_only_with_its_owners_consent(meeting, bob, carol, dave):
    report = _report(meeting, bob, carol, step="Stap", agreement="Afspraak", case_title="Appgroep")
    Case.objects.filter(title="Appgroep").update(may_quote=True)
    report.text = services.draft_report_text(meeting)
    report.save()

    text = _text(_pdf(pdf.report_pdf(report_services.reports_with_details().get(pk=report.pk))))

    assert "Werkcasus: Appgroep" in text
    assert SECRET not in text


# --- the cache ----------------------------------------------------------------------------------


def test_pdf_is_rendered_once_per_version(report, monkeypatch):
    renders = []
    monkeypatch.setattr(pdf, "render_pdf", lambda html: renders.append(html) or b"%PDF-stub")

    pdf.report_pdf(report)
    pdf.report_pdf(report_services.reports_with_details().get(pk=report.pk))
    report_services.save_report_field(
        report=report, field_name="text", text="Nieuw", version=report.version
    )
    pdf.report_pdf(report_services.reports_with_details().get(pk=report.pk))

    assert len(renders) == 2
    assert "Nieuw" in renders[1]


def test_weasyprint_is_not_imported_when_the_app_starts():
    code = (
        "import os, sys, django\n"
        "os.environ['DJANGO_SETTINGS_MODULE'] = 'plg.settings'\n"
        "django.setup()\n"
        "import plg.urls, meetings.views.reports, meetings.pdf\n"
        "from django.core.wsgi import get_wsgi_application\n"
        "get_wsgi_application()\n"
        "print('weasyprint' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )

    assert result.stdout.strip() == "False"


# --- the restricted fetcher ---------------------------------------------------------------------


@pytest.fixture
def listener():
    """A local HTTP server that counts the requests it gets."""
    requests = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the stdlib's name)
            requests.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.end_headers()
            self.wfile.write(b"body { color: red; }")

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", requests
    server.shutdown()
    server.server_close()


def _embedded_files(data: bytes) -> list:
    reader = _pdf(data)
    names = reader.trailer["/Root"].get("/Names")
    files = names.get_object().get("/EmbeddedFiles") if names else None
    return list(files["/Names"]) if files else []


def test_renderer_fetches_nothing_from_the_network_or_the_disk(listener):
    base, requests = listener
    html = f"""<!doctype html><html lang="nl"><head>
      <link rel="stylesheet" href="{base}/style.css">
      <link rel="attachment" href="file:///etc/passwd">
      <link rel="attachment" href="{base}/secret.txt">
      <link rel="stylesheet" href="file:///etc/passwd">
      <link rel="stylesheet" href="../../../../etc/passwd">
      <link rel="stylesheet" href="css/../../../pyproject.toml">
      <style>@import url({base}/import.css);
        body {{ background: url(file:///etc/hostname); }}
        @font-face {{ font-family: X; src: url({base}/font.woff2); }}</style>
      </head><body><p>Hallo</p><img src="{base}/image.png"><img src="file:///etc/passwd">
      <img src="data:image/svg+xml;base64,PHN2Zy8+"><object data="{base}/object"></object>
      <iframe src="{base}/frame"></iframe></body></html>"""

    data = pdf.render_pdf(html)

    assert requests == []
    assert _embedded_files(data) == []
    assert b"root:" not in data


def test_report_whose_text_tries_to_fetch_makes_no_request_and_embeds_nothing(report, listener):
    base, requests = listener
    report_services.save_report_field(
        report=report,
        field_name="text",
        text=f'<img src="{base}/x.png">\n<link rel="attachment" href="file:///etc/passwd">',
        version=report.version,
    )

    data = pdf.report_pdf(report_services.reports_with_details().get(pk=report.pk))

    assert requests == []
    assert _embedded_files(data) == []
    assert '<img src="' in _text(_pdf(data))  # shown as the text it is


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/static/css/pdf.css",
        "https://static.plg-cyclus.invalid.evil.example/static/css/pdf.css",
        "file:///etc/passwd",
        "file:///work/static/css/pdf.css",
        "data:text/css,body{}",
        "https://static.plg-cyclus.invalid/static/../../pyproject.toml",
        "https://static.plg-cyclus.invalid/static/css/%2e%2e/%2e%2e/pyproject.toml",
        "https://static.plg-cyclus.invalid/static/css/pdf.css?x=1",
        "https://static.plg-cyclus.invalid/static/js/plg.js",
        "https://static.plg-cyclus.invalid/static/fonts/missing.woff2",
        "https://static.plg-cyclus.invalid/pyproject.toml",
    ],
)
def test_fetcher_refuses_anything_but_the_apps_static_files(url):
    with pytest.raises(pdf_static.RefusedURL):
        pdf_static.static_file(url)


def test_fetcher_serves_the_stylesheet_and_fonts():
    css = pdf_static.static_file(f"{pdf_static.BASE_URL}css/pdf.css")
    font = pdf_static.static_file(f"{pdf_static.BASE_URL}fonts/source-serif-4-latin-400-normal.ttf")

    assert css == ROOT / "static" / "css" / "pdf.css"
    assert pdf_static.content_type(css) == "text/css"
    assert pdf_static.content_type(font) == "font/ttf"


# --- the year bundle ----------------------------------------------------------------------------


def test_year_bundle_has_cover_contents_and_all_published_reports(year, report, bob, dave, carol):
    first = _meeting(year, 1, "Startende docenten", [bob, dave])
    report_services.publish_report(
        report=_report(first, bob, carol, step="Buddy kiezen", agreement="Buddy's koppelen"),
        by=dave,
    )
    draft_meeting = _meeting(year, 4, "Mentorschap", [bob, dave])
    _report(draft_meeting, bob, carol, step="Concept-stap", agreement="Concept-afspraak")

    reader = _pdf(pdf.year_bundle_pdf(year, report_services.published_reports(year)))

    text = _text(reader)
    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    assert "Verslagen van de themabijeenkomsten" in pages[0]
    assert "Inhoud" in pages[1]
    assert "Startende docenten" in pages[1] and "Pesten" in pages[1]
    assert "Buddy kiezen" in text and "Groepsgesprek in de mentorles" in text
    assert "Concept-stap" not in text and "Concept-afspraak" not in text
    assert SECRET not in text
    # the table of contents gives the page each report starts on
    for theme in ("Startende docenten", "Pesten"):
        start = next(n for n, page in enumerate(pages[2:], start=3) if theme in page[:120])
        assert re.search(rf"{theme}[\s.]*{start}\b", pages[1]), (theme, start, pages[1])
    assert all(_fonts(reader).values())


# --- who may download what ----------------------------------------------------------------------


@pytest.fixture
def stub_renderer(monkeypatch):
    monkeypatch.setattr(pdf, "render_pdf", lambda html: b"%PDF-stub")


def _get(client, name, team_slug="dier-en-groen", **kwargs):
    return client.get(reverse(name, kwargs={"team_slug": team_slug, **kwargs}))


@pytest.mark.parametrize("role", ["alice", "bob", "dave", "carol"])
def test_team_downloads_a_published_report(client, request, report, stub_renderer, role):
    client.force_login(request.getfixturevalue(role))

    response = _get(client, "report_pdf", pk=report.meeting_id)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "verslag-bijeenkomst-3-2027-01-05.pdf" in response["Content-Disposition"]


@pytest.mark.parametrize(("role", "status"), [("bob", 200), ("alice", 200), ("carol", 404)])
def test_draft_pdf_is_a_preview_for_its_writers_only(
    client, request, report, stub_renderer, role, status
):
    Report.objects.filter(pk=report.pk).update(status=Report.Status.DRAFT)
    client.force_login(request.getfixturevalue(role))

    response = _get(client, "report_pdf", pk=report.meeting_id)

    assert response.status_code == status


@pytest.mark.parametrize("slug", ["dier-en-groen", "techniek"])
def test_another_team_gets_no_pdf_and_no_bundle(client, report, year, charlie, stub_renderer, slug):
    client.force_login(charlie)

    one = _get(client, "report_pdf", team_slug=slug, pk=report.meeting_id)
    bundle = _get(client, "year_bundle", team_slug=slug, year_pk=year.pk)

    assert one.status_code == 404
    assert bundle.status_code == 404


def test_anonymous_is_sent_to_the_login_page_for_a_pdf(client, report, year):
    one = _get(client, "report_pdf", pk=report.meeting_id)
    bundle = _get(client, "year_bundle", year_pk=year.pk)

    assert one.status_code == 302 and one["Location"].startswith("/account/login/?next=")
    assert bundle.status_code == 302 and bundle["Location"].startswith("/account/login/?next=")


def test_teacher_downloads_the_year_bundle(client, report, year, carol, stub_renderer):
    client.force_login(carol)

    response = _get(client, "year_bundle", year_pk=year.pk)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="verslagen-2026-2027.pdf"' in response["Content-Disposition"]


def test_year_without_published_reports_has_no_bundle(client, report, year, carol, stub_renderer):
    Report.objects.filter(pk=report.pk).update(status=Report.Status.DRAFT)
    client.force_login(carol)

    response = _get(client, "year_bundle", year_pk=year.pk)

    assert response.status_code == 404


# --- query counts -------------------------------------------------------------------------------

SIZES = [pytest.param(2, id="small"), pytest.param(20, id="large")]


@pytest.mark.parametrize("size", SIZES)
def test_pdf_view_query_count_is_constant(
    client, django_assert_num_queries, report, meeting, team, alice, stub_renderer, size
):
    from plg.models import Role
    from tests.factories import MembershipFactory

    for n in range(size):
        person = MembershipFactory(team=team, role=Role.TEACHER).user
        report_services.submit_evaluation(meeting=meeting, user=person, experience=1 + n % 5)
        report_services.add_agreement(report=report, what=f"Afspraak {n}", who="Bob", due=None)
    client.force_login(alice)
    client.get(reverse("team_dashboard", args=["dier-en-groen"]))

    # never stored (tests/test_stored_pdfs.py has the stored file's four): rendered in the
    # request, the key is the rendered HTML, so the contents are read all the same; 11 with
    # the look for a ready stored file (none), the lookup of the membership, the report and
    # its stored PDF (one query) and the audit log's one insert (an export)
    with django_assert_num_queries(11):
        rendered = _get(client, "report_pdf", pk=report.meeting_id)
    with django_assert_num_queries(11):
        cached = _get(client, "report_pdf", pk=report.meeting_id)

    assert rendered.status_code == cached.status_code == 200
    assert MeetingRun.objects.filter(meeting=meeting).exists()


# --- the cache never serves a PDF of something that changed ---------------------------------


@pytest.fixture
def html_renderer(monkeypatch):
    """A renderer whose bytes are the HTML: new bytes exactly when the document changed."""
    monkeypatch.setattr(pdf, "render_pdf", lambda html: b"%PDF-" + html.encode())


def _fresh(make, monkeypatch):
    """What a render without the cache gives."""
    with monkeypatch.context() as patch:
        patch.setattr(pdf, "cache", DummyCache("fresh", {}))
        return make()


def _next_meeting(meeting):
    return meeting.school_year.meetings.get(number=meeting.number + 1)


def _change_text(report, meeting, dave):
    report_services.save_report_field(
        report=report, field_name="text", text="Een nieuwe tekst", version=report.version
    )


def _change_conclusions(report, meeting, dave):
    report_services.save_report_field(
        report=report, field_name="conclusions", text="Een conclusie", version=0
    )


def _add_agreement(report, meeting, dave):
    report_services.add_agreement(report=report, what="Nog een afspraak", who="Bob", due=None)


def _change_agreement(report, meeting, dave):
    # an edit in the admin: the report itself is not saved
    report.agreements.update(who="Alice")


def _change_attendance(report, meeting, dave):
    services.set_attendance(meeting=meeting, present=set())


def _change_room(report, meeting, dave):
    meeting.room = "Lokaal 2.14"
    meeting.save()


def _change_end_time(report, meeting, dave):
    meeting.duration_minutes += 30
    meeting.save()


def _change_preparers(report, meeting, dave):
    meeting.preparers.remove(dave)


def _move_next_meeting(report, meeting, dave):
    following = _next_meeting(meeting)
    following.date += datetime.timedelta(days=7)
    following.save()


def _change_next_theme(report, meeting, dave):
    following = _next_meeting(meeting)
    following.theme = ThemeFactory(team=meeting.school_year.team, title="Burgerschap")
    following.save()


def _change_next_room(report, meeting, dave):
    following = _next_meeting(meeting)
    following.room = "Aula"
    following.save()


def _add_evaluation(report, meeting, dave):
    report_services.submit_evaluation(meeting=meeting, user=dave, experience=2)


def _change_evaluation(report, meeting, dave):
    # a correction of an answer's text: the count and the last id stay the same
    meeting.evaluations.update(learning="Iets anders geleerd.")


def _mark_discussed(report, meeting, dave):
    report_services.mark_discussed(report=report, on=datetime.date(2027, 1, 19))


def _rename_team(report, meeting, dave):
    team = meeting.school_year.team
    team.name = "Team Groen"
    team.save()


def _change_school(report, meeting, dave):
    team = meeting.school_year.team
    team.school = "Groenhorst"
    team.save()


def _rename_theme(report, meeting, dave):
    meeting.theme.title = "Pesten en plagen"
    meeting.theme.save()


def _rename_publisher(report, meeting, dave):
    dave.first_name = "David"
    dave.save()


PDF_CHANGES = [
    _change_text,
    _change_conclusions,
    _add_agreement,
    _change_agreement,
    _change_attendance,
    _change_room,
    _change_end_time,
    _change_preparers,
    _move_next_meeting,
    _change_next_theme,
    _change_next_room,
    _add_evaluation,
    _change_evaluation,
    _mark_discussed,
    _rename_team,
    _change_school,
    _rename_theme,
    _rename_publisher,
]


def _report_pdf(report):
    return pdf.report_pdf(report_services.reports_with_details().get(pk=report.pk))


def test_downloaded_pdf_shows_the_next_meeting_after_it_moved(client, report, meeting, carol):
    client.force_login(carol)
    _get(client, "report_pdf", pk=report.meeting_id)
    _move_next_meeting(report, meeting, carol)

    response = _get(client, "report_pdf", pk=report.meeting_id)

    text = " ".join(_text(_pdf(response.content)).split())
    assert "Bijeenkomst 4" in text
    assert _date(_next_meeting(meeting).date) in text


def _date(day: datetime.date) -> str:
    with translation.override("nl"):
        return date_format(day, "j F Y")


@pytest.mark.parametrize("change", PDF_CHANGES, ids=lambda f: f.__name__.strip("_"))
def test_report_pdf_changes_with_everything_it_shows(
    report, meeting, dave, html_renderer, monkeypatch, change
):
    before = _report_pdf(report)

    change(report, meeting, dave)
    after = _report_pdf(report)

    assert after != before
    assert after == _fresh(lambda: _report_pdf(report), monkeypatch)


@pytest.mark.parametrize("change", PDF_CHANGES, ids=lambda f: f.__name__.strip("_"))
def test_year_bundle_changes_with_everything_it_shows(
    report, meeting, year, dave, html_renderer, monkeypatch, change
):
    def bundle():
        return pdf.year_bundle_pdf(year, report_services.published_reports(year))

    before = bundle()

    change(report, meeting, dave)
    after = bundle()

    assert after != before
    assert after == _fresh(bundle, monkeypatch)


def test_year_bundle_changes_with_the_year_name(report, year, html_renderer):
    def bundle():
        return pdf.year_bundle_pdf(year, report_services.published_reports(year))

    before = bundle()
    year.name = "2026/2027"
    year.save()

    assert bundle() != before
