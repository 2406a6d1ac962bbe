"""One benchmark process on one database: migrate the empty throwaway database, build the
school, run the parts asked for and write their results as JSON.

Started by `python -m bench` (bench/__main__.py) with DJANGO_SETTINGS_MODULE=bench.settings
and SQLITE_PATH or DATABASE_URL set; not meant to be run by hand.
"""

from __future__ import annotations

import argparse
import json
import sys
import time


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

    django.setup()
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

    # Publishing the school's reports queued their PDFs for the background (the thread
    # backend, in this process): they are rendered before anything is timed, or the pages
    # and the load test would be measured beside them.
    from plg.tasks import wait_for_background_tasks

    start = time.perf_counter()
    wait_for_background_tasks(timeout=30 * 60)
    result["background_s"] = time.perf_counter() - start
    log(f"background renders of the school's PDFs: waited {result['background_s']:.0f} s")

    if "pages" in parts:
        from bench import pages, tables

        reps = args.reps or (7 if args.quick else 15)
        only = set(args.pages.split(",")) if args.pages else None
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
