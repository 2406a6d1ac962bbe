"""The shared cache and the background tasks (plg/settings.py, plg/tasks.py,
meetings/tasks.py): what PLG_TASKS and REDIS_URL choose, a cache two processes share, and
the outbox sent by a task in each mode (at once, in a background thread, by the database
worker)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from meetings.models import MailKind, OutboxMessage
from meetings.notifications import queue
from plg import settings as plg_settings
from plg.tasks import wait_for_background_tasks

ROOT = Path(__file__).resolve().parent.parent
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
THREAD_TASKS = {"default": {"BACKEND": "plg.tasks.ThreadBackend", "QUEUES": ["default"]}}


# --- what the environment chooses -------------------------------------------------------------


def test_redis_url_gives_the_redis_cache(monkeypatch):
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/1")

    backend = plg_settings.caches()["default"]

    assert backend["BACKEND"] == "plg.cache.RedisCache"
    assert backend["LOCATION"] == "redis://127.0.0.1:6379/1"


def test_without_redis_the_cache_is_a_folder_beside_the_sqlite_database(monkeypatch):
    monkeypatch.delenv("REDIS_URL", raising=False)
    monkeypatch.delenv("PLG_CACHE_DIR", raising=False)

    backend = plg_settings.caches()["default"]

    assert backend["BACKEND"] == "django.core.cache.backends.filebased.FileBasedCache"
    assert backend["LOCATION"] == plg_settings.SQLITE_PATH + ".cache"


def test_no_cache_is_kept_in_one_process_memory():
    backends = {alias: c["BACKEND"] for alias, c in settings.CACHES.items()}

    assert "django.core.cache.backends.locmem.LocMemCache" not in backends.values()
    assert set(backends) == {"default"}


def test_another_process_reads_what_this_one_cached(tmp_path):
    """Two gunicorn workers (or a worker and the task runner) see the same cache."""
    cache.set("shared-between-processes", "from the test process", 60)
    code = (
        "import django; django.setup();"
        "from django.core.cache import cache;"
        "print(cache.get('shared-between-processes'));"
        "cache.set('written-by-the-other', 'from the other process', 60)"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "plg.settings_test"}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout

    assert out.strip() == "from the test process"
    assert cache.get("written-by-the-other") == "from the other process"


@pytest.mark.parametrize(
    ("mode", "backend"),
    [
        (None, "plg.tasks.ThreadBackend"),
        ("thread", "plg.tasks.ThreadBackend"),
        ("immediate", "django_tasks.backends.immediate.ImmediateBackend"),
        ("database", "django_tasks_db.DatabaseBackend"),
    ],
)
def test_plg_tasks_chooses_the_backend(monkeypatch, mode, backend):
    if mode is None:
        monkeypatch.delenv("PLG_TASKS", raising=False)
    else:
        monkeypatch.setenv("PLG_TASKS", mode)

    assert plg_settings.tasks()["default"]["BACKEND"] == backend


def test_an_unknown_plg_tasks_refuses_to_start(monkeypatch):
    monkeypatch.setenv("PLG_TASKS", "celery")

    with pytest.raises(ImproperlyConfigured, match="PLG_TASKS"):
        plg_settings.tasks()


# --- the outbox sent by a task ------------------------------------------------------------------


def _queue_for(person) -> None:
    queue(
        person,
        MailKind.ABSENCE_DECISION,
        key="absence-1-approve",
        subject="Je afmelding is goedgekeurd",
        template="absence_decision",
        context={"meeting": "themabijeenkomst 2", "decision": "approve", "url": "/"},
    )


def test_a_queued_mail_is_sent_by_the_task_after_the_commit(
    carol, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        _queue_for(carol)
        assert mailoutbox == []  # nothing inside the transaction

    assert len(callbacks) == 1
    assert [m.to for m in mailoutbox] == [[carol.email]]
    assert OutboxMessage.objects.get().status == OutboxMessage.Status.SENT


def test_a_rolled_back_change_sends_nothing(carol, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                _queue_for(carol)
                raise RuntimeError("the request failed")
        except RuntimeError:
            pass

    assert callbacks == []
    assert mailoutbox == []


# The worker closes the database connection after its batch, as a long-running process
# should; inside a test's transaction that breaks the test's own connection on PostgreSQL.
@pytest.mark.django_db(transaction=True)
def test_the_database_worker_sends_the_outbox(settings, carol, mailoutbox):
    settings.TASKS = DATABASE_TASKS
    _queue_for(carol)  # autocommit: queued for the worker at once

    task = DBTaskResult.objects.get()
    assert task.task_path == "meetings.tasks.send_outbox"
    assert mailoutbox == []  # waits for the worker

    call_command("db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO())

    assert [m.to for m in mailoutbox] == [[carol.email]]
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL"
    assert task.return_value == {"sent": 1, "skipped": 0, "failed": 0, "error": None}


@pytest.mark.django_db(transaction=True)
def test_the_thread_backend_sends_in_a_background_thread(settings, monkeypatch, mailoutbox):
    from meetings import notifications
    from tests.factories import UserFactory

    settings.TASKS = THREAD_TASKS
    person = UserFactory()
    sent_in: list[str] = []
    build = notifications.build_message

    def spy(*args, **kwargs):
        sent_in.append(threading.current_thread().name)
        return build(*args, **kwargs)

    monkeypatch.setattr(notifications, "build_message", spy)
    _queue_for(person)  # autocommit: enqueued at once, the caller does not wait
    wait_for_background_tasks()

    assert [m.to for m in mailoutbox] == [[person.email]]
    assert OutboxMessage.objects.get().status == OutboxMessage.Status.SENT
    assert len(sent_in) == 1
    assert sent_in[0].startswith("plg-task")


def test_the_send_mail_command_still_sends_what_a_lost_task_left(carol, mailoutbox):
    _queue_for(carol)  # inside the test's transaction: the on-commit task never runs

    call_command("send_mail", "--no-reminders", stdout=io.StringIO())

    assert [m.to for m in mailoutbox] == [[carol.email]]


def _redis_answers() -> bool:
    import socket

    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


@pytest.mark.skipif(not _redis_answers(), reason="Redis does not answer on 127.0.0.1:6379")
def test_the_redis_cache_reuses_its_client_and_keeps_django_behaviour():
    from plg.cache import RedisCache

    redis_cache = RedisCache("redis://127.0.0.1:6379/5", {"KEY_PREFIX": "plg-test"})
    client = redis_cache._cache.get_client("a")

    assert redis_cache._cache.get_client("b") is client
    assert redis_cache._cache.get_client("c", write=True) is client  # one server
    redis_cache.set("entry", {"version": 3}, 30)
    assert redis_cache.get("entry") == {"version": 3}
    assert redis_cache.add("entry", {"version": 4}, 30) is False
    redis_cache.delete("entry")
    assert redis_cache.get("entry", "gone") == "gone"
