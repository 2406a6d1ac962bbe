"""End-to-end tests: Playwright drives the system's Chromium against the live test server.

No browser is downloaded. Without Chromium the tests skip, except where
PLG_REQUIRE_BROWSER=1 (CI), where a missing browser is a failure.
"""

import datetime
import io
import json
import os
import shutil
import socket
import subprocess
import time
import urllib.request
import warnings
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from textwrap import indent

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from meetings import services
from meetings.management.commands.build_demo import DEMO_PASSWORD as DEMO_PASSWORD
from meetings.models import MeetingRun, PhaseCard
from meetings.services.running import cases_visible_in_group
from plg.models import Role, Team
from tests.factories import TEST_PASSWORD

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests
# make around it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
# axe-core from the npm registry (`npm pack axe-core@4`), committed so tests need no network.
AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
# The Nu Html Checker (the W3C's validator), from npm (`npm install --prefix .ci/vendor vnu-jar`,
# which .ci/run does; not committed: 30 MB); PLG_VNU_JAR points at another copy.
VNU_JAR = Path(
    os.environ.get("PLG_VNU_JAR")
    or Path(__file__).resolve().parents[2] / ".ci/vendor/node_modules/vnu-jar/build/dist/vnu.jar"
)
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--lang=nl-NL",  # Dutch date fields and file pickers, as a Dutch teacher's browser has
]

LAPTOP = {"width": 1366, "height": 768}
PROJECTOR = {"width": 1920, "height": 1080}
PHONE = {"width": 390, "height": 844}


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("PLG_REQUIRE_BROWSER") == "1":
            pytest.fail(f"Chromium is required here but not found at {CHROMIUM}.")
        pytest.skip(
            "No Chromium on this machine (apt-get install chromium); browser tests skipped."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield browser
        browser.close()


def csp_violations(page) -> list[str]:
    """What the page's Content-Security-Policy refused so far (Chromium reports each refused
    script, style or handler on the console), as recorded by `new_page`."""
    return list(getattr(page, "csp_violations", []))


@pytest.fixture
def new_page(browser, live_server):
    """Make pages (each in its own context, so its own session) at a viewport size. Every
    page records what the Content-Security-Policy refused; a browser test whose pages hit
    the policy fails (htmx, the timers and autosave would silently stop working)."""
    contexts, pages = [], []

    def make(viewport=LAPTOP):
        context = browser.new_context(viewport=viewport, locale="nl-NL", base_url=live_server.url)
        # Generous: CI machines are shared and a PDF render there can take seconds; a real
        # failure still fails, only later.
        context.set_default_timeout(30_000)
        contexts.append(context)
        page = context.new_page()
        page.csp_violations = []
        # Each HTML document the page loaded, as the server sent it (for the Nu Html Checker).
        page.documents = []
        page.on(
            "response",
            lambda response: (
                response.request.resource_type == "document"
                and response.frame == page.main_frame
                and page.documents.append(response)
            ),
        )
        page.on(
            "console",
            lambda message: (
                "Content Security Policy" in message.text
                and page.csp_violations.append(f"{page.url}: {message.text}")
            ),
        )
        pages.append(page)
        return page

    yield make
    refused = [violation for page in pages for violation in csp_violations(page)]
    for context in contexts:
        context.close()
    assert not refused, "the Content-Security-Policy refused:\n" + "\n".join(refused)


@dataclass
class Demo:
    """The demo team of `manage.py build_demo` (realistic Dutch names, meetings 1 and 2 held,
    cases for meeting 3), for the page tour and the README's screenshots. `number` is the
    meeting the tour prepares and runs."""

    number: int = 3

    @cached_property
    def team(self):
        return Team.objects.get(slug="dier-en-groen")

    @cached_property
    def year(self):
        return self.team.school_years.get()

    @property
    def meeting(self):
        return self.year.meetings.get(number=self.number)

    @cached_property
    def leader(self):
        return self._member(Role.TEAM_LEADER)

    @cached_property
    def preparer(self):
        return self.meeting.preparers.order_by("first_name").first()

    @cached_property
    def teacher(self):
        return self._member(Role.TEACHER)

    @cached_property
    def developer(self):
        """An ontwikkelteam member who does not prepare the meeting: a group leader."""
        members = self.team.memberships.filter(role=Role.DEVELOPER)
        others = members.exclude(user__in=self.meeting.preparers.all())
        return others.order_by("user__first_name")[0].user

    def compose(self):
        """The meeting's run with its small groups composed (as on the preparation page)."""
        run = services.ensure_run(meeting=self.meeting)
        if not self.meeting.groups.exists():
            services.compose_meeting_groups(meeting=self.meeting, seed=1)
        return run

    def run_at(self, index, *, minutes_in=8):
        """The meeting running at step `index` (the break counts as a step) for `minutes_in`
        minutes, the steps before it done in about their planned time."""
        run = self.compose()
        steps = run.steps(list(PhaseCard.for_team(self.team).phases.all()))
        now = timezone.now()
        done = {str(s.index): s.minutes * 60 + 40 * (s.index % 3 - 1) for s in steps[:index]}
        started = now - datetime.timedelta(seconds=sum(done.values()) + minutes_in * 60)
        run.go_to_step(index, step_count=len(steps), now=now)
        MeetingRun.objects.filter(pk=run.pk).update(
            started_at=started,
            step_seconds=done,
            step_started_at=now - datetime.timedelta(minutes=minutes_in),
        )
        run.refresh_from_db()
        return run

    def group(self):
        """The small group the `developer` leads, with a first note and the case chosen."""
        self.compose()
        group = self.meeting.groups.get(leader=self.developer)
        case = cases_visible_in_group(group)[:1]
        if case and group.case is None:
            group.case = case[0]
            group.save(update_fields=["case"])
        if not group.notes.exists():
            services.save_note(
                group=group,
                phase=1,
                text="De casus gaat over een student die steeds later binnenkomt.",
                version=0,
                by=self.developer,
            )
        return group

    def projector_url(self):
        run = services.ensure_run(meeting=self.meeting)
        return reverse("projector", args=[self.meeting.pk, run.projector_token])

    def _member(self, role):
        return self.team.memberships.filter(role=role).order_by("user__first_name")[0].user


#: Every row `build_demo` wrote, per model: (model, field names, rows), taken once per test
#: session (see `demo`).
_demo_rows: list[tuple[type, list[str], list[tuple]]] | None = None
#: Rows Django makes again itself after each browser test's flush (post_migrate).
_REMADE_BY_DJANGO = {("contenttypes", "contenttype"), ("auth", "permission")}


def _demo_models():
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed
        and not model._meta.proxy
        and (model._meta.app_label, model._meta.model_name) not in _REMADE_BY_DJANGO
    ]


