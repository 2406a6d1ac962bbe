"""The live state of a meeting run in the shared cache, so the polls of the projector and
of a second laptop (every second or two, from every room) answer "nothing changed" (204)
without touching the database (issue 10).

One entry per meeting, `run-state:<meeting id>`: the run's `state_version`, its projector
token and when its projector link expires. It is written from the database, never guessed:

- every change of what the screens show goes through MeetingRun.save() or .bump(), and
  both `publish` the new entry (cache.set: it replaces whatever a poll put there);
- a poll that finds no entry reads the run from the database and `remember`s it with
  cache.add, which never overwrites: a poll that read the old row just before a change
  cannot put the old version back after the change published the new one;
- a deleted run `forget`s its entry; a new projector token replaces the old one in the
  entry, so the old link stops at once.

The cache must be shared by every process (settings.CACHES); entries expire after a day
as a safety net.
"""

from __future__ import annotations

import datetime
import secrets
from typing import Any

from django.core.cache import cache
from django.db import transaction

#: A meetings.models.MeetingRun (not imported: the model module imports this one).
MeetingRun = Any

TIMEOUT = 24 * 60 * 60


def key(meeting_id: int) -> str:
    return f"run-state:v1:{meeting_id}"


def _entry(run: MeetingRun) -> dict:
    return {
        "version": run.state_version,
        "token": run.projector_token,
        "expires": expires.timestamp() if (expires := run.projector_link_expires_at()) else None,
    }


def publish(run: MeetingRun) -> None:
    """The run's state as it is now: at once, and again once the transaction commits. At
    once, so no poll can add the old version in between; until the commit a screen that
    shows the old version is sent to the database, which still has it (no wrong 204)."""
    entry, name = _entry(run), key(run.meeting_id)
    cache.set(name, entry, TIMEOUT)
    transaction.on_commit(lambda: cache.set(name, entry, TIMEOUT))


def remember(run: MeetingRun) -> None:
    """From a poll that read the run: only when no entry is there (see the module text)."""
    cache.add(key(run.meeting_id), _entry(run), TIMEOUT)


def forget(meeting_id: int) -> None:
    name = key(meeting_id)
    cache.delete(name)
    transaction.on_commit(lambda: cache.delete(name))


def unchanged(meeting_id: int, shown: str | None, *, token: str | None = None) -> bool:
    """Whether a screen that shows version `shown` of the meeting's run is up to date,
    answered from the cache alone; False when the cache does not know (the caller then asks
    the database). With `token` (the projector), only for the run's current token and while
    its link is valid."""
    if not shown:
        return False
    entry = cache.get(key(meeting_id))
    if not isinstance(entry, dict) or str(entry.get("version")) != shown:
        return False
    if token is not None:
        if not secrets.compare_digest(str(entry.get("token", "")), token):
            return False
        expires = entry.get("expires")
        if expires is not None and datetime.datetime.now(datetime.UTC).timestamp() >= expires:
            return False
    return True
