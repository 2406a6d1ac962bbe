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
    return "\n".join(lines)
