"""What the browser transfers for a page's first paint: every stylesheet and script the page
links and the fonts its stylesheets load (the icon font only when the page shows an icon),
fetched as a browser does (Accept-Encoding: gzip, br) from a running server.

    python .ci/first_paint.py http://127.0.0.1:8000 [PATH]

logs in as the demo team leader and measures PATH (the dashboard by default);
.ci/production_smoke.py prints the same table for the dashboard on every CI run.
"""

from __future__ import annotations

import http.cookiejar
import re
import sys
import urllib.error
import urllib.parse
import urllib.request

LEADER = "teamleider@demo.plg-cyclus.nl"
PASSWORD = "plg-demo-2026"
ASSET = re.compile(r'<(?:link[^>]+rel="stylesheet"[^>]+href|script[^>]+src)="([^"]+)"')
FONT_FACE = re.compile(r"@font-face\s*\{[^}]*?src:\s*url\(([^)]+)\)")


class Browser:
    def __init__(self, base: str) -> None:
        self.base = base
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def fetch(self, path: str, data: dict | None = None, headers: dict | None = None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        url = path if path.startswith("http") else self.base + path
        request = urllib.request.Request(url, data=body, headers=headers or {})
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def log_in(self, email: str = LEADER, password: str = PASSWORD) -> str:
        _status, _headers, body = self.fetch("/account/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
        _status, _headers, body = self.fetch(
            "/account/login/",
            {"csrfmiddlewaretoken": token.decode(), "username": email, "password": password},
        )
        return body.decode()


def first_paint(browser: Browser, page: str) -> list[tuple[str, int, int, str]]:
    """(path, bytes on disk, bytes transferred, encoding) of every asset the page loads."""
    rows = []
    for url in ASSET.findall(page):
        status, headers, body = browser.fetch(url, headers={"Accept-Encoding": "gzip, br"})
        assert status == 200, (url, status)
        encoding = headers.get("Content-Encoding", "-")
        _s, _h, raw = browser.fetch(url)
        rows.append((url, len(raw), len(body), encoding))
        if url.split("?")[0].endswith(".css") and re.search(r'class="bi\b', page):
            # A browser loads the first source of each @font-face (woff2) once a glyph shows.
            for face in FONT_FACE.findall(raw.decode()):
                font_url = urllib.parse.urljoin(url, face.strip("'\""))
                _s, _h, data = browser.fetch(font_url, headers={"Accept-Encoding": "gzip, br"})
                rows.append((font_url.split("?")[0], len(data), len(data), "-"))
    return rows


def report(rows: list[tuple[str, int, int, str]]) -> str:
    lines = [f"{'asset':<64} {'on disk':>9} {'sent':>9} enc"]
    for url, raw, sent, encoding in rows:
        lines.append(f"{url[-64:]:<64} {raw:>9} {sent:>9} {encoding}")
    lines.append(
        f"{'total':<64} {sum(r[1] for r in rows):>9} {sum(r[2] for r in rows):>9} "
        f"({len(rows)} files)"
    )
    return "\n".join(lines)


if __name__ == "__main__":
    browser = Browser(sys.argv[1].rstrip("/"))
    page = browser.log_in()
    if len(sys.argv) > 2:
        page = browser.fetch(sys.argv[2])[2].decode()
    print(report(first_paint(browser, page)))
