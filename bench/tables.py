"""Formatting of the tables (no Django: the runner prints them outside a Django process)."""

from __future__ import annotations


def _fmt(result: dict, key: str, spec: str) -> str:
    return format(result[key], spec) if key in result else "-"


PAGE_HEADER = (
    f"{'page':<27}{'queries s/b':>12}{'ms small':>10}{'ms big':>9}{'trivial':>9}"
    f"{'× small':>9}{'× big':>8}{'target':>8}  met"
)


def page_line(row: dict) -> str:
    s, b = row["small"], row["big"]
    queries = f"{s.get('queries', '-')}/{b.get('queries', '-')}"
    met = "yes" if row["met"] else "NO"
    error = s.get("error") or b.get("error")
    return (
        f"{row['page']:<27}{queries:>12}{_fmt(s, 'ms', '10.1f')}{_fmt(b, 'ms', '9.1f')}"
        f"{_fmt(b, 'trivial_ms', '9.2f')}{_fmt(s, 'ratio', '9.1f')}{_fmt(b, 'ratio', '8.1f')}"
        f"{row['target']:>7.0f}×  {met}" + (f"  ({error})" if error else "")
    )


def pages_table(result: dict) -> str:
    lines = [PAGE_HEADER, "-" * len(PAGE_HEADER)]
    lines += [page_line(row) for row in result["rows"]]
    lines.append(
        f"trivial view: median per page in the 'trivial' column (same person); "
        f"anonymous {result['anonymous_trivial_ms']:.2f} ms; {result['reps']} repetitions"
    )
    read = result.get("cache_read")
    if read:
        lines.append(f"one read of the shared cache ({read['cache']}): {read['ms']:.2f} ms")
    return "\n".join(lines)


def pdf_table(result: dict) -> str:
    floor = result["floor"]
    lines = [f"WeasyPrint floor (one plain page): {floor['s'] * 1000:.0f} ms"]
    lines.append(
        f"{'document':<10}{'pages':>6}{'render ms':>11}{'ms/page':>9}{'× floor':>9}  notes"
    )
    for name in ("report", "bundle"):
        row = result.get(name)
        if row is None:
            continue
        if "error" in row:
            lines.append(f"{name:<10}  {row['error']}")
            continue
        notes = f"first request {row['first_request_s'] * 1000:.0f} ms, {row['bytes'] // 1024} KiB"
        if "floor_s" in row:
            notes += f", the floor next to it {row['floor_s'] * 1000:.0f} ms"
        memory, floor = row.get("memory") or {}, row.get("floor_memory") or {}
        if "peak_mib" in memory and "peak_mib" in floor:
            notes += (
                f"; peak memory {memory['peak_mib']:.0f} MiB "
                f"(the floor's process: {floor['peak_mib']:.0f} MiB)"
            )
        elif memory:
            notes += f"; memory: {memory.get('error')}"
        lines.append(
            f"{name:<10}{row['pages']:>6}{row['render_s'] * 1000:>11.0f}"
            f"{row['per_page_s'] * 1000:>9.0f}{row['ratio']:>9.1f}  {notes}"
        )
    cached = result["cached"]
    lines.append(
        f"cached report download: {cached['s'] * 1000:.1f} ms, {cached['queries']} queries, "
        f"trivial view {cached['trivial_s'] * 1000:.2f} ms: {cached['ratio']:.1f}×"
    )
    return "\n".join(lines)


