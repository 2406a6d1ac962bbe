"""Consistent backups of the database and restoring them (`manage.py backup` / `restore`).

SQLite: the sqlite3 online backup API (`Connection.backup`) copies the database as one
snapshot while the app keeps working: writers wait for the copy (at most the busy timeout)
and every transaction committed before the backup started is in it. PostgreSQL: `pg_dump
--format=custom`, itself one consistent snapshot; restored with `pg_restore --clean`.

A backup file is named after the moment it was made: `plg-20261201-023000.sqlite3` or
`plg-20261201-023000.dump`; `prune` keeps the newest few.
"""

from __future__ import annotations

import datetime
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

PREFIX = "plg-"
SQLITE_SUFFIX = ".sqlite3"
POSTGRES_SUFFIX = ".dump"


class BackupError(Exception):
    """The backup or the restore could not be made; the message says why."""


def backup_name(now: datetime.datetime, suffix: str) -> str:
    return f"{PREFIX}{now:%Y%m%d-%H%M%S}{suffix}"


# --- SQLite -----------------------------------------------------------------------------------


def sqlite_backup(source: sqlite3.Connection, destination: Path) -> Path:
    """Copy the database of `source` to the file `destination` in one step (one snapshot).
    Written beside its final name first, so a half-written file never looks like a backup."""
    partial = destination.with_name(destination.name + ".partial")
    partial.unlink(missing_ok=True)
    target = sqlite3.connect(partial)
    try:
        source.backup(target)  # pages=-1: everything in one step, under one read lock
        target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
    finally:
        target.close()
    check_sqlite(partial)
    partial.replace(destination)
    return destination


def check_sqlite(path: Path) -> None:
    """Raise BackupError unless `path` is an intact SQLite database."""
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            result = connection.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is not a SQLite database: {error}") from error
    if result != "ok":
        raise BackupError(f"{path} is damaged: {result}")


def sqlite_restore(backup: Path, target: sqlite3.Connection) -> None:
    """Replace the database of `target` with the backup file's contents (the backup API
    again, so the live file is never half-copied)."""
    check_sqlite(backup)
    source = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    try:
        source.backup(target)
    finally:
        source.close()


# --- PostgreSQL -------------------------------------------------------------------------------


def _pg_environment(settings_dict: dict) -> tuple[list[str], dict[str, str]]:
    """The connection arguments for pg_dump/pg_restore from Django's database settings; the
    password goes in the environment (PGPASSWORD), never on the command line."""
    args = []
    if settings_dict.get("HOST"):
        args += ["--host", str(settings_dict["HOST"])]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["--username", str(settings_dict["USER"])]
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    return args, env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed (apt-get install postgresql-client).")
    return path


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(result.stderr.strip() or f"{command[0]} failed ({result.returncode})")


def postgres_backup(settings_dict: dict, destination: Path) -> Path:
    args, env = _pg_environment(settings_dict)
    partial = destination.with_name(destination.name + ".partial")
    command = [_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(partial)]
    _run([*command, *args, "--dbname", str(settings_dict["NAME"])], env)
    partial.replace(destination)
    return destination


def postgres_restore(settings_dict: dict, backup: Path) -> None:
    args, env = _pg_environment(settings_dict)
    command = [_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction"]
    _run([*command, *args, "--dbname", str(settings_dict["NAME"]), str(backup)], env)


# --- keeping a few ----------------------------------------------------------------------------


def backups_in(folder: Path) -> list[Path]:
    """The backups in `folder`, oldest first (their names sort by time)."""
    suffixes = (SQLITE_SUFFIX, POSTGRES_SUFFIX)
    return sorted(p for p in folder.glob(f"{PREFIX}*") if p.suffix in suffixes and p.is_file())


def prune(folder: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` backups in `folder`; returns what was deleted."""
    old = backups_in(folder)[:-keep] if keep > 0 else []
    for path in old:
        path.unlink()
    return old
