"""The browser (issue 14, README "Security and privacy"): a Content-Security-Policy without
inline script on every page, templates without inline script or event handlers, no page or
PDF with personal data in a cache, and `check --deploy` clean with the production settings
the README documents."""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from meetings.models import Report
from tests.factories import ReportFactory, UserFactory
from tests.test_get_is_read_only import _urls, world  # noqa: F401  (world is a fixture)

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE_DIRS = [ROOT / "templates", ROOT / "plg" / "templates", ROOT / "meetings" / "templates"]

# A <script> without src that is not a data block (json_script: type="application/json").
INLINE_SCRIPT = re.compile(
    r"<script\b(?![^>]*\bsrc=)(?![^>]*type=[\"']application/(?:ld\+)?json[\"'])[^>]*>", re.I
)
# An event handler attribute (onclick=, onload=…) inside a tag, or a javascript: URL.
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I | re.S)
JAVASCRIPT_URL = re.compile(r"(?:href|src|action)\s*=\s*[\"']?\s*javascript:", re.I)
STYLE_ATTRIBUTE = re.compile(r"<[a-z][^>]*\sstyle\s*=", re.I | re.S)


def policy(response) -> dict[str, list[str]]:
    header = response.get("Content-Security-Policy", "")
    directives = {}
    for part in header.split(";"):
        if part.strip():
            name, *values = part.split()
            directives[name] = values
    return directives


def assert_strict_policy(response, url: str) -> None:
    directives = policy(response)
    scripts = directives.get("script-src", directives.get("default-src"))
    assert scripts, f"{url}: no Content-Security-Policy for scripts"
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts, url
    assert directives.get("object-src") == ["'none'"], url
    assert directives.get("base-uri") == ["'none'"], url
    assert directives.get("frame-ancestors") == ["'none'"], url


def inline_code(html: str, *, styles: bool = True) -> list[str]:
    return [
        *INLINE_SCRIPT.findall(html),
        *(m.group(0)[:80] for m in EVENT_HANDLER.finditer(html)),
        *JAVASCRIPT_URL.findall(html),
        *(m.group(0)[:80] for m in STYLE_ATTRIBUTE.finditer(html) if styles),
    ]


# --- the policy on every page -----------------------------------------------------------------


@pytest.mark.parametrize("role", ["alice", "bob"])
def test_every_page_has_a_strict_policy_and_no_inline_code(client, request, world, role):  # noqa: F811
    client.force_login(request.getfixturevalue(role))
    urls = _urls(world)
    assert len(urls) > 60

    shown = 0
    for _name, url in urls:
        response = client.get(url)
        assert_strict_policy(response, url)
        if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
            shown += 1
            assert inline_code(response.content.decode()) == [], url
    assert shown > 25


def test_login_admin_and_lockout_pages_have_the_policy_too(client, db):
    admin = UserFactory(is_staff=True, is_superuser=True)
    pages = [reverse("login"), reverse("password_reset"), reverse("admin:login")]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_strict_policy(response, url)
        assert INLINE_SCRIPT.findall(response.content.decode()) == [], url

    client.force_login(admin)
    for url in (reverse("admin:index"), reverse("admin:plg_user_changelist")):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_strict_policy(response, url)


def test_htmx_is_configured_for_the_policy(client, carol, team, step):
    client.force_login(carol)  # her first step on the dashboard has htmx buttons

    html = client.get(reverse("team_dashboard", args=[team.slug])).content.decode()

    config = re.search(r"<meta name=\"htmx-config\" content='([^']*)'>", html)
    assert config is not None
    assert json.loads(config.group(1)) == {
        "includeIndicatorStyles": False,
        "allowEval": False,
        "allowScriptTags": False,
    }
    # Every page with htmx gets it the same way (the projector page has no base.html).
    direct = [
        str(path.relative_to(ROOT))
        for path in template_files()
        if "{% htmx_script" in path.read_text() and path.name != "_htmx.html"
    ]
    assert direct == [], "include templates/_htmx.html instead"
    # The indicator styles htmx would otherwise inject inline come from our stylesheet.
    css = (ROOT / "static" / "css" / "plg.css").read_text()
    assert ".htmx-indicator" in css


