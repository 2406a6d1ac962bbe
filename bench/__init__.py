"""Benchmarks of PLG Cyclus: `python -m bench` (see docs/benchmarks.md).

The package builds its own data in a throwaway database (bench/data.py), then measures pages
(bench/pages.py), PDFs (bench/pdfs.py), grouping (bench/bench_grouping.py) and a load test
(bench/load.py), each against a trivial view measured in the same run, and prints one table
of targets. Nothing here is imported by the app.
"""
