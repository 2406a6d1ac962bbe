"""The browser side of autosave, written once for the group notes and the fase-6 verslag.

static/js/autosave.js posts `text` and `version` with `Accept: application/json` and expects:
200 `{"version", "saved_at"}`; 409 `{"conflict": true, "version", "text", "updated_by",
"saved_at"}` with the other text; 400 `{"error", "errors"}`. A plain form post (no
JavaScript) gets the page again instead, with what was typed kept in it (the view renders
that from the same Outcome).

The status texts the script shows come from MESSAGES only: the page renders them once as a
json_script block (`{% autosave_messages kind as autosave_messages %}` from
meetings/templatetags/autosave.py); the script reads that block.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meetings.forms.autosave import AutosaveForm
from meetings.services.autosave import EditConflict

#: The id of the json_script block autosave.js reads its status texts from.
MESSAGES_ID = "autosave-messages"

_COMMON = {
    "saved": _("Saved at"),
    "dirty": _("Changes not saved yet…"),
    "saving": _("Saving…"),
    "session": _(
        "Not saved: your session has expired. Log in again in another tab and click Save again."
    ),
    "offline": _("Not saved: no connection. We will try again as soon as you are back online."),
    "server": _(
        "Not saved: something went wrong on the server. Your text is still here; click Save again."
    ),
}

#: The status texts by what is being written: a group note or a text of the report.
MESSAGES = {
    "note": {
        **_COMMON,
        "forbidden": _(
            "Not saved: you may no longer change this note. Copy your text before you leave "
            "this page."
        ),
        "invalid": _("Not saved: the note could not be accepted."),
        "conflict": _(
            "Not saved: this note was changed in the meantime, by someone else or on another "
            "device. Compare both texts and choose."
        ),
    },
    "text": {
        **_COMMON,
        "forbidden": _(
            "Not saved: you may no longer change this text. Copy it before you leave this page."
        ),
        "invalid": _("Not saved: the text could not be accepted."),
        "conflict": _(
            "Not saved: this text was changed in the meantime, by someone else or on another "
            "device. Compare both texts and choose."
        ),
    },
}


def messages(kind: str) -> dict[str, str]:
    """The status texts for `kind` ("note" or "text") in the active language."""
    return {name: str(text) for name, text in MESSAGES[kind].items()}


def wants_json(request: HttpRequest) -> bool:
    """The script asks for JSON; a plain form post accepts HTML."""
    return request.accepts("application/json") and not request.accepts("text/html")


def local_time(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%H:%M:%S")


@dataclass
class Outcome:
    """What became of one save: saved (`saved` is the object), refused because someone else
    saved first (`conflict`), or not valid (neither). `text` and `version` are what the
    textarea should hold if the page is shown again: the typed text, on their version after a
    conflict, so sending it again is "keep mine"."""

    form: AutosaveForm
    text: str
    version: int
    saved: models.Model | None = None
    saved_at: datetime.datetime | None = None
    conflict: EditConflict | None = None

    @property
    def status(self) -> int:
        if self.conflict is not None:
            return 409
        return 200 if self.saved is not None else 400

    @property
    def error(self) -> str:
        return "" if self.form.is_valid() else self.form.first_error()


def submit(
    form: AutosaveForm,
    save: Callable[[str, int], models.Model],
    *,
    version_field: str = "version",
) -> Outcome:
    """Validate the posted text and version and call `save(text, version)`, which saves
    through meetings.services.autosave.save_versioned and returns the saved object."""
    if not form.is_valid():
        typed = form.data.get("text", "").replace("\r\n", "\n")
        return Outcome(form, typed, form.cleaned_data.get("version", 0))
    text, version = form.cleaned_data["text"], form.cleaned_data["version"]
    try:
        obj = save(text, version)
    except EditConflict as conflict:
        return Outcome(form, text, conflict.version, conflict=conflict)
    return Outcome(form, text, getattr(obj, version_field), saved=obj, saved_at=obj.updated_at)


def saved_by(updated_by, viewer) -> str:
    """Who saved the other text, as the viewer reads it: often the viewer themselves, from
    another device or tab."""
    if updated_by is None:
        return ""
    if viewer is not None and getattr(updated_by, "pk", None) == viewer.pk:
        return str(_("you, on another device or tab"))
    return str(updated_by)


def json_answer(outcome: Outcome, viewer=None) -> JsonResponse:
    """The answer autosave.js expects for this outcome (see the module docstring)."""
    if outcome.conflict is not None:
        theirs = outcome.conflict
        body = {
            "conflict": True,
            "version": theirs.version,
            "text": theirs.text,
            "updated_by": saved_by(theirs.updated_by, viewer),
            "saved_at": local_time(theirs.updated_at),
        }
    elif outcome.saved is not None:
        body = {"version": outcome.version, "saved_at": local_time(outcome.saved_at)}
    else:
        body = {"error": outcome.error, "errors": outcome.form.errors}
    return JsonResponse(body, status=outcome.status)
