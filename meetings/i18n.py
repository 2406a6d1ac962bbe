"""Translatable messages and dates for the pure modules (schedule, school holidays, groups).

Those modules see no request, so they cannot know the reader's language when they find a
problem. They return lazy strings instead: `message(_("Period %(number)s ..."), number=2)`
is translated and filled in when it is shown, in the language active then (English msgids,
Dutch in plg/locale). Dates are formatted at that moment too, by Django's `date_format` with
the formats the templates use ("j F Y", "l j F Y"), so a Dutch reader sees "maandag 31
augustus 2026" and an English one "Monday 31 August 2026". No ORM and no request here.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from django.utils.formats import date_format
from django.utils.functional import Promise, lazy
from django.utils.translation import pgettext_lazy

DATE = "j F Y"
"""'31 augustus 2026', as the `date` filter shows it in the templates."""
DATE_WITH_WEEKDAY = "l j F Y"
"""'maandag 31 augustus 2026'."""


def _fill(text: str | Promise, params: Mapping[str, object]) -> str:
    return str(text) % params


_lazy_fill = lazy(_fill, str)


def message(text: str | Promise, **params: object) -> Promise:
    """`text` (a gettext_lazy msgid with %(name)s placeholders) filled with `params`, both
    translated when the result is turned into a string. Params may be lazy themselves."""
    return _lazy_fill(text, params)


def _format_day(day: date, weekday: bool) -> str:
    return date_format(day, DATE_WITH_WEEKDAY if weekday else DATE)


_lazy_day = lazy(_format_day, str)
weekday_name = lazy(lambda day: date_format(day, "l"), str)
"""The day's weekday, 'maandag' (lazy, in the reader's language)."""


def long_date(day: date, *, weekday: bool = False) -> Promise:
    """'31 augustus 2026' (or 'maandag 31 augustus 2026') in the reader's language."""
    return _lazy_day(day, weekday)


def date_range(first: date, last: date) -> Promise:
    """'31 augustus 2026 t/m 6 november 2026'."""
    return message(
        pgettext_lazy("date range", "%(first)s through %(last)s"),
        first=long_date(first),
        last=long_date(last),
    )
