"""The year review's attendance table, all its rows in one tag: a team of 60 has 60 rows
and 360 cells, and a template loop with a name, a tag and a count per row was a fifth of
the page (issue 10). And the run view's attendance check, one tag for its sixty boxes."""

from __future__ import annotations

import functools

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from meetings.attendance import ABSENT, EXCUSED, PRESENT
from meetings.templatetags.absence import absence_reason

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
def attendance_rows(rows) -> str:
    """`{% attendance_rows review.attendance_rows %}`: a `<tr>` per person
    (services/year_review.AttendanceRow): the name, a cell per meeting (an icon and its
    word for screen readers, a dash when nothing was recorded) and how many meetings they
    were present at."""
    marks, missing = _cells(get_language())
    return mark_safe(  # the cells are made above, the name is escaped
        "\n".join(
            f'<tr>\n<th scope="row" class="fw-normal">{escape(row.user)}</th>\n'
            f"{''.join(marks.get(cell, missing) for cell in row.cells)}\n"
            f'<td class="text-end">{row.present_count:d}</td>\n</tr>'
            for row in rows
        )
    )


@register.simple_tag(takes_context=True)
def attendance_boxes(context, rows) -> str:
    """`{% attendance_boxes attendance %}`: a ticked or unticked box per expected person
    (services.attendance.attendance_check's rows), with "excused" and the reason when the
    page's member may read it (absence_reason)."""
    excused = escape(_("excused"))
    items = []
    for row in rows:
        user = row["user"]
        badge = ""
        if row["absence"]:
            reason = absence_reason(context, row["absence"])
            reason = f": {escape(reason)}" if reason else ""
            badge = f' <span class="badge text-bg-light border">{excused}{reason}</span>'
        items.append(
            '<li class="form-check">\n'
            f'<input class="form-check-input" type="checkbox" name="present" value="{user.pk:d}"'
            f' id="present-{user.pk:d}"{" checked" if row["present"] else ""}>\n'
            f'<label class="form-check-label" for="present-{user.pk:d}">{escape(user)}{badge}'
            "</label>\n</li>"
        )
    return mark_safe("\n".join(items))
