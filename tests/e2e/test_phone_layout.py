"""On a phone (390 px) no page is wider than the screen (issue 12, item 8): a case title of
160 characters without a space wraps, and the year review's table becomes one block per
meeting instead of a box to scroll sideways."""

import pytest
from django.urls import reverse

from tests.e2e.conftest import DEMO_PASSWORD, PHONE, login
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db(transaction=True)

LONG_TITLE = "Werkdrukbeleving" * 10  # 160 characters, no place to break


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_a_long_unbroken_case_title_wraps_on_a_phone(new_page, demo):
    case = CaseFactory(meeting=demo.meeting, owner=demo.teacher, title=LONG_TITLE)
    phone = new_page(PHONE)
    login(phone, demo.teacher, DEMO_PASSWORD)

    for url in (
        reverse("cases", args=[demo.team.slug]),
        reverse("case_detail", args=[demo.team.slug, case.pk]),
        reverse("case_edit", args=[demo.team.slug, case.pk]),
    ):
        phone.goto(url)
        assert phone.get_by_text(LONG_TITLE[:40]).first.is_visible()
        assert page_width(phone) <= PHONE["width"], url


def test_the_year_review_fits_a_phone_without_scrolling_sideways(new_page, demo):
    phone = new_page(PHONE)
    login(phone, demo.leader, DEMO_PASSWORD)

    phone.goto(reverse("year_review", args=[demo.team.slug, demo.year.meetings.get(number=6).pk]))

    assert page_width(phone) <= PHONE["width"]
    table = phone.locator("table.review-table")
    assert table.evaluate("t => t.scrollWidth <= t.parentElement.clientWidth")
    # Each meeting is one block whose cells say what they are.
    first_theme = table.locator("tbody tr").first.locator("td").first
    label = first_theme.evaluate("td => getComputedStyle(td, '::before').content")
    assert "Thema" in label


def test_the_members_list_fits_a_phone_without_scrolling_sideways(new_page, demo):
    phone = new_page(PHONE)
    login(phone, demo.leader, DEMO_PASSWORD)

    phone.goto(reverse("members", args=[demo.team.slug]))

    assert page_width(phone) <= PHONE["width"]
    table = phone.locator("main table").first
    assert table.evaluate("t => t.scrollWidth <= t.parentElement.clientWidth")
    email = table.locator("tbody tr").first.locator("td").first
    assert "E-mailadres" in email.evaluate("td => getComputedStyle(td, '::before').content")
