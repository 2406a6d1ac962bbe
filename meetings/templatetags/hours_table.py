"""The team's jaartaak hours table, all rows in one tag: sixty members with six cells and
four localised numbers each were most of the hours page as template tags (issue 10). The
same HTML as the template loop had (tests/test_hours_table.py)."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.conf import settings
from django.utils.formats import get_format, localize
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

register = template.Library()


def _localizer():
    """`localize` for the table's numbers (Decimals of hours and counts), the same text:
    written out when no thousand separator is used, which is what takes `localize` long."""
    if settings.USE_THOUSAND_SEPARATOR:
        return localize
    separator = get_format("DECIMAL_SEPARATOR")

    def number(value) -> str:
        if isinstance(value, Decimal):
            return format(value, "f").replace(".", separator)
        return localize(value)

    return number


def _split(number, total, preparation, participation) -> SafeString:
    """A total, with its preparation and participation beside it when there is preparation."""
    if not preparation:
        return format_html("{}", number(total))
    return format_html(
        '{} <span class="small text-body-secondary">({} + {})</span>',
        number(total),
        number(preparation),
        number(participation),
    )


@register.simple_tag
def hours_rows(rows) -> SafeString:
    """`{% hours_rows rows %}`: a `<tr>` per member (services/hours.team_hours): name, role
    (and whether they left), meetings attended, planned and realised hours, difference."""
    left = format_html(' <span class="badge text-bg-light border">{}</span>', _("left the team"))
    number = _localizer()
    lines = []
    for row in rows:
        h, membership = row.hours, row.membership
        lines.append(
            format_html(
                '<tr><th scope="row">{}</th><td>{}{}</td>\n<td>{} / {}</td>\n<td>{}</td>\n'
                "<td>{}</td>\n<td{}>{}</td></tr>",
                row.user,
                membership.get_role_display(),
                "" if membership.is_active else left,
                number(h.meetings_attended),
                number(h.meetings_in_membership),
                _split(number, h.planned, h.planned_preparation, h.planned_participation),
                _split(number, h.realised, h.realised_preparation, h.realised_participation),
                mark_safe(' class="text-danger"') if h.difference < 0 else "",
                number(h.difference),
            )
        )
    return mark_safe("\n".join(lines))  # noqa: S308 (each line is format_html's)
