"""Versioned saves of autosaved texts: a text is written only if nobody saved it since the
version the browser had, so nothing is ever silently overwritten.

Used for the group leader's notes (GroupNote.text) and the fase-6 verslag (Report.text and
Report.conclusions). The browser side of the protocol is meetings/autosave.py.
"""

from __future__ import annotations

import datetime
from typing import TypeVar

from django.db import models
from django.db.models import F
from django.utils import timezone

M = TypeVar("M", bound=models.Model)


class EditConflict(Exception):
    """Someone else saved this text since it was loaded; nothing was overwritten. Carries
    their text, its version and when (and by whom, if known) it was saved, so both texts can
    be shown side by side."""

    def __init__(
        self,
        *,
        text: str,
        version: int,
        updated_at: datetime.datetime,
        updated_by: object | None = None,
    ) -> None:
        super().__init__(f"the text is at version {version}")
        self.text = text
        self.version = version
        self.updated_at = updated_at
        self.updated_by = updated_by


def save_versioned(
    obj: M, *, text_field: str, version_field: str, text: str, version: int, **also
) -> M:
    """Write `text` to `obj.<text_field>` only if `obj.<version_field>` is still `version`,
    raising the version by one and setting `updated_at` and the fields in `also`.

    The check and the write are one UPDATE, so two simultaneous saves cannot both win.
    Saving the text that is already there again is not a conflict (a retried request).
    Returns `obj` as it is in the database now; raises EditConflict otherwise.
    """
    updated = (
        type(obj)
        ._default_manager.filter(pk=obj.pk, **{version_field: version})
        .update(
            **{text_field: text, version_field: F(version_field) + 1},
            updated_at=timezone.now(),
            **also,
        )
    )
    obj.refresh_from_db()
    if not updated and getattr(obj, text_field) != text:
        raise EditConflict(
            text=getattr(obj, text_field),
            version=getattr(obj, version_field),
            updated_at=obj.updated_at,
            updated_by=getattr(obj, "updated_by", None),
        )
    return obj
