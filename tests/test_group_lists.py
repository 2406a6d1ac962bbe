# ruff: noqa: E501 (the template loops as they were, line for line)
"""meetings/templatetags/group_lists.py writes the preparation page's lists as the template
loops did (kept here), in Dutch and in English, with names escaped."""

import pytest
from django.utils import translation

from meetings.services.running import colleagues_met, earlier_groups, meeting_groups
from tests.factories import MembershipFactory, SmallGroupFactory
from tests.helpers import render_both, same_page_html

MEMBERS_LOOP = """{% load i18n %}<ul>          {% for person in group.members.all %}
          <li class="py-1 border-top">{{ person }}</li>
          {% empty %}
          <li class="text-body-secondary small">{% translate "No participants." %}</li>
          {% endfor %}
</ul>"""
FIRST_NAMES_LOOP = """<div>{% for p in group.members.all %}{{ p.first_name }}{% if not forloop.last %}, {% endif %}{% endfor %}</div>"""
OPTIONS_LOOP = """<select>        {% for group in groups %}<optgroup label="{{ group }}">{% for person in group.members.all %}<option value="{{ person.pk }}">{{ person }}</option>{% endfor %}</optgroup>{% endfor %}
</select>"""
COLLEAGUES_LOOP = """<table><tbody>{% for row in colleagues_met %}<tr><td>{{ row.user }}</td><td class="text-end">{{ row.new }}</td><td class="text-end">{{ row.met }}</td></tr>{% endfor %}</tbody></table>"""


@pytest.fixture
def groups(team, meeting, bob, dave, carol):
    odd = MembershipFactory(team=team, user__first_name="Eve <i>", user__last_name="& co").user
    SmallGroupFactory(meeting=meeting, number=1, leader=bob, members=[carol, odd])
    SmallGroupFactory(meeting=meeting, number=2, leader=dave, members=[])
    return meeting_groups(meeting)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_lists_as_the_loops_wrote_them(meeting, groups, language):
    rows = colleagues_met(meeting, groups, earlier_groups(meeting))
    with translation.override(language):
        for group in groups:
            before, after = render_both(
                MEMBERS_LOOP,
                "{% load group_lists %}<ul>{% member_items group.members.all %}</ul>",
                {"group": group},
            )
            assert same_page_html(after) == same_page_html(before)
            before, after = render_both(
                FIRST_NAMES_LOOP,
                "{% load group_lists %}<div>{% first_names group.members.all %}</div>",
                {"group": group},
            )
            assert after == before
        before, after = render_both(
            OPTIONS_LOOP,
            "{% load group_lists %}<select>{% move_options groups %}</select>",
            {"groups": groups},
        )
        assert same_page_html(after) == same_page_html(before)
        assert "Eve &lt;i&gt; &amp; co" in after
        before, after = render_both(
            COLLEAGUES_LOOP,
            "{% load group_lists %}<table><tbody>{% colleagues_rows rows %}</tbody></table>",
            {"colleagues_met": rows, "rows": rows},
        )
        assert same_page_html(after) == same_page_html(before)
        assert len(rows) == 4
