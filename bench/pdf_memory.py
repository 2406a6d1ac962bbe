"""Render one HTML file with the app's PDF renderer in this fresh process and print, as JSON,
the process's peak resident memory (VmHWM) and the render's time.

Started by bench/pdfs.py: python -m bench.pdf_memory FILE.html (bench settings, the same
environment as the benchmark process).
"""

from __future__ import annotations

import json
import resource
import sys
import time


def _peak_mib() -> float:
    """The process's peak resident memory. VmHWM, not getrusage's ru_maxrss: Linux keeps
    ru_maxrss across exec, so a process started by a big one would report the parent's."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def main() -> None:
    import django

    django.setup()
    import weasyprint  # noqa: F401  (loaded before the baseline, as in a warm worker)

    from meetings import pdf

    with open(sys.argv[1], encoding="utf-8") as f:
        html = f.read()
    start = time.perf_counter()
    data = pdf.render_pdf(html)
    elapsed = time.perf_counter() - start
    peak = _peak_mib()
    print(
        json.dumps(
            {
                "peak_mib": peak,
                "s": elapsed,
                "bytes": len(data),
            }
        )
    )


if __name__ == "__main__":
    main()
