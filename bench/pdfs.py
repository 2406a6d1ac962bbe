"""PDFs against WeasyPrint's own floor.

- floor: WeasyPrint rendering a one-page plain document (a heading and a paragraph, no
  fonts of our own), the least any PDF of the app can cost, per page;
- a report and the year bundle: the app's document rendered by the app's renderer
  (meetings.pdf.render_pdf, on the HTML the app hands it when a PDF is asked for that was
  never stored: the download renders it in the request), per page, as a multiple of the
  floor timed right before and after each render (the median of the rounds' ratios); the bundle's
  peak memory in a process of its own;
- the cached download: the report's PDF stored (meetings.services.pdfs.render_year, what
  the background task does) and asked for again through the test client (all middleware,
  the team leader), against the trivial view of the same person, interleaved.

bench/worker.py renders the school's stored PDFs before any part runs (two processes at
once): nothing renders behind the measurements.
"""

from __future__ import annotations

import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench.data import School

PER_PAGE_TARGET = 3.0  # a report or the bundle, per page, times the floor
CACHED_TARGET = 2.0  # a cached download, times the trivial view
TRIVIAL = "/bench/trivial/"
FLOOR_HTML = (
    "<!doctype html><html lang='nl'><head><meta charset='utf-8'><title>Vloer</title></head>"
    "<body><h1>Eén pagina</h1><p>Een gewone alinea tekst, zonder eigen lettertypen.</p>"
    "</body></html>"
)


def _median_time(func, reps: int) -> float:
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _against_floor(render, floor, rounds: int) -> tuple[list[float], list[float]]:
    """`render` timed `rounds` times, each round between two timings of the floor (the
    median of three floor renders right before and three right after): the machine's load
    changes while a benchmark runs (the cores are shared), and a ratio of two timings taken
    minutes apart measures that change too. The floor takes a few milliseconds and the
    year bundle seconds: floors on both sides of it see the load the render saw, not only
    the load of the moment before it."""
    renders, floors = [], []
    for _ in range(rounds):
        before = [_median_time(floor, 1) for _ in range(3)]
        renders.append(_median_time(render, 1))
        after = [_median_time(floor, 1) for _ in range(3)]
        floors.append(statistics.median(before + after))
    return renders, floors


def _pages(data: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)


class HtmlCatcher:
    """Keeps the HTML the app passes to meetings.pdf.render_pdf while it is installed."""

    def __init__(self):
        from meetings import pdf

        self.module = pdf
        self.original = pdf.render_pdf
        self.html: list[str] = []

    def __enter__(self):
        def catching(html, *args, **kwargs):
            self.html.append(html)
            return self.original(html, *args, **kwargs)

        self.module.render_pdf = catching
        return self

    def __exit__(self, *exc):
        self.module.render_pdf = self.original


def _document(client: Client, url: str, stored) -> tuple[str | None, bytes, float, int]:
    """Ask for a PDF that was never stored, with an empty cache; the HTML the app rendered
    it from, the PDF, the time of that first request and its status. `stored`: the
    StoredPdf rows to remove first (the background render's)."""
    stored.delete()
    cache.clear()
    with HtmlCatcher() as catcher:
        start = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - start
    html = catcher.html[-1] if catcher.html else None
    return html, response.content, elapsed, response.status_code


def peak_memory(html: str) -> dict:
    """Render the HTML in a new process (bench/pdf_memory.py): its peak resident memory."""
    with tempfile.NamedTemporaryFile("w", suffix=".html", delete=False, encoding="utf-8") as f:
        f.write(html)
        path = f.name
    try:
        completed = subprocess.run(
            [sys.executable, "-m", "bench.pdf_memory", path],
            capture_output=True,
            text=True,
            env=dict(os.environ),
            check=False,
        )
    finally:
        os.unlink(path)
    if completed.returncode != 0:
        return {"error": completed.stderr.strip().splitlines()[-1:]}
    return json.loads(completed.stdout.strip().splitlines()[-1])


