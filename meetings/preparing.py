"""Who prepares a meeting: the method's rule, without the ORM.

Each theme meeting is prepared by two members of the development team (seed 000: "De
voorbereiding van iedere bijeenkomst is in handen van twee leden van het ontwikkelteam").
The planner refuses more than two; fewer is saved with a warning until every meeting has its
pair. Preparers who left the development team since do not count.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from meetings.i18n import message

PREPARERS_PER_MEETING = 2


def preparer_warning(preparer_ids: Iterable[int], developer_ids: Collection[int]) -> Promise | None:
    """Why this meeting's preparers deserve a look (None: two from the development team)."""
    preparers = set(preparer_ids)
    count = len(preparers & set(developer_ids))
    if count >= PREPARERS_PER_MEETING:
        return None
    outside = len(preparers) - count
    if count == 0 and not outside:
        return _(
            "No preparers yet: each meeting is prepared by two members of the development team."
        )
    if outside:
        return message(
            ngettext_lazy(
                "%(count)s preparer is not in the development team (any more): each meeting is "
                "prepared by two members of the development team.",
                "%(count)s preparers are not in the development team (any more): each meeting "
                "is prepared by two members of the development team.",
                outside,
            ),
            count=outside,
        )
    return _("Only one preparer: each meeting is prepared by two members of the development team.")
