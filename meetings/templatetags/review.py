"""The year review's list of first steps, one tag for the whole list: a team of 60 writes
some 300 steps in a year, and a template `if`, three translations and four lookups per step
were most of the page (issue 10)."""

from __future__ import annotations

import functools

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

register = template.Library()


@functools.lru_cache(maxsize=8)
def _words(language: str) -> tuple[str, str, str]:
    """The marks for a done and an open step, and the word "meeting", in `language`."""
    done = format_html(
        '<i class="bi bi-check-circle-fill text-success" aria-hidden="true"></i>'
        '<span class="visually-hidden">{}:</span>',
        _("done"),
    )
    open_ = format_html(
        '<i class="bi bi-circle text-body-secondary" aria-hidden="true"></i>'
        '<span class="visually-hidden">{}:</span>',
        _("not done yet"),
    )
    return done, open_, _("meeting")


@register.simple_tag
def review_steps(steps) -> str:
    """`{% review_steps review.steps %}`: an `<li>` per first step
    (services/year_review.ReviewStep): done or not, who, what, and at which meeting."""
    done, open_, meeting = _words(get_language())
    meeting = escape(meeting)
    # escape() on the two texts, as format_html_join would, without its per-item overhead.
    return mark_safe(
        "\n".join(
            f'<li class="d-flex gap-2 py-1 border-bottom">{done if step.done_at else open_}'
            f'<span><span class="fw-semibold">{escape(step.owner)}</span> · {escape(step.what)} '
            f'<span class="small text-body-secondary">({meeting} {step.meeting_number:d})'
            "</span></span></li>"
            for step in steps
        )
    )
