import pytest

from tests.e2e.pages import PAGES, open_main_page

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("main_page", PAGES, ids=lambda p: p.name)
def test_tour(new_page, demo, main_page):
    page = open_main_page(new_page, demo, main_page)
    page.screenshot(path=f"/tmp/e2e-a11y-tour/{main_page.name}.png", full_page=True)
