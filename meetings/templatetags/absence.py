"""The reason of an afmelding, for whoever may read it (meetings/access.py), else nothing."""

from __future__ import annotations

from django import template

from meetings.access import may_read_absence_reason

register = template.Library()


@register.simple_tag(takes_context=True)
def absence_reason(context, absence) -> str:
    """`{% absence_reason a as reason %}`: the reason for the page's member (`membership`
    in the context) when the rule lets them read it, else "". A page without a member
    shows no reason."""
    membership = context.get("membership")
    if absence is None or membership is None or not may_read_absence_reason(membership, absence):
        return ""
    return absence.reason
