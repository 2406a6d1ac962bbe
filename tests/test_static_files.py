"""Static files in production (plg/settings.py, README "Running in production"): with
PLG_COLLECTED_STATIC=1 after collectstatic every file has a hashed name and gzip and brotli
copies that WhiteNoise serves; without it (the README's first command, the tests) they are
served from static/ as they are."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client, override_settings

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = "whitenoise.storage.CompressedManifestStaticFilesStorage"
PLAIN = "django.contrib.staticfiles.storage.StaticFilesStorage"


def _storage_with(tmp_path, **env) -> str:
    code = (
        "import django; django.setup(); from django.conf import settings;"
        "print(settings.STORAGES['staticfiles']['BACKEND'], settings.WHITENOISE_USE_FINDERS)"
    )
    environ = {
        k: v for k, v in os.environ.items() if k not in {"PLG_COLLECTED_STATIC", "DJANGO_DEBUG"}
    }
    environ |= {
        "DJANGO_SETTINGS_MODULE": "plg.settings",
        "SQLITE_PATH": str(tmp_path / "db.sqlite3"),
        **env,
    }
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environ, capture_output=True, text=True
    ).stdout.strip()


def test_the_environment_chooses_the_static_files_storage(tmp_path):
    assert _storage_with(tmp_path) == f"{PLAIN} True"
    assert _storage_with(tmp_path, PLG_COLLECTED_STATIC="1") == f"{MANIFEST} False"
    assert _storage_with(tmp_path, PLG_COLLECTED_STATIC="1", DJANGO_DEBUG="1") == f"{PLAIN} True"


@pytest.fixture(scope="module")
def collected_root(tmp_path_factory):
    """collectstatic as production runs it (without the admin's files, to be quick), once."""
    root = tmp_path_factory.mktemp("static")
    with override_settings(STATIC_ROOT=root, STORAGES=_collected_storages()):
        call_command("collectstatic", "--noinput", "-i", "admin", stdout=io.StringIO())
    return root


def _collected_storages() -> dict:
    from django.conf import settings

    return {**settings.STORAGES, "staticfiles": {"BACKEND": MANIFEST}}


@pytest.fixture
def collected(settings, collected_root):
    settings.STATIC_ROOT = collected_root
    settings.STORAGES = _collected_storages()
    settings.WHITENOISE_USE_FINDERS = False
    return collected_root


def test_collected_pages_link_hashed_files_served_compressed(collected, carol, team):
    client = Client()
    client.force_login(carol)
    page = client.get(f"/t/{team.slug}/").content.decode()
    css = re.search(r'href="(/static/vendor/bootstrap/bootstrap\.min\.[0-9a-f]{12}\.css)"', page)
    assert css, "the page links the hashed Bootstrap CSS"

    plain = client.get(css.group(1))
    brotli = client.get(css.group(1), headers={"accept-encoding": "gzip, br"})
    gzip = client.get(css.group(1), headers={"accept-encoding": "gzip"})

    size = int(plain["Content-Length"])
    assert brotli["Content-Encoding"] == "br"
    assert gzip["Content-Encoding"] == "gzip"
    assert int(brotli["Content-Length"]) < int(gzip["Content-Length"]) < size / 4
    assert "immutable" in brotli["Cache-Control"]
    assert "max-age=315360000" in brotli["Cache-Control"]


def test_collectstatic_leaves_no_file_unhashed_in_a_page(collected, carol, team):
    """Every static URL a page names exists in the collected folder, compressed when it is
    text (a file missing from the manifest would fail the page)."""
    client = Client()
    client.force_login(carol)
    page = client.get(f"/t/{team.slug}/").content.decode()
    urls = re.findall(r'(?:href|src)="/static/([^"]+)"', page)

    assert urls
    for url in urls:
        assert (collected / url).is_file(), url
        assert re.search(r"\.[0-9a-f]{12}\.", url), url
        if url.endswith((".css", ".js")):
            assert (collected / f"{url}.br").is_file(), url
