"""The load test's people, for locust (started by bench/load.py, not by hand).

bench/load.py writes the scenario (PLG_BENCH_SCENARIO, JSON): the meetings running at once
with their projector links and group leaders, the teachers with the pages and PDFs they
open, and the password of the made-up people. Every person takes a place in that list in
turn, so each projector, group leader and teacher is one of the scenario's.

Everyone arrives at once and logs in; the first PLG_BENCH_WARMUP seconds are not counted
(the statistics are reset then, as a meeting afternoon is measured once everybody is in).
Their requests and failures are written to PLG_BENCH_WARMUP_FILE first, so an error while
logging in still counts. Group leaders save on their own rhythm, as the autosave script does
after each pause in typing: each starts at its own moment within the 5 s, instead of all
fifty at the same instant every 5 s.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import threading
import time

import gevent
from locust import HttpUser, between, constant, events, task

with open(os.environ["PLG_BENCH_SCENARIO"], encoding="utf-8") as _file:
    SCENARIO = json.load(_file)

_lock = threading.Lock()
_counters: dict[str, itertools.count] = {}


def _next(kind: str, items: list):
    with _lock:
        counter = _counters.setdefault(kind, itertools.count())
        return items[next(counter) % len(items)]


def _place(kind: str) -> tuple[int, int]:
    """This person's number among those of `kind` (0, 1, …) and how many there are."""
    with _lock:
        counter = _counters.setdefault("place-" + kind, itertools.count())
        return next(counter), SCENARIO["users"][kind]


@events.test_start.add_listener
def _start_counting_after_warmup(environment, **_kwargs):
    warmup = float(os.environ.get("PLG_BENCH_WARMUP", "0"))
    if warmup <= 0 or environment.runner is None:
        return

    def reset():
        stats = environment.runner.stats
        if path := os.environ.get("PLG_BENCH_WARMUP_FILE"):
            with open(path, "w", encoding="utf-8") as f:
                json.dump(
                    {
                        "seconds": warmup,
                        "requests": stats.total.num_requests,
                        "failures": stats.total.num_failures,
                        "errors": [
                            {"name": e.name, "error": str(e.error), "occurrences": e.occurrences}
                            for e in stats.errors.values()
                        ],
                    },
                    f,
                )
        stats.reset_all()

    gevent.spawn_later(warmup, reset)


def _login(user: HttpUser, email: str) -> None:
    page = user.client.get("/account/login/", name="login page")
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    token = match.group(1) if match else user.client.cookies.get("csrftoken", "")
    with user.client.post(
        "/account/login/",
        data={
            "username": email,
            "password": SCENARIO["password"],
            "csrfmiddlewaretoken": token,
        },
        name="login",
        allow_redirects=False,
        catch_response=True,
    ) as response:
        if response.status_code != 302:
            response.failure(f"login of {email} gave {response.status_code}")


class Projector(HttpUser):
    """The projector in the room polls its state every second (no login)."""

    fixed_count = SCENARIO["users"]["projector"]
    wait_time = constant(1)

    def on_start(self):
        self.meeting = _next("projector", SCENARIO["meetings"])

    @task
    def poll(self):
        m = self.meeting
        with self.client.get(
            f"{m['projector_state']}?v={m['version']}",
            name="projector poll",
            catch_response=True,
        ) as response:
            if response.status_code not in (200, 204):
                response.failure(f"HTTP {response.status_code}")


class GroupLeader(HttpUser):
    """A group leader writing the phase 3 note of their group: autosave every 5 s."""

    fixed_count = SCENARIO["users"]["group_leader"]
    EVERY = 5.0

    def on_start(self):
        self.leader = _next("leader", SCENARIO["group_leaders"])
        self.version = self.leader["version"]
        self.words = 0
        place, count = _place("group_leader")
        _login(self, self.leader["email"])
        # Each on their own moment within the 5 s, and kept there: every 5 s from it.
        self.next_save = time.monotonic() + self.EVERY * place / count
        gevent.sleep(max(0.0, self.next_save - time.monotonic()))

    def wait_time(self):
        self.next_save += self.EVERY
        return max(0.0, self.next_save - time.monotonic())

    @task
    def autosave(self):
        self.words += 3
        text = ("We zien pesten pas als we ernaar vragen. " * (1 + self.words // 30))[
            : 200 + self.words
        ]
        with self.client.post(
            self.leader["save_url"],
            data={"text": text, "version": self.version},
            headers={
                "Accept": "application/json",
                "X-CSRFToken": self.client.cookies.get("csrftoken", ""),
                "Referer": self.host + self.leader["group_url"],
            },
            name="autosave",
            catch_response=True,
        ) as response:
            if response.status_code == 200:
                self.version = response.json()["version"]
            else:
                response.failure(f"HTTP {response.status_code}")


class Teacher(HttpUser):
    """A teacher opening the team's pages and PDFs, a few seconds apart."""

    fixed_count = SCENARIO["users"]["teacher"]
    wait_time = between(2, 6)

    def on_start(self):
        self.teacher = _next("teacher", SCENARIO["teachers"])
        _login(self, self.teacher["email"])

    @task(4)
    def page(self):
        name, url = _next("teacher-page", self.teacher["pages"])
        self.client.get(url, name=f"page: {name}")

    @task(1)
    def pdf(self):
        name, url = _next("teacher-pdf", self.teacher["pdfs"])
        self.client.get(url, name=f"pdf: {name}")


class Trivial(HttpUser):
    """The trivial view, requested at the same time: what the server answers at best."""

    fixed_count = SCENARIO["users"]["trivial"]
    wait_time = constant(1)

    @task
    def trivial(self):
        self.client.get("/bench/trivial/", name="trivial")
