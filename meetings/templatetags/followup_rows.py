"""A first step's row with its done / undo button, written in Python: the run view's look
back lists every first step of the meeting before (a team of 60 writes some 60), and the
row as a template include was a fifth of the page (issue 10).

`meetings/followup_step.html` is `{% step_row step %}`, so the dashboard, the look back
and the htmx answer of first_step_done share this one row. The HTML is what the template
wrote before (tests/test_followup_rows.py keeps that template to compare with).
"""

from __future__ import annotations

import functools

from django import template
from django.template.defaulttags import CsrfTokenNode
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from plg.templatetags.remembered import remembered_reverse

register = template.Library()

_CSRF = CsrfTokenNode()


@functools.lru_cache(maxsize=8)
def _words(language: str) -> dict[str, str]:
    """The row's fixed words in `language` (the active one), translated once and escaped."""
    return {
        name: escape(text)
        for name, text in {
            "not_done": _("not done yet"),
            "marked_done": _("Marked as done."),
            "marked_open": _("Marked as not done yet."),
            "undo": _("Undo"),
            "mark_done": _("Mark done"),
        }.items()
    }


def _day(value) -> str:
    """As the template's `value|date:"j F"`: a datetime in the current time zone."""
    if hasattr(value, "tzinfo") and timezone.is_aware(value):
        value = timezone.localtime(value)
    return date_format(value, "j F")


@register.simple_tag(takes_context=True)
def step_row(context, step) -> SafeString:
    """`{% step_row step %}`, with from the context: team, markable_steps, show_owner,
    place, next_url, step_error, step_saved (as the include had them)."""
    words = _words(get_language())
    show_owner = context.get("show_owner")
    done = step.done_at is not None
    owner = f'<span class="fw-semibold">{escape(step.owner)}</span>: ' if show_owner else ""
    if done:
        state = '<i class="bi bi-check-circle-fill text-success" aria-hidden="true"></i> ' + _(
            "done on %(date)s"
        ) % {"date": escape(_day(step.done_at))}
    else:
        state = f'<i class="bi bi-circle" aria-hidden="true"></i> {words["not_done"]}'
    origin = ""
    if not show_owner:
        meeting = step.group.meeting
        # As blocktranslate: the translation as it is, the values escaped.
        origin = " · " + _("from meeting %(number)s (%(date)s)") % {
            "number": meeting.number,
            "date": escape(_day(meeting.date)),
        }
    note = ""
    error, saved = context.get("step_error"), context.get("step_saved")
    if error:
        note = f'\n      <p class="small text-danger mb-0" role="alert">{escape(error)}</p>'
    elif saved:
        marked = words["marked_done"] if done else words["marked_open"]
        note = f'\n      <span class="visually-hidden" role="status">{marked}</span>'
    form = ""
    if step.pk in (context.get("markable_steps") or ()):
        url = escape(
            remembered_reverse("first_step_done", [context["team"].slug, step.pk], {}, None)
        )
        what = escape(step.what)
        if done:
            button = (
                '<input type="hidden" name="done" value="0">\n      '
                '<button class="btn btn-sm btn-outline-secondary" type="submit">'
                '<i class="bi bi-arrow-counterclockwise" aria-hidden="true"></i> '
                f'{words["undo"]}<span class="visually-hidden">: {what}</span></button>'
            )
        else:
            button = (
                '<input type="hidden" name="done" value="1">\n      '
                '<button class="btn btn-sm btn-outline-primary" type="submit">'
                '<i class="bi bi-check-lg" aria-hidden="true"></i> '
                f'{words["mark_done"]}<span class="visually-hidden">: {what}</span></button>'
            )
        form = (
            f'\n    <form method="post" action="{url}" hx-post="{url}" '
            f'hx-target="#step-{step.pk:d}" hx-swap="outerHTML" class="flex-shrink-0">'
            f"{_CSRF.render(context)}\n"
            f'      <input type="hidden" name="place" value="{escape(context.get("place", ""))}">\n'
            f'      <input type="hidden" name="next" value="{escape(context.get("next_url", ""))}">'
            f"\n      {button}\n    </form>"
        )
    return mark_safe(
        f'<li class="list-group-item step-row{" is-done" if done else ""}" id="step-{step.pk:d}">\n'
        '  <div class="d-flex gap-2 align-items-start justify-content-between">\n'
        '    <div class="min-w-0">\n'
        f'      <p class="mb-0">{owner}<span class="step-what">{escape(step.what)}</span></p>\n'
        '      <p class="small text-body-secondary mb-0">\n'
        f"        {state}\n"
        f"        {origin}\n"
        f"      </p>{note}\n"
        f"    </div>{form}\n"
        "  </div>\n"
        "</li>"
    )


@register.simple_tag(takes_context=True)
def step_rows(context, steps, *, show_owner, place, next_url) -> SafeString:
    """`{% step_rows steps show_owner=True place="lookback" next_url=... %}`: step_row for
    each of `steps`, as a loop over the include with these values did."""
    with context.push(show_owner=show_owner, place=place, next_url=next_url):
        return mark_safe("".join(step_row(context, step) for step in steps))
