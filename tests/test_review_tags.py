"""The year review's tags (meetings/templatetags/review.py, attendance.py) write the same HTML
as the format_html_join they used before (kept here), in Dutch and in English, and escape
what people typed."""

import datetime

import pytest
from django.utils import translation
from django.utils.html import format_html, format_html_join

from meetings.attendance import ABSENT, EXCUSED, NOT_RECORDED, PRESENT
from meetings.services.year_review import AttendanceRow, ReviewStep
from meetings.templatetags.attendance import attendance_rows
from meetings.templatetags.review import _words, review_steps
from plg.models import User

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


def _rows_before(rows) -> str:
    """The template loop the year review had, a name, the cells and a count per row."""
    return "\n".join(
        format_html(
            '<tr>\n<th scope="row" class="fw-normal">{}</th>\n{}\n<td class="text-end">{}</td>'
            "\n</tr>",
            row.user,
            _cells_before(row.cells),
            row.present_count,
        )
        for row in rows
    )


ROWS = [
    AttendanceRow(
        User(first_name="Bo", last_name="<b>de Vries</b>", email="bo@example.nl"),
        [PRESENT, ABSENT, EXCUSED, NOT_RECORDED, PRESENT, "?"],
    ),
    AttendanceRow(User(email="ann@example.nl"), [PRESENT] * 6),
]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_same_html_as_before(language):
    with translation.override(language):
        assert review_steps(STEPS) == _steps_before(STEPS)
        assert attendance_rows(ROWS) == _rows_before(ROWS)
    assert review_steps([]) == ""
    assert attendance_rows([]) == ""


def test_typed_text_is_escaped():
    with translation.override("nl"):
        html = review_steps(STEPS)
        assert "Bo &lt;b&gt;de Vries&lt;/b&gt;" in html
        assert "Bellen &amp; mailen" in html
        assert "Een &quot;les&quot; voorbereiden" in html
        assert "(bijeenkomst 2)" in html
        html = attendance_rows(ROWS)
        assert "Bo &lt;b&gt;de Vries&lt;/b&gt;" in html
        assert '<td class="text-end">2</td>' in html  # present twice
        assert "ann@example.nl" in html  # no name: the e-mail address
