"""The client half of .ci/production-smoke: talks to the running gunicorn over HTTP and
checks the worker, with the environment the shell script exported."""

from __future__ import annotations

import json
import os
import re
import sys
import time
import urllib.error

sys.path.insert(0, os.path.dirname(__file__))
from first_paint import Browser, first_paint, report  # noqa: E402

BASE, GUNICORN_PID = sys.argv[1], int(sys.argv[2])
LEADER = "teamleider@demo.plg-cyclus.nl"
TEAM = "dier-en-groen"

browser = Browser(BASE)
fetch = browser.fetch


def check(condition: bool, what: str) -> None:
    print(("ok  " if condition else "FAIL"), what)
    if not condition:
        sys.exit(1)


# 1. The health check answers once gunicorn is up.
deadline = time.monotonic() + 30
while True:
    try:
        status, _headers, body = fetch("/healthz")
        break
    except (ConnectionError, urllib.error.URLError):
        if time.monotonic() > deadline:
            check(False, "gunicorn answers within 30 s")
        time.sleep(0.3)
check(status == 200, f"/healthz is 200 ({status})")
check(json.loads(body) == {"status": "ok", "database": "ok", "cache": "ok"}, "database, cache ok")


def parent(pid: str) -> str:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[1]
    except OSError:  # gone meanwhile
        return ""


workers = [pid for pid in os.listdir("/proc") if pid.isdigit() and parent(pid) == str(GUNICORN_PID)]
check(len(workers) == 2, f"gunicorn runs 2 workers ({len(workers)})")

# 2. Log in as the demo team leader and open the dashboard.
page = browser.log_in(LEADER)
check(f"/t/{TEAM}/" in page and "Ellen de Vries" in page, "logged in: dashboard")

# 3. Its stylesheet: hashed name, brotli, cached for a year.
css = re.search(r'href="(/static/vendor/bootstrap/[^"]+\.css)"', page).group(1)
status, headers, body = fetch(css, headers={"Accept-Encoding": "gzip, br"})
check(re.search(r"\.[0-9a-f]{12}\.css$", css) is not None, f"hashed static name {css}")
check(status == 200 and headers.get("Content-Encoding") == "br", "served with brotli")
check("immutable" in headers.get("Cache-Control", ""), "cached for a year (immutable)")

print("first paint of the dashboard (CSS, JS and fonts; bytes):")
rows = first_paint(browser, page)
print(report(rows))
text_files = [row for row in rows if not row[0].endswith(".woff2")]
check(all(row[3] == "br" for row in text_files), "every stylesheet and script sent with brotli")

# 4. A report PDF. The worker renders it in the background (the fixture's reports queue
# their render): until it is stored the reader gets "De pdf wordt gemaakt…", which reloads.
pdf_deadline = time.monotonic() + 120
while True:
    status, headers, body = fetch(f"/t/{TEAM}/bijeenkomsten/1/verslag.pdf")
    if body.startswith(b"%PDF-") or time.monotonic() > pdf_deadline:
        break
    time.sleep(3)
check(status == 200 and body.startswith(b"%PDF-"), f"report PDF ({len(body)} bytes)")

# 5. The worker sends a mail that another process queued (the outbox task).
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plg.settings")
sys.path.insert(0, os.getcwd())
import django  # noqa: E402

django.setup()
from meetings.models import MailKind, OutboxMessage  # noqa: E402
from meetings.notifications import queue  # noqa: E402
from plg.models import User  # noqa: E402

queue(
    User.objects.get(email=LEADER),
    MailKind.ABSENCE_DECISION,
    key=f"smoke-{time.time()}",
    subject="Rooktest",
    template="absence_decision",
    context={"meeting": "themabijeenkomst 2", "decision": "approve", "url": "/"},
)
deadline = time.monotonic() + 20
while OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING).exists():
    if time.monotonic() > deadline:
        check(False, "the worker sent the queued mail within 20 s")
    time.sleep(0.2)
check(
    OutboxMessage.objects.filter(subject="Rooktest", status=OutboxMessage.Status.SENT).exists(),
    "the worker sent the mail another process queued",
)