def run(school: School, *, quick: bool, log=print) -> dict:
    from meetings import pdf
    from meetings.models import StoredPdf
    from meetings.services import pdfs

    team = school.big
    reps = 2 if quick else 4
    result: dict = {}

    # The floor: WeasyPrint itself on one plain page (after one warm-up render).
    from weasyprint import HTML

    HTML(string=FLOOR_HTML).write_pdf()
    floor = _median_time(lambda: HTML(string=FLOOR_HTML).write_pdf(), reps * 2)
    result["floor"] = {"s": floor, "pages": _pages(HTML(string=FLOOR_HTML).write_pdf())}
    log(f"WeasyPrint floor: {floor * 1000:.0f} ms for one page")

    client = Client()
    client.force_login(team.leader)
    client.get(reverse("team_dashboard", args=[team.team.slug]))

    report = team.report_meeting.report
    documents = {
        "report": (
            reverse("report_pdf", args=[team.team.slug, team.report_meeting.pk]),
            StoredPdf.objects.filter(report=report),
        ),
        "bundle": (
            reverse("year_bundle", args=[team.team.slug, team.last_past_year.pk]),
            StoredPdf.objects.filter(school_year=team.last_past_year),
        ),
    }
    for name, (url, stored) in documents.items():
        html, data, first, status = _document(client, url, stored)
        row: dict = {"url": url, "status": status, "first_request_s": first}
        if status != 200 or not data.startswith(b"%PDF"):
            row["error"] = f"HTTP {status}, no PDF"
        elif html is None:
            row["error"] = "the app did not call meetings.pdf.render_pdf"
        else:
            pages = _pages(data)
            renders, floors = _against_floor(
                lambda html=html: pdf.render_pdf(html),
                lambda: HTML(string=FLOOR_HTML).write_pdf(),
                reps if name == "report" else max(2, reps - 1),
            )
            render = statistics.median(renders)
            row.update(
                pages=pages,
                render_s=render,
                per_page_s=render / pages,
                # each round's per page time against the floor of that round
                ratio=statistics.median(
                    [r / pages / f for r, f in zip(renders, floors, strict=True)]
                ),
                floor_s=statistics.median(floors),
                bytes=len(data),
            )
            if name == "bundle":
                row["memory"] = peak_memory(html)
                row["floor_memory"] = peak_memory(FLOOR_HTML)
        result[name] = row
        log(_document_line(name, row))

    # The cached download, against the trivial view of the same person: stored as the
    # background task stores it.
    url = documents["report"][0]
    pdfs.render_year(team.report_meeting.school_year_id)
    client.get(url)
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    queries = len(captured.captured_queries)
    cached_times, trivial_times = [], []
    for _ in range(reps * 4):
        start = time.perf_counter()
        client.get(TRIVIAL)
        trivial_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        client.get(url)
        cached_times.append(time.perf_counter() - start)
    cached = statistics.median(cached_times)
    trivial = statistics.median(trivial_times)
    result["cached"] = {
        "status": response.status_code,
        "content_type": response.get("Content-Type", ""),
        "queries": queries,
        "s": cached,
        "trivial_s": trivial,
        "ratio": cached / trivial,
    }
    log(
        f"cached report download: {cached * 1000:.1f} ms, {queries} "
        f"queries, trivial view {trivial * 1000:.2f} ms: {cached / trivial:.1f}×"
    )
    return result


def _document_line(name: str, row: dict) -> str:
    if "error" in row:
        return f"{name}: {row['error']}"
    line = (
        f"{name}: {row['pages']} pages, render {row['render_s'] * 1000:.0f} ms "
        f"({row['per_page_s'] * 1000:.0f} ms a page, {row['ratio']:.1f}× the floor, "
        f"{row['floor_s'] * 1000:.0f} ms next to it); "
        f"first request {row['first_request_s'] * 1000:.0f} ms"
    )
    memory, floor = row.get("memory") or {}, row.get("floor_memory") or {}
    if "peak_mib" in memory and "peak_mib" in floor:
        line += (
            f"; peak memory {memory['peak_mib']:.0f} MiB "
            f"(a process rendering the floor: {floor['peak_mib']:.0f} MiB)"
        )
    return line
