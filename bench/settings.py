"""Settings for a benchmark process: the project's settings, plus the bench URLs (with the
trivial comparison view, which exists only here) and a fast password hasher for the made-up
people. The database comes from the environment as usual: SQLITE_PATH (a temporary file the
runner made) or DATABASE_URL (the runner's own PostgreSQL database, e.g. plg_bench)."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-not-secret-" + "x" * 40)

from plg.settings import *  # noqa: E402,F403
from plg.settings import ALLOWED_HOSTS  # noqa: E402

ROOT_URLCONF = "bench.urls"
ALLOWED_HOSTS = [*ALLOWED_HOSTS, "testserver"]
# The made-up people log in often (the load test); a slow hash would be measured instead.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

if os.environ.get("PLG_BENCH_TASKS_LATER"):
    # bench/worker.py while it builds the school: the renders that publishing queues are
    # not run in this process's one background thread; the worker renders the school's
    # PDFs afterwards in two processes side by side (bench/render_years.py).
    TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
