"""Backups (issue 14): `manage.py backup` makes a consistent copy while the app keeps writing,
and `manage.py restore` puts it back with every row committed before the backup started."""

from __future__ import annotations

import shutil
import sqlite3
import threading
import time
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from plg import backup
from plg.models import Team
from tests.factories import TeamFactory

# --- the backup API under a writer ---------------------------------------------------------------


def _writer(path: Path, stop: threading.Event, written: list[int]) -> None:
    """The app writing: one committed row after another until told to stop."""
    db = sqlite3.connect(path, timeout=20, isolation_level=None)
    db.execute("PRAGMA synchronous=NORMAL")
    try:
        while not stop.is_set():
            db.execute("BEGIN IMMEDIATE")
            row = db.execute("INSERT INTO note (text) VALUES (?)", ("x" * 500,)).lastrowid
            db.execute("COMMIT")
            written.append(row)
    finally:
        db.close()


def test_a_backup_taken_while_the_app_writes_restores_every_committed_row(tmp_path):
    live = tmp_path / "live.sqlite3"
    db = sqlite3.connect(live, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("CREATE TABLE note (id INTEGER PRIMARY KEY, text TEXT)")
    db.execute("PRAGMA synchronous=NORMAL")
    with db:
        db.execute("BEGIN")
        db.executemany("INSERT INTO note (text) VALUES (?)", [("y" * 500,)] * 5000)
    stop, written = threading.Event(), []
    writer = threading.Thread(target=_writer, args=(live, stop, written))
    writer.start()
    while len(written) < 50:  # the writer is busy
        time.sleep(0.01)
    committed_before = db.execute("SELECT max(id) FROM note").fetchone()[0]

    copy = backup.sqlite_backup(db, tmp_path / "backup.sqlite3")
    during = len(written)
    time.sleep(0.05)
    stop.set()
    writer.join()
    restored = sqlite3.connect(tmp_path / "restored.sqlite3")
    backup.sqlite_restore(copy, restored)

    ids = {row for (row,) in restored.execute("SELECT id FROM note")}
    assert set(range(1, committed_before + 1)) <= ids
    assert restored.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert len(written) > during  # the app went on writing after the backup
    db.close()
    restored.close()


def test_a_damaged_file_is_not_restored(tmp_path):
    junk = tmp_path / "plg-20261201-020000.sqlite3"
    junk.write_bytes(b"not a database" * 100)

    with pytest.raises(backup.BackupError):
        backup.sqlite_restore(junk, sqlite3.connect(":memory:"))


def test_prune_keeps_the_newest(tmp_path):
    names = [f"plg-2026120{day}-020000.sqlite3" for day in range(1, 6)]
    for name in names:
        (tmp_path / name).write_text("")
    (tmp_path / "notes.txt").write_text("")

    backup.prune(tmp_path, keep=2)

    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*names[3:], "notes.txt"])


# --- the commands on the app's own database ------------------------------------------------------


sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the SQLite backup (PostgreSQL: see below)"
)


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_commands_bring_deleted_rows_back(tmp_path):
    TeamFactory(name="Team Zorg", slug="zorg")

    call_command("backup", dir=str(tmp_path))
    (made,) = tmp_path.iterdir()
    Team.objects.filter(slug="zorg").delete()
    call_command("restore", str(made), yes=True)

    assert made.name.startswith("plg-") and made.suffix == ".sqlite3"
    assert made.stat().st_mode & 0o077 == 0  # readable by the server's account only
    assert Team.objects.filter(slug="zorg", name="Team Zorg").exists()


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_file_of_the_wrong_kind(tmp_path):
    wrong = tmp_path / "plg-20261201-020000.dump"
    wrong.write_bytes(b"PGDMP")

    with pytest.raises(CommandError):
        call_command("restore", str(wrong), yes=True)


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_backup_keep_deletes_older_backups(tmp_path):
    old = tmp_path / "plg-20200101-020000.sqlite3"
    old.write_text("")

    call_command("backup", dir=str(tmp_path), keep=1)

    assert not old.exists()
    assert len(list(tmp_path.iterdir())) == 1


@pytest.mark.skipif(
    connection.vendor != "postgresql" or shutil.which("pg_dump") is None,
    reason="PostgreSQL with pg_dump only",
)
@pytest.mark.django_db(transaction=True)
def test_postgres_backup_taken_while_the_app_writes_restores_every_committed_row(tmp_path):
    from django.db import connections

    TeamFactory.create_batch(20)
    committed_before = set(Team.objects.values_list("pk", flat=True))
    stop = threading.Event()

    def write():
        try:
            while not stop.is_set():
                TeamFactory()
        finally:
            connections.close_all()

    writer = threading.Thread(target=write)
    writer.start()
    try:
        call_command("backup", dir=str(tmp_path))
    finally:
        stop.set()
        writer.join()
    (made,) = tmp_path.iterdir()
    Team.objects.all().delete()
    call_command("restore", str(made), yes=True)

    assert made.suffix == ".dump"
    assert committed_before <= set(Team.objects.values_list("pk", flat=True))
