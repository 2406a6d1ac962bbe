"""Texts kept on the device, in a real browser (issue 14): logging out removes the texts
autosave kept in localStorage; the login page after an expired session keeps them."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import LAPTOP, login

pytestmark = pytest.mark.django_db(transaction=True)

KEPT = '{"text": "Ziek thuis, niet doorsturen", "version": 1}'


def stored_keys(page) -> list[str]:
    return page.evaluate("Object.keys(window.localStorage).sort()")


def test_logging_out_removes_the_texts_kept_on_the_device(new_page, team, carol):
    page = new_page(LAPTOP)
    login(page, carol)
    page.evaluate(
        """(kept) => {
          localStorage.setItem("plg-note:1:3:7", kept);
          localStorage.setItem("plg-report:2:text:7", kept);
          localStorage.setItem("another-site-thing", "stays");
        }""",
        KEPT,
    )

    page.locator("nav .dropdown-toggle").last.click()
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_load_state()

    expect(page.locator("[data-clear-device]")).to_be_visible()
    assert stored_keys(page) == ["another-site-thing"]


def test_the_login_page_after_an_expired_session_keeps_them(new_page, team, carol):
    page = new_page(LAPTOP)
    login(page, carol)
    page.evaluate('(kept) => localStorage.setItem("plg-note:1:3:7", kept)', KEPT)
    page.context.clear_cookies()  # the session ended

    page.goto("/account/login/")

    assert stored_keys(page) == ["plg-note:1:3:7"]
