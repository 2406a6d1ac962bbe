"""The year review's attendance table, a row of cells at a time: a team of 60 has 360 cells,
and one tag per row instead of a template `if` and a translation per cell keeps the page
fast (issue 10)."""

from __future__ import annotations

import functools

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from meetings.attendance import ABSENT, EXCUSED, PRESENT

register = template.Library()

#: status: (icon classes, the words a screen reader reads)
_MARKS = {
    PRESENT: ("bi-check-lg text-success", "present"),
    ABSENT: ("bi-x-lg text-danger", "absent"),
    EXCUSED: ("bi-envelope-check", "excused"),
}


@functools.lru_cache(maxsize=8)
def _cells(language: str) -> tuple[dict[str, str], str]:
    """The whole `<td>` per status, and for no status, in `language` (the active one)."""
    cell = '<td class="text-center">{}</td>'
    marks = {
        status: format_html(
            cell,
            format_html(
                '<i class="bi {}" aria-hidden="true"></i><span class="visually-hidden">{}</span>',
                icon,
                _(words),
            ),
        )
        for status, (icon, words) in _MARKS.items()
    }
    missing = format_html(
        cell,
        format_html(
            '<span aria-hidden="true">–</span><span class="visually-hidden">{}</span>',
            _("not recorded"),
        ),
    )
    return marks, missing


@register.simple_tag
def attendance_cells(cells: list[str]) -> str:
    """`{% attendance_cells row.cells %}`: a `<td>` per meeting, an icon and its word for
    screen readers; a dash for a meeting without a recorded status."""
    marks, missing = _cells(get_language())
    return mark_safe("".join(marks.get(cell, missing) for cell in cells))  # all made above
