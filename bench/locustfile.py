"""The load test's people, for locust (started by bench/load.py, not by hand).

bench/load.py writes the scenario (PLG_BENCH_SCENARIO, JSON): the meetings running at once
with their projector links and group leaders, the teachers with the pages and PDFs they
open, and the password of the made-up people. Every person takes a place in that list in
turn, so each projector, group leader and teacher is one of the scenario's.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import threading

from locust import HttpUser, between, constant, task

with open(os.environ["PLG_BENCH_SCENARIO"], encoding="utf-8") as _file:
    SCENARIO = json.load(_file)

_lock = threading.Lock()
_counters: dict[str, itertools.count] = {}


def _next(kind: str, items: list):
    with _lock:
        counter = _counters.setdefault(kind, itertools.count())
        return items[next(counter) % len(items)]


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
    wait_time = constant(5)

    def on_start(self):
        self.leader = _next("leader", SCENARIO["group_leaders"])
        self.version = self.leader["version"]
        self.words = 0
        _login(self, self.leader["email"])

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
