"""One benchmark process on one database: migrate the empty throwaway database, build the
school, run the parts asked for and write their results as JSON.

Started by `python -m bench` (bench/__main__.py) with DJANGO_SETTINGS_MODULE=bench.settings
and SQLITE_PATH or DATABASE_URL set; not meant to be run by hand.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time


def render_school_pdfs(processes: int = 2) -> int:
    """Render the stored PDFs of every school year with a published report, the years
    shared out over `processes` processes (bench/render_years.py), the years with the most
    reports first; returns how many years."""
    from django.db.models import Count, Q

    from meetings.models import Report, SchoolYear

    years = list(
        SchoolYear.objects.annotate(
            published=Count("meetings", filter=Q(meetings__report__status=Report.Status.PUBLISHED))
        )
        .filter(published__gt=0)
        .order_by("-published", "pk")
        .values_list("pk", flat=True)
    )
    shares = [years[i::processes] for i in range(processes)]
    running = [
        subprocess.Popen(
            [sys.executable, "-m", "bench.render_years", *map(str, share)], env=dict(os.environ)
        )
        for share in shares
        if share
    ]
    failed = [p.args for p in running if p.wait() != 0]
    if failed:
        raise RuntimeError(f"rendering the school's PDFs failed: {failed}")
    return len(years)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--backend", required=True)
    parser.add_argument("--parts", required=True)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--reps", type=int)
    parser.add_argument("--pages")
    parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    parts = set(args.parts.split(","))

    import django

    # The school's PDFs are rendered below, two processes at once, not by the thread
    # backend one after the other (bench/settings.py); processes started later (gunicorn
    # in the load test) get the project's own backend.
    os.environ["PLG_BENCH_TASKS_LATER"] = "1"
    django.setup()
    del os.environ["PLG_BENCH_TASKS_LATER"]
    from django.core.management import call_command

    from bench import data

    def log(line: str) -> None:
        print(f"  [{args.backend}] {line}", flush=True)

    result: dict = {"backend": args.backend}
    start = time.perf_counter()
    call_command("migrate", verbosity=0)
    result["migrate_s"] = time.perf_counter() - start
    sizes = data.QUICK_SCHOOL if args.quick else data.FULL_SCHOOL
    start = time.perf_counter()
    school = data.build_school(sizes)
    result["build_s"] = time.perf_counter() - start
    result["school"] = [(t.people, t.years) for t in school.teams]
    log(
        f"migrated in {result['migrate_s']:.1f} s, school built in {result['build_s']:.1f} s: "
        + ", ".join(f"{t.people} people/{t.years} earlier years" for t in school.teams)
    )

    # Publishing the school's reports asked for their PDFs: they are rendered and stored
    # before anything is timed (the pages show them, the load test downloads them), or the
    # pages and the load test would be measured beside the renders.
    start = time.perf_counter()
    years = render_school_pdfs()
    result["background_s"] = time.perf_counter() - start
    log(
        f"the school's stored PDFs ({years} school years) rendered in "
        f"{result['background_s']:.0f} s, two processes at once"
    )

    if "pages" in parts:
        from bench import pages, tables

        reps = args.reps or (7 if args.quick else 15)
        only = pages.chosen(args.pages) if args.pages else None
        log(tables.PAGE_HEADER)
        result["pages"] = pages.run(school, reps=reps, only=only, log=log)
    if "pdf" in parts:
        from bench import pdfs

        result["pdf"] = pdfs.run(school, quick=args.quick, log=log)
    if "load" in parts:
        from bench import load

        result["load"] = load.run(school, quick=args.quick, log=log)

    with open(args.out, "w", encoding="utf-8") as out:
        json.dump(result, out, indent=1, default=str)


if __name__ == "__main__":
    sys.exit(main())
