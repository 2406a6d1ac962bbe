"""The load test: locust against gunicorn (2 workers) on PostgreSQL over loopback.

10 meetings at once, each with its projector polling every second and 5 group leaders
autosaving their note every 5 s, 20 teachers opening pages and PDFs, and 5 people asking
for the trivial view every second. In the same run, just before, locust asks for the
trivial view alone (5 people, every second, 15 s): the server at its best. Targets: no
errors, and the autosave's 95th percentile under the load within 5× the trivial view's
alone.

gunicorn serves the bench settings (the project's plus /bench/trivial/), with REDIS_URL
(redis://127.0.0.1:6379/3) when Redis answers, so both workers share the cache.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from bench import data
from bench.data import School

MEETINGS = 10
LEADERS_PER_MEETING = 5
TEACHERS = 20
TRIVIAL_USERS = 5
PORT = 8130
REDIS = ("127.0.0.1", 6379)
REDIS_URL = "redis://127.0.0.1:6379/3"
ERRORS_TARGET = 0
AUTOSAVE_TARGET = 5.0  # autosave p95, times the trivial view's p95
#: Seconds not counted at the start of the run with everyone: all arriving and logging in
#: (the trivial view alone has nobody to log in: 3 s for locust's connections).
WARMUP = 10
WARMUP_ALONE = 3
ROOT = Path(__file__).resolve().parent.parent


def answers(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def missing() -> str | None:
    """Why the load test cannot run here, or None."""
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        return "the load test runs on PostgreSQL only"
    if importlib.util.find_spec("gunicorn") is None:
        return "gunicorn is not installed (pip install gunicorn)"
    if not _locust():
        return "locust is not installed (pip install -e '.[bench]')"
    return None


def _locust() -> str | None:
    beside = Path(sys.executable).parent / "locust"
    return str(beside) if beside.exists() else shutil.which("locust")


def scenario(school: School) -> dict:
    meetings = data.load_meetings(school, MEETINGS, leaders=LEADERS_PER_MEETING)
    from meetings.models import GroupNote

    result: dict = {"password": data.PASSWORD, "meetings": [], "group_leaders": []}
    for load in meetings:
        slug = load.team.team.slug
        result["meetings"].append(
            {
                "team": slug,
                "number": load.meeting.number,
                "projector_state": reverse(
                    "projector_state", args=[load.meeting.pk, load.run.projector_token]
                ),
                "version": load.run.state_version,
            }
        )
        for group in load.groups[:LEADERS_PER_MEETING]:
            note = GroupNote.objects.filter(group=group, phase=3).first()
            result["group_leaders"].append(
                {
                    "email": group.leader.email,
                    "group_url": reverse("group_detail", args=[slug, group.pk]),
                    "save_url": reverse("group_note_save", args=[slug, group.pk, 3]),
                    "version": note.version if note else 0,
                }
            )
    teams = list({id(m.team): m.team for m in meetings}.values())
    result["teachers"] = []
    for n in range(TEACHERS):
        team = teams[n % len(teams)]
        teacher = team.teachers[(n // len(teams)) % len(team.teachers)]
        slug = team.team.slug
        result["teachers"].append(
            {
                "email": teacher.email,
                "pages": [
                    ["dashboard", reverse("team_dashboard", args=[slug])],
                    ["report list", reverse("report_list", args=[slug])],
                    [
                        "report detail",
                        reverse("report_detail", args=[slug, team.report_meeting.pk]),
                    ],
                    ["archive", reverse("archive", args=[slug])],
                    ["planner", reverse("planner", args=[slug, team.current_year.pk])],
                    ["cases", reverse("cases", args=[slug])],
                ],
                "pdfs": [
                    ["report", reverse("report_pdf", args=[slug, team.report_meeting.pk])],
                    ["year bundle", reverse("year_bundle", args=[slug, team.last_past_year.pk])],
                ],
            }
        )
    result["users"] = {
        "projector": len(result["meetings"]),
        "group_leader": len(result["group_leaders"]),
        "teacher": TEACHERS,
        "trivial": TRIVIAL_USERS,
    }
    return result


def _wait_until_up(url: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return True
        except OSError:
            time.sleep(0.5)
    return False


def _number(row: dict, key: str) -> float | None:
    value = row.get(key, "")
    return float(value) if value not in ("", "N/A") else None


def _stats(path: str) -> dict:
    rows = {}
    with open(path, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            rows[row["Name"]] = {
                "count": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "p50_ms": _number(row, "50%"),
                "p95_ms": _number(row, "95%"),
                "max_ms": _number(row, "Max Response Time"),
                "rps": _number(row, "Requests/s"),
            }
    return rows


def _locust_run(workdir, label, host, env, classes, users, seconds, warmup) -> dict:
    """locust for `warmup` + `seconds`; the statistics are those of the last `seconds`, the
    warm-up's requests and failures are in result["warmup"]."""
    prefix = os.path.join(workdir, f"locust-{label}")
    warmup_path = prefix + "_warmup.json"
    if os.path.exists(warmup_path):
        os.remove(warmup_path)
    env = {**env, "PLG_BENCH_WARMUP": str(warmup), "PLG_BENCH_WARMUP_FILE": warmup_path}
    command = [_locust(), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless"]
    command += ["--users", str(users), "--spawn-rate", str(users)]
    command += ["--run-time", f"{seconds + warmup}s"]
    command += ["--host", host, "--csv", prefix, "--only-summary", "--stop-timeout", "10"]
    command += ["--loglevel", "WARNING", *classes]
    completed = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if not os.path.exists(prefix + "_stats.csv"):
        return {"error": "locust wrote no statistics: " + completed.stderr[-300:]}
    result: dict = {"stats": _stats(prefix + "_stats.csv")}
    if os.path.exists(prefix + "_failures.csv"):
        with open(prefix + "_failures.csv", encoding="utf-8") as f:
            result["failures"] = list(csv.DictReader(f))[:10]
    if not os.path.exists(warmup_path):
        return {"error": "locust did not finish its warm-up: " + completed.stderr[-300:]}
    with open(warmup_path, encoding="utf-8") as f:
        result["warmup"] = json.load(f)
    return result


def run(school: School, *, quick: bool, log=print) -> dict:
    why = missing()
    if why:
        log(f"load test skipped: {why}")
        return {"skipped": why}
    workdir = os.environ.get("PLG_BENCH_WORKDIR") or str(ROOT)
    seconds = 20 if quick else 50  # counted, after the warm-up
    plan = scenario(school)
    scenario_path = os.path.join(workdir, "load-scenario.json")
    with open(scenario_path, "w", encoding="utf-8") as f:
        json.dump(plan, f)
    env = dict(os.environ)
    env["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    env["DJANGO_ALLOWED_HOSTS"] = "127.0.0.1,localhost"
    redis = answers(*REDIS)
    if redis:
        env["REDIS_URL"] = REDIS_URL
    command = [sys.executable, "-m", "gunicorn", "plg.wsgi:application", "--workers", "2"]
    command += ["--bind", f"127.0.0.1:{PORT}", "--log-level", "warning", "--timeout", "120"]
    server_log = open(os.path.join(workdir, "gunicorn.log"), "w+", encoding="utf-8")  # noqa: SIM115
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=server_log, stderr=server_log)
    host = f"http://127.0.0.1:{PORT}"
    result: dict = {
        "seconds": seconds,
        "warmup_seconds": WARMUP,
        "users": plan["users"],
        "redis": redis,
        "cache": "Redis (db 3)" if redis else "the app's default cache",
    }
    try:
        if not _wait_until_up(host + "/bench/trivial/", 60):
            server_log.seek(0)
            result["skipped"] = "gunicorn did not start: " + server_log.read()[-300:]
            log(result["skipped"])
            return result
        total = sum(plan["users"].values())
        log(
            f"locust for {WARMUP} s not counted + {seconds} s: "
            f"{plan['users']['projector']} meetings with a projector, "
            f"{plan['users']['group_leader']} group leaders, {TEACHERS} teachers, "
            f"{TRIVIAL_USERS} on the trivial view; gunicorn 2 workers on {host}, "
            f"cache: {result['cache']}"
        )
        env["PLG_BENCH_SCENARIO"] = scenario_path
        # First the trivial view alone (the server at its best under locust), then everyone.
        alone = _locust_run(
            workdir, "alone", host, env, ["Trivial"], TRIVIAL_USERS, 12, WARMUP_ALONE
        )
        if "error" in alone:
            result["skipped"] = alone["error"]
            log(result["skipped"])
            return result
        result["trivial_alone"] = alone["stats"].get("trivial", {})
        mixed = _locust_run(workdir, "mixed", host, env, [], total, seconds, WARMUP)
        if "error" in mixed:
            result["skipped"] = mixed["error"]
            log(result["skipped"])
            return result
        result["stats"] = mixed["stats"]
        result["failures"] = mixed.get("failures", [])
        result["warmup"] = mixed["warmup"]
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        server_log.close()
    stats = result["stats"]
    aggregated = stats.get("Aggregated", {})
    result["errors"] = aggregated.get("failures", 0) + result["warmup"]["failures"]
    autosave, trivial = stats.get("autosave", {}), result["trivial_alone"]
    if autosave.get("p95_ms") and trivial.get("p95_ms"):
        result["autosave_ratio"] = autosave["p95_ms"] / trivial["p95_ms"]
    from bench import tables

    for line in tables.load_table(result).splitlines():
        log(line)
    return result
