"""Every main page (tests/e2e/pages.py), in Dutch, at the size it is used at: axe-core finds
no WCAG 2.1 A/AA violations, the Nu Html Checker finds no errors (htmx's attributes apart),
and the Content-Security-Policy refuses nothing on them. The same tour saves the README's
screenshots (PLG_SCREENSHOTS=1).
"""

import pytest

from tests.e2e.conftest import (
    assert_no_axe_violations,
    assert_valid_html,
    csp_violations,
    screenshot,
)
from tests.e2e.first_paint import assert_loads_what_it_uses
from tests.e2e.pages import PAGES, open_main_page

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("main_page", PAGES, ids=lambda main_page: main_page.name)
def test_main_page_has_no_accessibility_violations(new_page, demo, nu_checker, main_page):
    page = open_main_page(new_page, demo, main_page)

    assert_no_axe_violations(page)
    assert csp_violations(page) == []
    assert_loads_what_it_uses(page)
    if nu_checker:  # one visit for both checkers: the tour is the slowest part of the suite
        assert_valid_html(nu_checker, page)

    if main_page.screenshot:
        screenshot(page, main_page.screenshot, scroll_to=main_page.screenshot_from)