def _take_demo_rows() -> list[tuple[type, list[str], list[tuple]]]:
    taken = []
    for model in _demo_models():
        fields = [field.attname for field in model._meta.concrete_fields]
        rows = list(model._base_manager.order_by("pk").values_list(*fields))
        if rows:
            taken.append((model, fields, rows))
    return taken


def _put_demo_rows(taken) -> None:
    """Write the rows back as they were (foreign keys are checked at commit), then move
    PostgreSQL's id sequences past them and drop what the cache still holds of the test
    before (the run states, cached PDFs), since no save() ran to replace it."""
    stamped = [
        field
        for model, _fields, _rows in taken
        for field in model._meta.concrete_fields
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    ]
    saved = [(field, field.auto_now, field.auto_now_add) for field in stamped]
    try:
        for field in stamped:  # keep the demo's own times, not the time of writing back
            field.auto_now = field.auto_now_add = False
        with transaction.atomic():
            for model, fields, rows in taken:
                model._base_manager.bulk_create(
                    [model(**dict(zip(fields, row, strict=True))) for row in rows]
                )
    finally:
        for field, auto_now, auto_now_add in saved:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add
    sql = connection.ops.sequence_reset_sql(no_style(), [model for model, _f, _r in taken])
    if sql:
        with connection.cursor() as cursor:
            for statement in sql:
                cursor.execute(statement)
    cache.clear()


@pytest.fixture
def demo(transactional_db):
    """The demo team, as `manage.py build_demo` makes it. Built once per test session (it
    takes 10–20 s: groups composed, reports drafted and their PDFs rendered) and written back
    row by row for every later test (well under a second): each browser test still starts
    from the same, untouched demo."""
    global _demo_rows
    if _demo_rows is None:
        call_command("build_demo", no_dump=True, stdout=io.StringIO())
        _demo_rows = _take_demo_rows()
    else:
        _put_demo_rows(_demo_rows)
    return Demo()


