"""The archive's insights under each meeting, a list at a time: a page of three school years
shows some three hundred excerpts, and a translation and a filter per excerpt were a large
part of the page as template tags (issue 10). The same HTML as the template loop had
(tests/test_archive_insights.py)."""

from __future__ import annotations

from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def archive_insights(insights) -> SafeString:
    """`{% archive_insights item.insights %}`: an `<li>` per excerpt
    (services/archive.InsightExcerpt): group, phase, the start of the text, and … when the
    text goes on."""
    phase = _("phase")
    return format_html_join(
        "",
        '<li><span class="text-body-secondary">{}, {} {}:</span> {}{}</li>',
        (
            (
                note.group,
                phase,
                note.phase,
                linebreaksbr(note.excerpt, autoescape=True),
                "…" if note.is_cut else "",
            )
            for note in insights
        ),
    )