def template_files() -> list[Path]:
    return sorted(
        path for folder in TEMPLATE_DIRS if folder.exists() for path in folder.rglob("*.html")
    )


def test_templates_have_no_inline_script_event_handler_or_style_attribute():
    files = template_files()
    assert len(files) > 40

    # E-mail bodies (templates/**/email/) are not pages: mail clients need inline styles.
    found = {
        str(path.relative_to(ROOT)): code
        for path in files
        if (code := inline_code(path.read_text(), styles="email" not in path.parts))
    }

    assert found == {}, "move these to static/js (data in json_script or data-* attributes)"


def test_the_template_scan_finds_inline_code():
    assert inline_code('<button type="button" onclick="go()">') != []
    assert inline_code("<script>alert(1)</script>") != []
    assert inline_code('<a href="javascript:go()">') != []
    assert inline_code('<div style="color: red">') != []
    assert inline_code('<script src="/static/js/plg.js" defer></script>') == []
    assert inline_code('<script id="m" type="application/json">{}</script>') == []
    assert inline_code('<form action="/x/" data-confirm="Verwijderen?">') == []


# --- caching --------------------------------------------------------------------------------


def assert_no_store(response, url: str) -> None:
    cache_control = response.get("Cache-Control", "")
    assert "no-store" in cache_control, f"{url}: {cache_control}"


def test_logged_in_pages_are_not_stored(client, world, bob):  # noqa: F811
    client.force_login(bob)
    for _name, url in _urls(world):
        response = client.get(url)
        if response.status_code == 200:
            assert_no_store(response, url)


def test_report_pdfs_are_not_stored(client, team, year, carol, monkeypatch):
    from meetings import pdf

    monkeypatch.setattr(pdf, "report_pdf", lambda report: b"%PDF-1.7 test")
    meeting = year.meetings.get(number=2)
    ReportFactory(meeting=meeting, text="Verslag", status=Report.Status.PUBLISHED)
    client.force_login(carol)

    response = client.get(reverse("report_pdf", args=[team.slug, meeting.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert_no_store(response, "report_pdf")
    assert "no-cache" in response["Cache-Control"]


def test_static_files_keep_their_cache(client, db):
    response = client.get("/" + settings.STATIC_URL.strip("/") + "/css/plg.css")

    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


# --- deployment -----------------------------------------------------------------------------

# The production environment the README's "Security and privacy" section documents.
PRODUCTION_ENV = {
    "DJANGO_SECURE": "1",
    "DJANGO_BEHIND_PROXY": "1",
    "DJANGO_ALLOWED_HOSTS": "plg.school.nl",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://plg.school.nl",
}


def run_deploy_check(tmp_path, **extra) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        SQLITE_PATH=str(tmp_path / "db.sqlite3"),
        DJANGO_SETTINGS_MODULE="plg.settings",
        **extra,
    )
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )


def test_check_deploy_is_clean_with_the_documented_production_settings(tmp_path):
    result = run_deploy_check(tmp_path, **PRODUCTION_ENV)

    assert result.returncode == 0, result.stdout + result.stderr


def test_check_deploy_fails_without_them(tmp_path):
    result = run_deploy_check(tmp_path)

    assert result.returncode != 0
    assert "security.W004" in result.stderr + result.stdout  # no HSTS


def test_the_readme_documents_the_production_settings():
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Security and privacy", 1)[1]
    for name, value in PRODUCTION_ENV.items():
        if name != "DJANGO_ALLOWED_HOSTS" and name != "DJANGO_CSRF_TRUSTED_ORIGINS":
            assert f"{name}={value}" in section, name
