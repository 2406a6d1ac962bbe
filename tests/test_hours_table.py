# ruff: noqa: E501, F811 (the template loop is kept as it was written; the fixture is imported)
"""The hours table tag (meetings/templatetags/hours_table.py) gives the HTML the template
loop gave: preparers with their split, a member who left, a negative difference in red,
Dutch decimal commas and English points."""

from __future__ import annotations

import pytest
from django.utils import timezone, translation

from meetings.services import hours
from plg.models import Membership
from tests.helpers import render_both, same_page_html
from tests.test_hours_pages import cycle  # noqa: F401 (fixture)

#: The loop as hours_overview.html had it before the tag.
TEMPLATE_LOOP = """{% load i18n %}{% for row in rows %}{% with h=row.hours %}
<tr><th scope="row">{{ row.user }}</th><td>{{ row.membership.get_role_display }}{% if not row.membership.is_active %} <span class="badge text-bg-light border">{% translate "left the team" %}</span>{% endif %}</td>
<td>{{ h.meetings_attended }} / {{ h.meetings_in_membership }}</td>
<td>{{ h.planned }}{% if h.planned_preparation %} <span class="small text-body-secondary">({{ h.planned_preparation }} + {{ h.planned_participation }})</span>{% endif %}</td>
<td>{{ h.realised }}{% if h.realised_preparation %} <span class="small text-body-secondary">({{ h.realised_preparation }} + {{ h.realised_participation }})</span>{% endif %}</td>
<td{% if h.difference < 0 %} class="text-danger"{% endif %}>{{ h.difference }}</td></tr>
{% endwith %}{% endfor %}"""


@pytest.mark.parametrize("thousands", [False, True])
@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_tag_gives_the_html_of_the_template_loop(
    language, thousands, settings, team, year, carol, cycle
):
    settings.USE_THOUSAND_SEPARATOR = thousands
    Membership.objects.filter(user=carol).update(is_active=False)
    rows = hours.team_hours(year, timezone.localdate())
    with translation.override(language):
        before, after = render_both(
            TEMPLATE_LOOP, "{% load hours_table %}{% hours_rows rows %}", {"rows": rows}
        )

    assert same_page_html(after) == same_page_html(before)
    assert 'class="text-danger"' in after and "badge text-bg-light" in after
    assert ("15,00" if language == "nl" else "15.00") in after
