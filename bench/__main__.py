"""`python -m bench`: every benchmark of PLG Cyclus, and one table of targets at the end.

Run from the project root with the project's Python (.venv/bin/python -m bench). Each
database gets its own process (bench/worker.py) on a throwaway database: a temporary SQLite
file, and PostgreSQL's plg_bench database when 127.0.0.1:5432 answers. See docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import contextlib
import inspect
import io
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bench import dbs

PARTS = ("pages", "pdf", "grouping", "load")
ROOT = Path(__file__).resolve().parent.parent


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--only",
        default=",".join(PARTS),
        help=f"comma-separated parts to run (default: all of {','.join(PARTS)})",
    )
    parser.add_argument(
        "--db",
        default="sqlite,postgres",
        help="databases to run on (default: sqlite,postgres; postgres only when it answers)",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="less history in the middle teams, fewer repetitions, a shorter load test",
    )
    parser.add_argument("--reps", type=int, help="repetitions per page timing")
    parser.add_argument("--pages", help="only these pages (comma-separated names)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary files")
    args = parser.parse_args(argv)
    args.parts = [p.strip() for p in args.only.split(",") if p.strip()]
    unknown = set(args.parts) - set(PARTS)
    if unknown:
        parser.error(f"unknown part(s): {', '.join(sorted(unknown))}")
    return args


def run_backend(backend: str, args, parts: list[str]) -> dict:
    workdir = dbs.new_workdir()
    out = os.path.join(workdir, "result.json")
    try:
        if backend == "postgres":
            dbs.recreate_postgres()
        command = [sys.executable, "-m", "bench.worker", "--backend", backend]
        command += ["--parts", ",".join(parts), "--out", out]
        if args.quick:
            command.append("--quick")
        if args.reps:
            command += ["--reps", str(args.reps)]
        if args.pages:
            command += ["--pages", args.pages]
        env = dbs.environment(backend, workdir)
        env["PLG_BENCH_WORKDIR"] = workdir
        completed = subprocess.run(command, cwd=ROOT, env=env)
        if completed.returncode != 0 or not os.path.exists(out):
            return {"backend": backend, "failed": f"worker exited with {completed.returncode}"}
        with open(out, encoding="utf-8") as f:
            return json.load(f)
    finally:
        if backend == "postgres" and not args.keep:
            with contextlib.suppress(Exception):
                dbs.drop_postgres()
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)


def run_grouping(quick: bool) -> dict:
    """bench/bench_grouping.py's own table (its main(), with its own arguments)."""
    sys.path.insert(0, str(ROOT / "bench"))
    from bench import bench_grouping

    argv = ["bench_grouping.py", "--reps", "2" if quick else "3"]
    if "--calls" in inspect.getsource(bench_grouping):
        argv += ["--calls", "100" if quick else "300"]
    saved, sys.argv = sys.argv, argv
    buffer = io.StringIO()
    start = time.perf_counter()
    try:
        with contextlib.redirect_stdout(buffer):
            returned = bench_grouping.main()
    finally:
        sys.argv = saved
    return {
        "table": buffer.getvalue(),
        "returned": returned,
        "seconds": time.perf_counter() - start,
    }


def main(argv: list[str] | None = None) -> int:
    from bench import report

    args = parse(argv)
    started = time.perf_counter()
    backends = []
    for backend in [b.strip() for b in args.db.split(",") if b.strip()]:
        if backend == "postgres" and not dbs.postgres_answers():
            print(f"PostgreSQL does not answer on {dbs.PG_HOST}:{dbs.PG_PORT}: skipped.")
            continue
        backends.append(backend)
    db_parts = [p for p in args.parts if p in ("pages", "pdf", "load")]
    results = []
    for backend in backends:
        parts = [p for p in db_parts if p != "load" or backend == "postgres"]
        if not parts:
            continue
        print(f"== {backend}: {', '.join(parts)}", flush=True)
        results.append(run_backend(backend, args, parts))
    grouping = None
    if "grouping" in args.parts:
        print("== grouping (bench/bench_grouping.py)", flush=True)
        grouping = run_grouping(args.quick)
    elapsed = time.perf_counter() - started
    print()
    print(report.full(results, grouping, args, elapsed, backends))
    return 0


if __name__ == "__main__":
    sys.exit(main())
