# ruff: noqa: E501 (the template loop as it was, line for line)
"""The run view's attendance boxes (meetings/templatetags/attendance.py, attendance_boxes)
as the template loop wrote them (kept here): ticked or not, excused with the reason for
whoever may read it, names escaped, in Dutch and in English."""

import pytest
from django.utils import translation

from meetings.services.attendance import attendance_check, excuse
from plg.models import Membership
from tests.factories import MembershipFactory
from tests.helpers import render_both, same_page_html

OLD_LOOP = """{% load i18n absence %}              {% for row in attendance %}
              <li class="form-check">
                <input class="form-check-input" type="checkbox" name="present" value="{{ row.user.pk }}" id="present-{{ row.user.pk }}"{% if row.present %} checked{% endif %}>
                <label class="form-check-label" for="present-{{ row.user.pk }}">{{ row.user }}{% if row.absence %}{% absence_reason row.absence as reason %} <span class="badge text-bg-light border">{% translate "excused" %}{% if reason %}: {{ reason }}{% endif %}</span>{% endif %}</label>
              </li>
              {% endfor %}
"""


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("viewer", ["alice", "bob", "carol"])
def test_the_boxes_as_the_loop_wrote_them(
    request, team, meeting, alice, bob, carol, viewer, language
):
    odd = MembershipFactory(team=team, user__first_name="Eve <i>", user__last_name="& co").user
    excuse(meeting=meeting, user=carol, reason="Naar de <tandarts>", by=alice)
    excuse(meeting=meeting, user=odd, reason="", by=alice)
    rows = attendance_check(meeting)
    assert any(r["absence"] for r in rows) and any(r["present"] for r in rows)
    membership = Membership.objects.get(team=team, user=request.getfixturevalue(viewer))
    with translation.override(language):
        before, after = render_both(
            OLD_LOOP,
            "{% load attendance %}{% attendance_boxes attendance %}",
            {"attendance": rows, "membership": membership, "team": team},
        )
    assert same_page_html(after) == same_page_html(before)
    assert "Eve &lt;i&gt; &amp; co" in after
