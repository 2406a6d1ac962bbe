# ruff: noqa: E501 (the template is kept as it was written)
"""The members page's row tag (plg/templatetags/members_tags.py) gives the HTML the
template gave: for the team leader (with the teacher-leader form for the development team
and the edit button) and for everyone else; escaped names."""

from __future__ import annotations

import pytest
from django.utils import translation

from plg.models import Membership, Role
from tests.factories import MembershipFactory
from tests.helpers import render_both, same_page_html

#: The row as members.html had it before the tag.
TEMPLATE_ROW = """{% load i18n %}<tr id="member-{{ m.pk }}">
  <th scope="row" class="fw-normal"><span class="fw-semibold">{{ m.user.get_full_name|default:m.user.email }}</span>{% if m.is_teacher_leader %} <span class="badge text-bg-info teacher-leader-badge">{% translate "teacher leader" %}</span>{% endif %}
    {% if membership.is_leader and m.is_developer %}
    <form method="post" action="{% url 'member_teacher_leader' team.slug m.pk %}" class="d-inline">{% csrf_token %}
      {% if not m.is_teacher_leader %}<input type="hidden" name="is_teacher_leader" value="on">{% endif %}
      <button class="btn btn-link btn-sm p-0 ms-1 align-baseline" type="submit">{% if m.is_teacher_leader %}{% translate "No longer teacher leader" %}{% else %}{% translate "Make teacher leader" %}{% endif %}<span class="visually-hidden"> {{ m.user }}</span></button>
    </form>
    {% endif %}</th>
  <td data-label="{% translate 'E-mail address' %}"><a href="mailto:{{ m.user.email }}">{{ m.user.email }}</a></td>
  <td data-label="{% translate 'Role' %}"><span class="badge role-badge role-{{ m.role }}">{{ m.get_role_display }}</span></td>
  <td class="text-body-secondary small" data-label="{% translate 'Since' %}">{{ m.started_on|date:"j F Y" }}</td>
  {% if membership.is_leader %}
  <td class="text-end"><a class="btn btn-sm btn-outline-primary" href="?bewerken={{ m.pk }}#member-{{ m.pk }}" hx-get="?bewerken={{ m.pk }}" hx-target="#member-{{ m.pk }}" hx-swap="outerHTML">{{ edit_label }}<span class="visually-hidden"> {{ m.user }}</span></a></td>
  {% endif %}
</tr>
"""


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("viewer", ["alice", "carol"])
def test_the_tag_gives_the_html_of_the_template(request, language, viewer, team):
    looking = Membership.objects.get(team=team, user=request.getfixturevalue(viewer))
    rows = [
        MembershipFactory(team=team, role=Role.DEVELOPER, user__first_name="Bo <b>"),
        MembershipFactory(team=team, role=Role.DEVELOPER, is_teacher_leader=True),
        MembershipFactory(team=team, role=Role.TEACHER, user__first_name="", user__last_name=""),
        looking,
    ]
    context = {"membership": looking, "team": team, "edit_label": "Bewerken", "csrf_token": "t0k3n"}
    tag = "{% load members_tags %}{% member_row m %}"
    with translation.override(language):
        for m in rows:
            before, after = render_both(TEMPLATE_ROW, tag, {**context, "m": m})
            assert same_page_html(after) == same_page_html(before), m
    assert "Bo &lt;b&gt;" in render_both(TEMPLATE_ROW, tag, {**context, "m": rows[0]})[1]
