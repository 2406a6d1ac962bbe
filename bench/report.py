"""The tables `python -m bench` prints: one per part and database, then one of every target."""

from __future__ import annotations

from bench import dbs, tables

BUILD_TARGET_S = 60
RUN_TARGET_S = 600


def _row(rows: list, name: str, target: str, measured: str, met: bool | None, why: str = ""):
    rows.append((name, target, measured, met, why))


def full(results: list[dict], grouping: dict | None, args, elapsed: float, backends) -> str:
    out: list[str] = []
    targets: list[tuple] = []
    for result in results:
        backend = result["backend"]
        if "failed" in result:
            _row(targets, f"{backend}: benchmark process", "runs", result["failed"], False)
            continue
        _row(
            targets,
            f"{backend}: data build",
            f"< {BUILD_TARGET_S} s",
            f"{result['build_s']:.1f} s",
            result["build_s"] < BUILD_TARGET_S,
        )
        if "pages" in result:
            out += [f"Pages on {backend} (small: {_team(result, 0)}, big: {_team(result, -1)})"]
            out += [tables.pages_table(result["pages"]), ""]
            for row in result["pages"]["rows"]:
                big = row["big"]
                error = row["small"].get("error") or big.get("error")
                base = "trivial view"
                if row["poll"]:
                    target = f"≤ {row['target']:.0f}× {base}"
                else:
                    target = f"≤ {row['target']:.0f}× {base} (big)"
                measured = f"{big['ratio']:.1f}×" if "ratio" in big else "-"
                why = error or ("" if row["met"] else f"{big.get('ms', 0):.0f} ms")
                if not error and not row["met"] and row["poll"] and row["who"] == "anonymous":
                    why = _poll_why(big, result["pages"])
                _row(targets, f"{backend}: {row['page']}", target, measured, row["met"], why)
        if "pdf" in result:
            out += [f"PDFs on {backend}", tables.pdf_table(result["pdf"]), ""]
            targets += [(f"{backend}: {t[0]}", *t[1:]) for t in tables.pdf_targets(result["pdf"])]
        if "load" in result:
            out += [f"Load on {backend}", tables.load_table(result["load"]), ""]
            targets += [(f"{backend}: {t[0]}", *t[1:]) for t in tables.load_targets(result["load"])]
    if "load" in args.parts and "postgres" not in backends:
        _row(
            targets,
            "load test",
            "runs",
            "skipped",
            None,
            f"needs PostgreSQL on {dbs.PG_HOST}:{dbs.PG_PORT}",
        )
    if grouping is not None:
        out += ["Grouping (bench/bench_grouping.py)", grouping["table"].rstrip(), ""]
        returned = grouping.get("returned")
        if isinstance(returned, list) and returned and isinstance(returned[0], tuple):
            targets += [(f"grouping: {t[0]}", *t[1:]) for t in returned]
        else:
            _row(
                targets,
                "grouping",
                "runs",
                f"{grouping['seconds']:.1f} s",
                None,
                "see its table above",
            )
    full_run = args.parts == ["pages", "pdf", "grouping", "load"] and not args.quick
    _row(
        targets,
        "whole run" + ("" if full_run else " (part of it)"),
        f"< {RUN_TARGET_S // 60} min",
        f"{elapsed / 60:.1f} min",
        elapsed < RUN_TARGET_S,
    )
    out += ["Targets", _targets_table(targets)]
    return "\n".join(out)


def _poll_why(big: dict, pages: dict) -> str:
    """An anonymous unchanged poll reads the shared cache once and answers 204: that read's
    time (pages.shared_cache_read, the same run) is most of what it costs more."""
    read = pages["cache_read"]
    return (
        f"{big.get('ms', 0):.2f} ms against {big.get('trivial_ms', 0):.2f} ms; its one read of "
        f"the shared cache ({read['cache']}) takes {read['ms']:.2f} ms, no database"
    )


def _team(result: dict, index: int) -> str:
    people, years = result["school"][index]
    return f"{people} people, {years} earlier year{'s' if years != 1 else ''}"


def _targets_table(rows: list[tuple]) -> str:
    width = max(len(r[0]) for r in rows) + 2
    twidth = max(len(r[1]) for r in rows) + 2
    mwidth = max(len(r[2]) for r in rows) + 2
    header = f"{'benchmark':<{width}}{'target':<{twidth}}{'measured':<{mwidth}}met"
    lines = [header, "-" * (len(header) + 10)]
    for name, target, measured, met, why in rows:
        verdict = {True: "met", False: "NOT MET", None: "-"}[met]
        note = f" ({why})" if why else ""
        lines.append(f"{name:<{width}}{target:<{twidth}}{measured:<{mwidth}}{verdict}{note}")
    met = sum(1 for r in rows if r[3] is True)
    missed = sum(1 for r in rows if r[3] is False)
    lines.append(f"{met} met, {missed} not met")
    return "\n".join(lines)
