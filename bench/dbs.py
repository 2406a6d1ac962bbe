"""The throwaway databases: a temporary SQLite file, or the runner's own PostgreSQL database
(dropped and made again) when 127.0.0.1:5432 answers."""

from __future__ import annotations

import os
import socket
import tempfile

PG_HOST, PG_PORT = "127.0.0.1", 5432
PG_DATABASE = "plg_bench"
PG_URL = f"postgres://postgres@{PG_HOST}:{PG_PORT}/{PG_DATABASE}"


def postgres_answers() -> bool:
    try:
        with socket.create_connection((PG_HOST, PG_PORT), timeout=1):
            return True
    except OSError:
        return False


def recreate_postgres() -> None:
    """Drop and create plg_bench (nobody else uses that name)."""
    import psycopg

    with psycopg.connect(
        f"postgresql://postgres@{PG_HOST}:{PG_PORT}/postgres", autocommit=True
    ) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {PG_DATABASE}")


def drop_postgres() -> None:
    import psycopg

    with psycopg.connect(
        f"postgresql://postgres@{PG_HOST}:{PG_PORT}/postgres", autocommit=True
    ) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")


def environment(backend: str, workdir: str) -> dict[str, str]:
    """The environment of a benchmark process on `backend` ("sqlite" or "postgres")."""
    env = dict(os.environ)
    env["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    # Also on PostgreSQL: the file cache and the secret key beside the SQLite path stay in
    # the temporary directory, never beside the project's own database.
    env["SQLITE_PATH"] = os.path.join(workdir, "bench.sqlite3")
    # The stored PDFs of the made-up school too (they went to the project's media/).
    env["DJANGO_MEDIA_ROOT"] = os.path.join(workdir, "media")
    if backend == "postgres":
        env["DATABASE_URL"] = PG_URL
        if redis_answers():
            env["REDIS_URL"] = REDIS_URL  # the bench's own Redis database
    return env


REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
REDIS_URL = f"redis://{REDIS_HOST}:{REDIS_PORT}/3"


def redis_answers() -> bool:
    try:
        with socket.create_connection((REDIS_HOST, REDIS_PORT), timeout=1):
            return True
    except OSError:
        return False


def new_workdir() -> str:
    return tempfile.mkdtemp(prefix="plg-bench-")
