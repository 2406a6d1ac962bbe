"""Main pages: query count at the small and the big team, and the median time against the
trivial view (`HttpResponse('ok')`, bench/urls.py) measured in the same run, interleaved:
each page request is followed by a trivial request of the same client (the same person, so
the session and user lookups of a logged-in request are in both), and a page's ratio is its
median over the median of the trivial requests made next to it.

Everything goes through Django's test client, so through all middleware, as the person the
page is for (team leader, the meeting's preparer, the group leader, or nobody for the
projector and the calendar feed).
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench import tables
from bench.data import School, TeamData

PAGE_TARGET = 10.0  # a page at the big size, times the trivial view
POLL_TARGET = 2.0  # an unchanged poll (204), times the trivial view
#: An unchanged poll takes half a millisecond, where one busy moment of the machine is as
#: long: it is timed ten times as often as a page, which costs a second in all.
POLL_REPS = 10


@dataclass
class Page:
    name: str
    who: str  # leader, preparer, group_leader, anonymous
    url: object  # TeamData -> str
    status: int = 200
    poll: bool = False


def _slug(t: TeamData) -> str:
    return t.team.slug


PAGES = [
    Page("dashboard", "leader", lambda t: reverse("team_dashboard", args=[_slug(t)])),
    Page("planner", "leader", lambda t: reverse("planner", args=[_slug(t), t.current_year.pk])),
    Page("members", "leader", lambda t: reverse("members", args=[_slug(t)])),
    Page("themes", "leader", lambda t: reverse("themes", args=[_slug(t)])),
    Page("cases", "preparer", lambda t: reverse("cases", args=[_slug(t)])),
    Page(
        "run view",
        "preparer",
        lambda t: reverse("meeting_run", args=[_slug(t), t.running_meeting.pk]),
    ),
    Page(
        "prepare (groups)",
        "preparer",
        lambda t: reverse("meeting_prepare", args=[_slug(t), t.running_meeting.pk]),
    ),
    Page(
        "group leader view",
        "group_leader",
        lambda t: reverse("group_detail", args=[_slug(t), t.group.pk]),
    ),
    Page(
        "projector",
        "anonymous",
        lambda t: reverse("projector", args=[t.running_meeting.pk, t.run.projector_token]),
    ),
    Page(
        "projector poll, unchanged",
        "anonymous",
        lambda t: (
            reverse("projector_state", args=[t.running_meeting.pk, t.run.projector_token])
            + f"?v={_state_version(t)}"
        ),
        status=204,
        poll=True,
    ),
    Page(
        "run-state poll, unchanged",
        "preparer",
        lambda t: (
            reverse("meeting_run_state", args=[_slug(t), t.running_meeting.pk])
            + f"?v={_state_version(t)}"
        ),
        status=204,
        poll=True,
    ),
    Page(
        "report detail",
        "leader",
        lambda t: reverse("report_detail", args=[_slug(t), t.report_meeting.pk]),
    ),
    Page("report list", "leader", lambda t: reverse("report_list", args=[_slug(t)])),
    Page("archive", "leader", lambda t: reverse("archive", args=[_slug(t)])),
    Page(
        "archive search",
        "leader",
        lambda t: reverse("archive", args=[_slug(t)]) + f"?q={t.search_word}",
    ),
    Page(
        "year review",
        "leader",
        lambda t: reverse("year_review", args=[_slug(t), t.year_review_meeting.pk]),
    ),
    Page(
        "introduction",
        "leader",
        lambda t: reverse("introduction", args=[_slug(t), t.first_meeting.pk]),
    ),
    Page(
        "hours",
        "leader",
        lambda t: reverse("hours_overview", args=[_slug(t), t.current_year.pk]),
    ),
    Page(
        "calendar feed",
        "anonymous",
        lambda t: reverse("calendar_feed", args=[t.feed_token]),
    ),
]


def _state_version(t: TeamData) -> int:
    t.run.refresh_from_db(fields=["state_version"])
    return t.run.state_version


def _person(t: TeamData, who: str):
    if who == "leader":
        return t.leader
    if who == "preparer":
        return t.running_meeting.preparers.order_by("pk").first()
    if who == "group_leader":
        return t.group_leader
    return None


class Clients:
    """One logged-in client per person (a session, as a browser keeps one)."""

    def __init__(self):
        self._clients: dict[object, Client] = {}

    def for_(self, user) -> Client:
        key = user.pk if user is not None else None
        if key not in self._clients:
            client = Client()
            if user is not None:
                client.force_login(user)
            self._clients[key] = client
        return self._clients[key]


TRIVIAL = "/bench/trivial/"


def _timed(client: Client, url: str) -> tuple[float, int]:
    start = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - start
    return elapsed, response.status_code


def _queries(client: Client, url: str) -> int:
    connection.queries_log.clear()  # a full log (9000 entries) would hide new queries
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return len(captured.captured_queries)


def measure_page(page: Page, team: TeamData, clients: Clients, reps: int) -> dict:
    client = clients.for_(_person(team, page.who))
    url = page.url(team)
    warm = client.get(url)  # fills caches, as for every request after the first
    result = {"url": url, "status": warm.status_code}
    if warm.status_code != page.status:
        result["error"] = f"HTTP {warm.status_code}, expected {page.status}"
    if not reps or "error" in result:  # reps=0: only whether the page answers
        return result
    client.get(TRIVIAL)
    result["queries"] = _queries(client, url)
    page_times, trivial_times = [], []
    for _ in range(reps):
        t, _status = _timed(client, TRIVIAL)
        trivial_times.append(t)
        t, status = _timed(client, url)
        page_times.append(t)
        if status != page.status:
            result["error"] = f"HTTP {status} during timing"
    result["ms"] = statistics.median(page_times) * 1000
    result["trivial_ms"] = statistics.median(trivial_times) * 1000
    result["ratio"] = result["ms"] / result["trivial_ms"]
    result["bytes"] = len(warm.content)
    return result


def anonymous_trivial(clients: Clients, reps: int) -> float:
    client = clients.for_(None)
    client.get(TRIVIAL)
    return statistics.median(_timed(client, TRIVIAL)[0] for _ in range(reps)) * 1000


def chosen(names: str) -> set[str]:
    """The pages `--pages` names, comma-separated: each is a page's name or the start of
    it ("projector poll" for "projector poll, unchanged", whose name has a comma)."""
    wanted = [n.strip() for n in names.split(",") if n.strip()]
    known = [page.name for page in PAGES]
    found = set()
    for name in wanted:
        found.update({name} if name in known else {k for k in known if k.startswith(name)})
    return found


def run(school: School, *, reps: int, only: set[str] | None = None, log=print) -> dict:
    """Measure every page at the small and the big team; returns rows for the table."""
    clients = Clients()
    rows = []
    for page in PAGES:
        if only and page.name not in only:
            continue
        row = {"page": page.name, "who": page.who, "poll": page.poll, "status": page.status}
        for size, team in (("small", school.small), ("big", school.big)):
            row[size] = measure_page(page, team, clients, reps * POLL_REPS if page.poll else reps)
        big = row["big"]
        row["target"] = POLL_TARGET if page.poll else PAGE_TARGET
        row["met"] = (
            "error" not in big
            and "error" not in row["small"]
            and big.get("ratio", 0) <= row["target"]
        )
        rows.append(row)
        log(tables.page_line(row))
    anon = anonymous_trivial(clients, max(1, reps * 3))
    cache_read = shared_cache_read(max(1, reps * POLL_REPS))
    return {"rows": rows, "anonymous_trivial_ms": anon, "reps": reps, "cache_read": cache_read}


def shared_cache_read(reps: int) -> dict:
    """The median time of one read of the shared cache (settings.CACHES), the one thing an
    unchanged projector poll does besides answering: its explanation when it is near 2×."""
    key = "bench:cache-read"
    cache.set(key, {"version": 1, "token": "x" * 32, "expires": None}, 60)
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        cache.get(key)
        times.append(time.perf_counter() - start)
    cache.delete(key)
    backend = settings.CACHES["default"]["BACKEND"]
    name = "Redis" if "redis" in backend.lower() else "a file" if "file" in backend else backend
    return {"ms": statistics.median(times) * 1000, "cache": name}