def pdf_targets(result: dict, per_page: float = 3.0, cached_target: float = 2.0) -> list:
    rows = []
    for name, label in (("report", "report PDF"), ("bundle", "year bundle PDF")):
        row = result.get(name, {})
        if "ratio" in row:
            met = row["ratio"] <= per_page
            why = "" if met else f"{row['per_page_s'] * 1000:.0f} ms a page"
            rows.append(
                (f"{label} per page", f"≤ {per_page:.0f}× floor", f"{row['ratio']:.1f}×", met, why)
            )
        else:
            rows.append(
                (f"{label} per page", f"≤ {per_page:.0f}× floor", "-", False, row.get("error", ""))
            )
    memory = result.get("bundle", {}).get("memory") or {}
    floor = result.get("bundle", {}).get("floor_memory") or {}
    if "peak_mib" in memory:
        rows.append(
            (
                "year bundle peak memory",
                "reported",
                f"{memory['peak_mib']:.0f} MiB",
                None,
                f"a process rendering the floor: {floor.get('peak_mib', 0):.0f} MiB",
            )
        )
    cached = result["cached"]
    met = cached["ratio"] <= cached_target and cached["status"] == 200
    rows.append(
        (
            "cached report download",
            f"≤ {cached_target:.0f}× trivial view",
            f"{cached['ratio']:.1f}×",
            met,
            "" if met else f"{cached['queries']} queries",
        )
    )
    return rows


def load_table(result: dict) -> str:
    if "stats" not in result:
        return f"load test: {result.get('skipped', 'no result')}"
    users = result["users"]
    lines = [
        f"{result['seconds']} s; {users['projector']} meetings (a projector each), "
        f"{users['group_leader']} group leaders, {users['teacher']} teachers, "
        f"{users['trivial']} on the trivial view; cache: {result['cache']}",
        f"{'request':<24}{'count':>7}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}",
    ]

    def ms(value):
        return f"{value:.0f}" if value is not None else "-"

    order = sorted(result["stats"], key=lambda name: (name == "Aggregated", name))
    for name in order:
        row = result["stats"][name]
        if not row["count"]:
            continue  # a request of the warm-up only (the logins)
        lines.append(
            f"{name:<24}{row['count']:>7}{row['failures']:>8}{ms(row['p50_ms']):>9}"
            f"{ms(row['p95_ms']):>9}{ms(row['max_ms']):>9}"
        )
    alone = result.get("trivial_alone") or {}
    if alone:
        lines.append(
            f"{'trivial, alone before':<24}{alone['count']:>7}{alone['failures']:>8}"
            f"{ms(alone['p50_ms']):>9}{ms(alone['p95_ms']):>9}{ms(alone['max_ms']):>9}"
        )
    warmup = result.get("warmup")
    if warmup:
        lines.append(
            f"not counted above, the first {warmup['seconds']:.0f} s (everyone logging in): "
            f"{warmup['requests']} requests, {warmup['failures']} errors (counted as errors)"
        )
        for error in warmup["errors"][:10]:
            lines.append(
                f"  error while warming up: {error['name']}: {error['error']} "
                f"({error['occurrences']}×)"
            )
    for failure in result.get("failures", []):
        lines.append(
            f"  error: {failure.get('Method')} {failure.get('Name')}: {failure.get('Error')} "
            f"({failure.get('Occurrences')}×)"
        )
    return "\n".join(lines)


def load_targets(result: dict, autosave_target: float = 5.0) -> list:
    if "stats" not in result:
        return [("load test", "runs", "skipped", None, result.get("skipped", ""))]
    errors = result["errors"]
    rows = [
        ("load: errors", "0", str(errors), errors == 0, "" if errors == 0 else "see the load table")
    ]
    ratio = result.get("autosave_ratio")
    if ratio is None:
        rows.append(
            (
                "load: autosave p95",
                f"≤ {autosave_target:.0f}× trivial p95 alone",
                "-",
                False,
                "no autosave or trivial requests",
            )
        )
    else:
        autosave = result["stats"]["autosave"]["p95_ms"]
        trivial = result["trivial_alone"]["p95_ms"]
        rows.append(
            (
                "load: autosave p95",
                f"≤ {autosave_target:.0f}× trivial p95 alone",
                f"{ratio:.1f}×",
                ratio <= autosave_target,
                f"{autosave:.0f} ms against {trivial:.0f} ms",
            )
        )
    return rows
