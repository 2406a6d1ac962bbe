"""Settings for the test suite: the production settings with a fixed, test-only secret key,
so the suite also runs against PostgreSQL (DATABASE_URL) where plg.settings refuses to start
without DJANGO_SECRET_KEY. Each run (each pytest-xdist worker) gets a fresh file cache of its
own (unless REDIS_URL or PLG_CACHE_DIR says otherwise), and background tasks run at once in
the caller."""

import atexit
import os
import shutil
import tempfile

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-secret-key-never-used-outside-pytest")
os.environ.setdefault("PLG_TASKS", "immediate")
# Static files as they are in static/ (tests/test_static_files.py collects them itself).
os.environ.pop("PLG_COLLECTED_STATIC", None)
# Each pytest-xdist worker gets its own (they inherit the first process's environment, and
# two workers' databases use the same ids: one cache would mix their run states); a process
# a test starts shares its test process's cache.
_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if "PLG_CACHE_DIR" not in os.environ or os.environ.get("PLG_TEST_CACHE_OF", _worker) != _worker:
    os.environ["PLG_CACHE_DIR"] = tempfile.mkdtemp(prefix="plg-test-cache-")
    os.environ["PLG_TEST_CACHE_OF"] = _worker
    atexit.register(shutil.rmtree, os.environ["PLG_CACHE_DIR"], ignore_errors=True)

from plg.settings import *  # noqa: E402, F403

# Stored PDFs of the tests go to a directory of their own, never into the project's media/.
MEDIA_ROOT = tempfile.mkdtemp(prefix="plg-test-media-")
