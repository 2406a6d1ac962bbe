"""End-to-end tests: Playwright drives the system's Chromium against the live test server.

No browser is downloaded. Without Chromium the tests skip, except where
PLG_REQUIRE_BROWSER=1 (CI), where a missing browser is a failure.
"""

import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests
# make around it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
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


@pytest.fixture
def new_page(browser, live_server):
    """Make pages (each in its own context, so its own session) at a viewport size."""
    contexts = []

    def make(viewport=LAPTOP):
        context = browser.new_context(viewport=viewport, locale="nl-NL", base_url=live_server.url)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def login(page, user, password="test-password-123"):
    page.goto("/account/login/")
    page.fill("input[name=username]", user.email)
    page.fill("input[name=password]", password)
    page.click("form button[type=submit]")
    page.wait_for_load_state()


def screenshot(page, name):
    """Save a screenshot for the README when PLG_SCREENSHOTS=1 (see README)."""
    if os.environ.get("PLG_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))
