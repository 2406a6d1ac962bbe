"""The year review's tags (meetings/templatetags/review.py, attendance.py) write the same HTML
as the format_html_join they used before (kept here), in Dutch and in English, and escape
what people typed."""

import datetime

import pytest
from django.utils import translation
from django.utils.html import format_html, format_html_join

from meetings.attendance import ABSENT, EXCUSED, NOT_RECORDED, PRESENT
from meetings.services.year_review import ReviewStep
from meetings.templatetags.attendance import attendance_cells
from meetings.templatetags.review import _words, review_steps

STEPS = [
    ReviewStep(1, "Bo <b>de Vries</b>", "Bellen & mailen", None, 10, 2),
    ReviewStep(2, "Ann", 'Een "les" voorbereiden', datetime.datetime(2026, 11, 2), 11, 3),
]


def _steps_before(steps) -> str:
    done, open_, meeting = _words(translation.get_language())
    return format_html_join(
        "\n",
        '<li class="d-flex gap-2 py-1 border-bottom">{}'
        '<span><span class="fw-semibold">{}</span> · {} '
        '<span class="small text-body-secondary">({} {})</span></span></li>',
        ((done if s.done_at else open_, s.owner, s.what, meeting, s.meeting_number) for s in steps),
    )


def _cells_before(cells) -> str:
    marks = {
        PRESENT: ("bi-check-lg text-success", "present"),
        ABSENT: ("bi-x-lg text-danger", "absent"),
        EXCUSED: ("bi-envelope-check", "excused"),
    }
    shown = {
        status: format_html(
            '<i class="bi {}" aria-hidden="true"></i><span class="visually-hidden">{}</span>',
            icon,
            translation.gettext(words),
        )
        for status, (icon, words) in marks.items()
    }
    missing = format_html(
        '<span aria-hidden="true">–</span><span class="visually-hidden">{}</span>',
        translation.gettext("not recorded"),
    )
    return format_html_join(
        "", '<td class="text-center">{}</td>', ((shown.get(c, missing),) for c in cells)
    )


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_same_html_as_before(language):
    cells = [PRESENT, ABSENT, EXCUSED, NOT_RECORDED, PRESENT, "?"]
    with translation.override(language):
        assert review_steps(STEPS) == _steps_before(STEPS)
        assert attendance_cells(cells) == _cells_before(cells)
    assert review_steps([]) == ""


def test_typed_text_is_escaped():
    with translation.override("nl"):
        html = review_steps(STEPS)
        assert "Bo &lt;b&gt;de Vries&lt;/b&gt;" in html
        assert "Bellen &amp; mailen" in html
        assert "Een &quot;les&quot; voorbereiden" in html
        assert "(bijeenkomst 2)" in html
