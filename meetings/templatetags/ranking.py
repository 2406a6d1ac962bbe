"""The theme vote's ranking (the introduction and the vote page), one tag for the list:
each theme had two blocktranslate tags, the introduction's largest part after the forms
(issue 10). The same HTML as the loop it replaced (tests/test_ranking_items.py keeps that
loop to compare with)."""

from __future__ import annotations

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

register = template.Library()


@register.simple_tag
def ranking_items(ranked) -> SafeString:
    """`{% ranking_items ranked %}`: an `<li>` per theme (services.votes.RankedTheme): its
    place, title and dots."""
    items = []
    for index, item in enumerate(ranked):
        border = " border-top" if index else ""
        # As blocktranslate: the translation as it is, the values escaped.
        place = _("Place %(rank)s:") % {"rank": escape(item.rank)}
        dots = ngettext("%(counter)s dot", "%(counter)s dots", item.votes) % {
            "counter": escape(item.votes)
        }
        items.append(
            f'<li class="d-flex align-items-center gap-2 py-1{border}">\n'
            f'<span class="rank-number" aria-hidden="true">{item.rank:d}</span>\n'
            f'<span class="flex-grow-1 min-w-0"><span class="visually-hidden">{place} </span>'
            f"{escape(item.theme.title)}</span>\n"
            f'<span class="text-nowrap fw-semibold">{dots}</span>\n</li>'
        )
    return mark_safe("\n".join(items))
