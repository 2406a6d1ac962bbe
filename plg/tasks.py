"""Background tasks through Django's Tasks API (the django-tasks backport): the backend that
runs them embedded, and enqueueing once a transaction has committed.

settings.TASKS comes from PLG_TASKS (plg/settings.py): `thread` (the default, no service),
`immediate` (the tests) or `database` (production: django-tasks-db and `manage.py
db_worker`). The task functions themselves are in meetings/tasks.py.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor

from django.db import close_old_connections, connections, transaction
from django.utils.module_loading import import_string
from django_tasks import TaskResult, TaskResultStatus
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks.utils import get_random_id

log = logging.getLogger(__name__)

_lock = threading.Lock()
_executor: ThreadPoolExecutor | None = None


def _pool() -> ThreadPoolExecutor:
    """One background thread per process, made on first use (so after gunicorn forks)."""
    global _executor
    with _lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="plg-task")
        return _executor


class ThreadBackend(ImmediateBackend):
    """Runs each task in a background thread of the process that enqueued it, one at a
    time (two PDFs never render at once beside the requests, and SQLite sees one writer
    from here). The web request returns without waiting. Embedded only: the queue is in
    this process's memory, so a task still waiting when the process stops is lost; the work
    the app hands it is safe to lose (the outbox stays in the database for the next
    `send_mail` run)."""

    def enqueue(self, task, args, kwargs) -> TaskResult:
        self.validate_task(task)
        result = TaskResult(
            task=task,
            id=get_random_id(),
            status=TaskResultStatus.READY,
            enqueued_at=None,
            started_at=None,
            last_attempted_at=None,
            finished_at=None,
            args=args,
            kwargs=kwargs,
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )
        _pool().submit(self._run, result)
        return result

    def _run(self, result: TaskResult) -> None:
        close_old_connections()
        try:
            self._execute_task(result)
            if result.status == TaskResultStatus.FAILED:
                error = result.errors[-1].traceback
                log.error("Task %s failed:\n%s", result.task.module_path, error)
        finally:
            connections.close_all()  # this thread's own connections


def wait_for_background_tasks(timeout: float = 30) -> None:
    """Block until every task the thread backend was given so far has run (tests, and a
    management command that must not exit before its tasks)."""
    done: Future = _pool().submit(lambda: None)
    done.result(timeout=timeout)


def enqueue_on_commit(task_path: str, *args, **kwargs) -> None:
    """Enqueue the task (named by its dotted path, so the module that starts it need not
    import the tasks module, which imports the workflows) once the current transaction has
    committed: the task sees what the request wrote, and nothing is enqueued for a change
    that was rolled back. Outside a transaction it is enqueued at once. A queue that cannot
    be reached is logged and never fails the request: the work stays to be done (the outbox
    is sent by the next `send_mail` run)."""

    def enqueue() -> None:
        import_string(task_path).enqueue(*args, **kwargs)

    transaction.on_commit(enqueue, robust=True)
