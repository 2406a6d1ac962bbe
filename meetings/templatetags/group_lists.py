"""The preparation page's (and the run view's) lists of people, one tag per list: the
groups' members, the move form's options and the table of colleagues met are 60 rows each
for a team of 60, and a template loop with a lookup per row was a third of the page (issue
10). The same HTML as the loops they replaced (tests/test_group_lists.py keeps those loops
to compare with)."""

from __future__ import annotations

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def member_items(people) -> SafeString:
    """`{% member_items group.members.all %}`: an `<li>` per person, or "No participants"."""
    if not people:
        return mark_safe(
            f'<li class="text-body-secondary small">{escape(_("No participants."))}</li>'
        )
    return mark_safe("".join(f'<li class="py-1 border-top">{escape(p)}</li>' for p in people))


@register.simple_tag
def first_names(people) -> SafeString:
    """`{% first_names group.members.all %}`: "Ann, Bo, Cas" (the run view's groups)."""
    return mark_safe(", ".join(escape(p.first_name) for p in people))


@register.simple_tag
def move_options(groups) -> SafeString:
    """`{% move_options groups %}`: the move form's people, an `<optgroup>` per group."""
    return mark_safe(
        "".join(
            f'<optgroup label="{escape(group)}">'
            + "".join(f'<option value="{p.pk:d}">{escape(p)}</option>' for p in group.members.all())
            + "</optgroup>"
            for group in groups
        )
    )


@register.simple_tag
def colleagues_rows(rows) -> SafeString:
    """`{% colleagues_rows colleagues_met %}`: a table row per person: new colleagues in this
    meeting and met this year (services.running.colleagues_met)."""
    return mark_safe(
        "".join(
            f'<tr><td>{escape(row["user"])}</td><td class="text-end">{row["new"]:d}</td>'
            f'<td class="text-end">{row["met"]:d}</td></tr>'
            for row in rows
        )
    )
