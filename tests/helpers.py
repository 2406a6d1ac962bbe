"""Helpers shared by the tests: Dutch messages as users see them, and a planned school year.

Fixtures live in tests/conftest.py, model factories in tests/factories.py.
"""

from __future__ import annotations

import datetime
import re

from django.utils import translation
from django.utils.functional import Promise
from django.utils.html import escape

from meetings.models import SchoolYear
from meetings.services import create_school_year
from plg.models import Team

# Periods of 2026–2027 used throughout the tests (MBO-like, four blocks).
PERIODS_2026 = [
    (datetime.date(2026, 8, 31), datetime.date(2026, 11, 13)),
    (datetime.date(2026, 11, 16), datetime.date(2027, 2, 5)),
    (datetime.date(2027, 2, 8), datetime.date(2027, 4, 23)),
    (datetime.date(2027, 4, 26), datetime.date(2027, 7, 16)),
]
FIRST_DAY_2026 = datetime.date(2026, 8, 31)
LAST_DAY_2026 = datetime.date(2027, 7, 16)


def dutch(message: str | Promise, **params) -> str:
    """The message (an English msgid, or a lazy gettext string) as a Dutch user reads it,
    with its parameters filled in."""
    with translation.override("nl"):
        text = str(message) if isinstance(message, Promise) else translation.gettext(message)
    return text % params if params else text


def dutch_html(message: str, **params) -> str:
    """The Dutch message escaped as it stands in the HTML."""
    return escape(dutch(message, **params))


def dutch_plural(singular: str, plural: str, count: int) -> str:
    """The Dutch plural form for `count`, escaped as it stands in the HTML."""
    with translation.override("nl"):
        return escape(translation.ngettext(singular, plural, count) % {"count": count})


def plan_year(team: Team, *, name: str = "2026–2027", weeks: int = 0, **extra) -> SchoolYear:
    """The school year 2026–2027 of `team` (four periods, six meetings placed by the rule)
    as the planner makes it, moved by `weeks` (52: the next school year, on the same
    weekdays). `extra` goes to create_school_year (e.g. `holidays=[]`)."""
    shift = datetime.timedelta(weeks=weeks)
    year, _warnings = create_school_year(
        team=team,
        name=name,
        first_day=FIRST_DAY_2026 + shift,
        last_day=LAST_DAY_2026 + shift,
        region="midden",
        periods=[(first + shift, last + shift) for first, last in PERIODS_2026],
        **extra,
    )
    return year


def same_page_html(html: str) -> str:
    """HTML as a browser lays it out: runs of whitespace as one space, none between tags.
    For the tests that compare a template tag with the template loop it replaced."""
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", str(html))).strip()


def render_both(old_source: str, new_source: str, context: dict) -> tuple[str, str]:
    """`old_source` (a template loop as it was) and `new_source` (the tag that replaced it)
    rendered with the same context, in the active language."""
    from django.template import engines

    engine = engines["django"]
    return (
        engine.from_string(old_source).render(context),
        engine.from_string(new_source).render(context),
    )
