"""Settings for the test suite: the production settings with a fixed, test-only secret key,
so the suite also runs against PostgreSQL (DATABASE_URL) where plg.settings refuses to start
without DJANGO_SECRET_KEY."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-secret-key-never-used-outside-pytest")

from plg.settings import *  # noqa: E402, F403
