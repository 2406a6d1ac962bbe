"""The planner's timeline, all weeks of the school year in one tag: some 45 weeks with a
title, a hidden label, markers and three dates each were a third of the planner page as
template tags (issue 10). The same HTML as the template had (tests/test_timeline_html.py)."""

from __future__ import annotations

import functools

from django import template
from django.utils.dates import MONTHS_3
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from meetings.timeline import Week

register = template.Library()


@functools.lru_cache(maxsize=8)
def _months(language: str) -> dict[int, str]:
    """The date filter's "b" (the month's three letters, lowercase) in `language` (the
    active one): the timeline shows some 135 dates."""
    return {number: str(name) for number, name in MONTHS_3.items()}


@register.simple_tag
def timeline_weeks(weeks: list[Week]) -> SafeString:
    """`{% timeline_weeks weeks %}`: an `<li>` per week (meetings/timeline.py): the month at
    its first week, the week's colour (period or holiday) with its dates as a title and for
    screen readers, and a link to each meeting in it."""
    week_word, period_word, meeting_word = _("week"), _("period"), _("Meeting")
    months = _months(get_language())
    items = []
    month = None
    for w in weeks:
        friday = w.friday
        new_month = months[friday.month] if friday.month != month else ""
        month = friday.month
        if w.holiday:
            css, title_tail = " holiday", format_html(" · {}", w.holiday)
            label_tail = format_html(", {}", w.holiday)
        elif w.period:
            css = f" p{w.period}"
            title_tail = format_html(" · {} {}", period_word, w.period)
            label_tail = format_html(", {} {}", period_word, w.period)
        else:
            css, title_tail, label_tail = "", "", ""
        markers = format_html_join(
            "",
            '<a class="marker" href="#meeting-{}-anchor">'
            '<span class="visually-hidden">{} </span>{}</a>',
            ((n, meeting_word, n) for n in w.meetings),
        )
        items.append(
            format_html(
                '<li>\n<span class="month">{}</span>\n'
                '<span class="wk{}" title="{} {}: {}–{}{}">\n'
                '<span class="visually-hidden">{} {}{}</span>\n{}\n</span>\n'
                '<span class="wno" aria-hidden="true">{}</span>\n</li>',
                new_month,
                css,
                week_word,
                w.iso_week,
                f"{w.monday.day} {months[w.monday.month]}",
                f"{friday.day} {months[friday.month]}",
                title_tail,
                week_word,
                w.iso_week,
                label_tail,
                markers,
                w.iso_week,
            )
        )
    return mark_safe("\n".join(items))  # noqa: S308 (each item is format_html's)
