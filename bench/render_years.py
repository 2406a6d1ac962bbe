"""Render the stored PDFs of the given school years (meetings.services.pdfs.render_year,
what the background task does), in a process of its own: bench/worker.py starts two of
these side by side after building the school, one per core.

Started with the worker's environment (DJANGO_SETTINGS_MODULE=bench.settings and its
database); not meant to be run by hand: `python -m bench.render_years YEAR_ID ...`.
"""

from __future__ import annotations

import sys


def main(argv: list[str]) -> None:
    import django

    django.setup()
    from meetings.services import pdfs

    for year_id in argv:
        pdfs.render_year(int(year_id))


if __name__ == "__main__":
    main(sys.argv[1:])
