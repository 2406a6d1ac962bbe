"""The status texts of autosave (meetings/autosave.py) for a page with autosaved texts."""

from __future__ import annotations

from django import template

from meetings import autosave

register = template.Library()


@register.simple_tag
def autosave_messages(kind: str) -> dict[str, str]:
    """`{% autosave_messages "note" as autosave_messages %}`: the texts for a group note
    ("note") or a text of the report ("text"). Render them once per page with
    `{{ autosave_messages|json_script:"autosave-messages" }}` for static/js/autosave.js;
    meetings/_autosave_form.html shows the saved and conflict texts from them."""
    return autosave.messages(kind)
