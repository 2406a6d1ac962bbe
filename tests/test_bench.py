"""The benchmark package (bench/, `python -m bench`) keeps working: it imports, its data
builder builds a small school the pages benchmark can open, and its runner parses its
options. Nothing here is timed; the timings are python -m bench's business."""

from __future__ import annotations

import datetime

import pytest
from django.test import override_settings

from bench import __main__ as runner
from bench import data, pages
from meetings.models import GroupNote, MeetingRun, Report
from plg.models import Team


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="bench.urls", ALLOWED_HOSTS=["testserver"])
def test_data_builder_builds_a_school_whose_pages_open():
    school = data.build_school(data.TINY_SCHOOL, today=datetime.date(2026, 12, 1))

    assert Team.objects.count() == 2
    big = school.big
    assert big.people == 8 and big.years == 1
    assert big.run.status == MeetingRun.Status.RUNNING
    assert GroupNote.objects.filter(group__meeting=big.year_review_meeting).exists()
    published = Report.objects.filter(
        meeting__school_year=big.last_past_year, status=Report.Status.PUBLISHED
    )
    assert published.count() == 6
    # Every page answers as the benchmark expects, at both sizes (untimed).
    result = pages.run(school, reps=0, log=lambda line: None)
    errors = {
        (row["page"], size): row[size]["error"]
        for row in result["rows"]
        for size in ("small", "big")
        if "error" in row[size]
    }
    assert errors == {}
    assert len(result["rows"]) == len(pages.PAGES)


def test_runner_parses_its_options():
    args = runner.parse(["--only", "pages,pdf", "--quick"])

    assert args.parts == ["pages", "pdf"]
    assert args.quick
    with pytest.raises(SystemExit):
        runner.parse(["--only", "nonsense"])
