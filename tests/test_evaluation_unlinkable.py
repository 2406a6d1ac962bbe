"""An unsigned evaluation answer cannot be traced to its author (issue 14, found 2).

Who answered (EvaluationReceipt) and what was answered (EvaluationResponse) used to be written
together, both with a timestamp and an increasing id: matching them named 5 of 5 authors.
Now an answer carries no time (the meeting is its finest date) and its id is random, so
neither its fields nor any ordering of the answers follows the order of the receipts."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection, models
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone

from meetings import services
from meetings.models import EvaluationReceipt, EvaluationResponse, PhaseCard
from meetings.services import reports as report_services
from tests.factories import EvaluationResponseFactory, MembershipFactory

ANSWERS = 20  # 1 in 20! that a random order happens to be the submission order


@pytest.fixture
def run(meeting):
    run = services.ensure_run(meeting=meeting)
    steps = run.steps(list(PhaseCard.for_team(meeting.school_year.team).phases.all()))
    run.go_to_step(len(steps) - 1, step_count=len(steps), now=timezone.now())
    return run


@pytest.fixture
def submitted(run, meeting, team):
    """Twenty people answer one after the other, unsigned; answer i says "antwoord i"."""
    people = [MembershipFactory(team=team).user for _ in range(ANSWERS)]
    for i, person in enumerate(people):
        report_services.submit_evaluation(
            meeting=meeting, user=person, experience=1 + i % 5, learning=f"antwoord {i}"
        )
    return people


def submission_index(answer: EvaluationResponse) -> int:
    return int(answer.learning.removeprefix("antwoord "))


def test_an_answer_has_no_time_of_its_own():
    times = [
        f.name
        for f in EvaluationResponse._meta.get_fields()
        if isinstance(f, models.DateField | models.DateTimeField | models.TimeField)
    ]
    assert times == []


def test_the_receipts_order_is_not_the_answers_order(submitted, meeting):
    receipts = [r.user for r in EvaluationReceipt.objects.filter(meeting=meeting).order_by("pk")]
    assert receipts == submitted  # the receipts keep who answered, in order
    in_submission_order = list(range(ANSWERS))
    answers = EvaluationResponse.objects.filter(meeting=meeting)
    for listing in (
        answers,  # the model's own order (the report's remarks, the admin)
        answers.order_by("pk"),
        answers.order_by("-pk"),
        answers.order_by(),  # no order: as the rows lie in the database (and its backups)
    ):
        assert [submission_index(a) for a in listing] != in_submission_order
        assert [submission_index(a) for a in listing] != in_submission_order[::-1]
    # Every field of an answer, read in any order, is either what was answered or the meeting.
    fields = {f.attname for f in EvaluationResponse._meta.concrete_fields}
    assert fields == {
        "id",
        "meeting_id",
        "experience",
        "learning",
        "method",
        "bothers",
        "respondent_id",
    }


def test_answer_ids_are_random_not_counting(db):
    first, second = EvaluationResponseFactory(), EvaluationResponseFactory()
    assert not isinstance(first.pk, int)
    assert first.pk != second.pk


def test_the_admin_shows_no_time_and_no_id_order(admin_client, submitted, meeting):
    listing = admin_client.get(reverse("admin:meetings_evaluationresponse_changelist"))
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "created" not in html.lower() and "aangemaakt" not in html.lower()
    admin = listing.context["cl"].model_admin
    assert "created_at" not in admin.get_list_display(listing.wsgi_request)
    assert all(o.lstrip("-") not in ("created_at",) for o in (admin.ordering or ()))


# --- the migration strips the timestamps of existing answers -------------------------------------

BEFORE = [("meetings", "0006_attendance_one_model")]
AFTER = [("meetings", "0007_found_evaluation_unlinkable")]


@pytest.fixture
def migrator(transactional_db):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    yield executor
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_migration_keeps_the_answers_and_drops_their_time_and_order(migrator):
    old = migrator.loader.project_state(BEFORE).apps
    team = old.get_model("plg", "Team").objects.create(name="Team", slug="team")
    year = old.get_model("meetings", "SchoolYear").objects.create(
        team=team,
        name="2026–2027",
        first_day=datetime.date(2026, 8, 31),
        last_day=datetime.date(2027, 7, 9),
        region="midden",
    )
    meeting = old.get_model("meetings", "Meeting").objects.create(
        school_year=year,
        number=3,
        date=datetime.date(2026, 11, 3),
        planned_date=datetime.date(2026, 11, 3),
        start_time=datetime.time(14, 30),
    )
    signer = old.get_model("plg", "User").objects.create(email="s@school.nl")
    Response = old.get_model("meetings", "EvaluationResponse")
    for i in range(ANSWERS):
        Response.objects.create(
            meeting=meeting,
            experience=1 + i % 5,
            learning=f"antwoord {i}",
            respondent=signer if i == 0 else None,
        )

    migrator.loader.build_graph()  # it still holds 0007 as applied
    migrator.migrate(AFTER)

    new = migrator.loader.project_state(AFTER).apps.get_model("meetings", "EvaluationResponse")
    answers = list(new.objects.order_by("pk"))
    assert sorted(submission_index(a) for a in answers) == list(range(ANSWERS))
    assert [submission_index(a) for a in answers] != list(range(ANSWERS))
    assert {a.meeting_id for a in answers} == {meeting.pk}
    assert [a.respondent_id for a in answers if a.respondent_id] == [signer.pk]
    assert "created_at" not in {f.name for f in new._meta.get_fields()}
