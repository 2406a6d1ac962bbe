"""The secret key: never the published default (issue 14, item 5)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def load_settings(tmp_path, **environ) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(SQLITE_PATH=str(tmp_path / "db.sqlite3"), **environ)
    return subprocess.run(
        [sys.executable, "-c", "from plg import settings; print(settings.SECRET_KEY)"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )


def test_a_server_database_without_a_secret_key_refuses_to_start(tmp_path):
    result = load_settings(tmp_path, DATABASE_URL="postgres://postgres@127.0.0.1:5432/test")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_the_key_from_the_environment_is_used(tmp_path):
    result = load_settings(
        tmp_path, DATABASE_URL="postgres://x@127.0.0.1/x", DJANGO_SECRET_KEY="k" * 50
    )
    assert result.stdout.strip() == "k" * 50


def test_the_embedded_default_generates_a_key_once_and_keeps_it(tmp_path):
    first = load_settings(tmp_path)
    second = load_settings(tmp_path)
    assert first.returncode == 0, first.stderr
    key = first.stdout.strip()
    assert len(key) >= 50
    assert "insecure" not in key
    assert second.stdout.strip() == key
    key_file = tmp_path / "db.sqlite3.secret-key"
    assert key_file.read_text().strip() == key
    assert key_file.stat().st_mode & 0o077 == 0  # readable by its owner only


def test_another_installation_gets_another_key(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    assert load_settings(tmp_path / "a").stdout != load_settings(tmp_path / "b").stdout
