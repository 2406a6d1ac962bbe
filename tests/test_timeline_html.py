# ruff: noqa: E501 (the template loop is kept as it was written)
"""The planner's timeline tag (meetings/templatetags/weeks.py) gives the HTML the template
loop gave, in Dutch and in English: periods, holidays (escaped), meetings, a month change."""

from __future__ import annotations

import datetime

import pytest
from django.utils import translation

from meetings.timeline import build_weeks
from tests.helpers import render_both, same_page_html

#: The loop as planner.html had it before the tag.
TEMPLATE_LOOP = """{% load i18n %}
    {% for w in weeks %}
    <li>
      <span class="month">{% ifchanged w.friday.month %}{{ w.friday|date:"b" }}{% endifchanged %}</span>
      <span class="wk{% if w.holiday %} holiday{% elif w.period %} p{{ w.period }}{% endif %}" title="{% translate 'week' %} {{ w.iso_week }}: {{ w.monday|date:'j b' }}–{{ w.friday|date:'j b' }}{% if w.holiday %} · {{ w.holiday }}{% elif w.period %} · {% translate 'period' %} {{ w.period }}{% endif %}">
        <span class="visually-hidden">{% translate "week" %} {{ w.iso_week }}{% if w.holiday %}, {{ w.holiday }}{% elif w.period %}, {% translate "period" %} {{ w.period }}{% endif %}</span>
        {% for n in w.meetings %}<a class="marker" href="#meeting-{{ n }}-anchor"><span class="visually-hidden">{% translate "Meeting" %} </span>{{ n }}</a>{% endfor %}
      </span>
      <span class="wno" aria-hidden="true">{{ w.iso_week }}</span>
    </li>
    {% endfor %}"""


def _weeks():
    d = datetime.date
    return build_weeks(
        first_day=d(2026, 9, 28),
        last_day=d(2026, 12, 18),
        periods=[(d(2026, 9, 28), d(2026, 11, 6)), (d(2026, 11, 9), d(2026, 12, 18))],
        holidays=[("Herfst <vakantie> & zo", d(2026, 10, 19), d(2026, 10, 23))],
        meetings=[(1, d(2026, 10, 6)), (2, d(2026, 11, 10)), (3, d(2026, 11, 12))],
    )


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_tag_gives_the_html_of_the_template_loop(language):
    weeks = _weeks()
    with translation.override(language):
        before, after = render_both(
            TEMPLATE_LOOP, "{% load weeks %}{% timeline_weeks weeks %}", {"weeks": weeks}
        )

    assert same_page_html(after) == same_page_html(before)
    assert "Herfst &lt;vakantie&gt; &amp; zo" in after
    assert after.count('class="marker"') == 3