def login(page, user, password=TEST_PASSWORD):
    page.goto("/account/login/")
    page.fill("input[name=username]", user.email)
    page.fill("input[name=password]", password)
    page.click("form button[type=submit]")
    page.wait_for_load_state()


def screenshot(page, name, *, scroll_to=None):
    """Save a screenshot for the README when PLG_SCREENSHOTS=1 (see README), of the
    viewport, scrolled down to the element `scroll_to` (a selector) when given."""
    if os.environ.get("PLG_SCREENSHOTS") == "1":
        if scroll_to:
            page.locator(scroll_to).evaluate(
                "(el) => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 16)"
            )
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


AXE_RUN = """(tags) => axe.run(document, {
  runOnly: {type: "tag", values: tags},
  resultTypes: ["violations"],
}).then((results) => results.violations.map((v) => ({
  id: v.id,
  impact: v.impact,
  help: v.help,
  nodes: v.nodes.map((n) => ({target: n.target.join(" "), summary: n.failureSummary})),
})))"""


def axe_violations(page) -> list[dict]:
    """The WCAG 2.1 A/AA violations axe-core finds on the page as it is now."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol: a <script> tag with axe's code would be
        # inline script, which the page's Content-Security-Policy refuses.
        page.evaluate(AXE.read_text(encoding="utf-8"))
    return page.evaluate(AXE_RUN, WCAG_TAGS)


def format_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"]:
            lines.append(f"    {node['target']}")
            lines.append(indent(node["summary"] or "", "      "))
    return "\n".join(lines)


def assert_no_axe_violations(page) -> None:
    violations = axe_violations(page)
    assert not violations, (
        f"axe found {len(violations)} WCAG 2.1 A/AA violation(s) on {page.url}:\n"
        + format_violations(violations)
    )


@pytest.fixture(scope="session")
def nu_checker():
    """The Nu Html Checker as a local web service (one JVM for the whole run), answering
    with the errors it finds in an HTML document. None without Java or vnu.jar (with a
    warning), a failure under PLG_REQUIRE_BROWSER=1 (CI)."""
    java = shutil.which("java")
    if not java or not VNU_JAR.exists():
        reason = (
            f"The Nu Html Checker needs java and {VNU_JAR} "
            "(npm install --prefix .ci/vendor vnu-jar); pages not checked with it."
        )
        if os.environ.get("PLG_REQUIRE_BROWSER") == "1":
            pytest.fail(reason)
        warnings.warn(reason, stacklevel=1)
        yield None
        return
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    server = subprocess.Popen(
        [java, "-Xss1m", "-cp", str(VNU_JAR), "nu.validator.servlet.Main", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/?out=json"
    deadline = time.monotonic() + 120
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail("The Nu Html Checker did not start.")
            time.sleep(0.5)
    yield NuChecker(url)
    server.terminate()
    server.wait(timeout=10)


# htmx's attributes (hx-post, hx-target, …) are not in the HTML standard; the checker's
# only allowed complaint.
HTMX_ATTRIBUTE = "Attribute \u201chx-"


@dataclass
class NuChecker:
    url: str

    def errors(self, html: str) -> list[str]:
        request = urllib.request.Request(
            self.url,
            data=html.encode(),
            headers={"Content-Type": "text/html; charset=utf-8"},
        )
        for attempt in range(30):  # the first document waits for the checker to warm up
            try:
                with urllib.request.urlopen(request, timeout=60) as response:
                    messages = json.load(response)["messages"]
                break
            except OSError:
                if attempt == 29:
                    raise
                time.sleep(1)
        return [
            f"line {message.get('lastLine', '?')}: {message['message']}"
            f" \u2014 {message.get('extract', '').strip()[:120]!r}"
            for message in messages
            if message["type"] == "error" and not message["message"].startswith(HTMX_ATTRIBUTE)
        ]


def assert_valid_html(nu_checker: NuChecker, page) -> None:
    """The document the page shows now (the last one the server sent) has no errors for the
    Nu Html Checker, htmx's attributes apart."""
    html = page.documents[-1].text()
    errors = nu_checker.errors(html)
    assert not errors, f"Nu Html Checker on {page.url}:\n" + "\n".join(errors)
