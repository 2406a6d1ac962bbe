"""The PLG itself (seed 000): the development team is the professional learning community,
"begeleid door twee teacher leaders" and "maximaal vijftien personen (incl. teacher
leaders)". Pure rules, no ORM: the members page warns, it does not block (the module adds
that the size may depend on the teacher leaders' capacities)."""

from __future__ import annotations

from django.utils.functional import Promise, lazy
from django.utils.translation import ngettext_lazy

MAX_PLG_SIZE = 15
TEACHER_LEADERS = 2


def _fill(text, params) -> str:
    return str(text) % params


_lazy_fill = lazy(_fill, str)


def plg_warnings(*, developers: int, teacher_leaders: int) -> list[Promise]:
    """Why the PLG deserves a look: more than fifteen people, or not two teacher leaders."""
    warnings = []
    if developers > MAX_PLG_SIZE:
        warnings.append(
            _lazy_fill(
                ngettext_lazy(
                    "The development team (the PLG) has %(count)s member; the method has at "
                    "most %(max)s, teacher leaders included.",
                    "The development team (the PLG) has %(count)s members; the method has at "
                    "most %(max)s, teacher leaders included.",
                    developers,
                ),
                {"count": developers, "max": MAX_PLG_SIZE},
            )
        )
    if teacher_leaders != TEACHER_LEADERS:
        warnings.append(
            _lazy_fill(
                ngettext_lazy(
                    "The PLG is led by two teacher leaders; %(count)s is marked now.",
                    "The PLG is led by two teacher leaders; %(count)s are marked now.",
                    teacher_leaders,
                ),
                {"count": teacher_leaders},
            )
        )
    return warnings
