"""The phase card says what the module says (issue 13): its 17 guiding questions in its own
words with the source it names for each, the restored sentences of phases 1–5, and the
questions the product added marked as its own. The sources show on the card page and in the
run view; a data migration brings cards made before into line."""

from __future__ import annotations

import datetime
import importlib
import re
from pathlib import Path

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from meetings import phase_card
from meetings.models import PhaseCard
from meetings.services import ensure_run
from tests.helpers import dutch_html

#: The method source, beside the repository as in the project's workspace (not in CI).
SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "000_f2371151d4db457a.txt"
MODULE_SOURCES = {"Stammes", "Hendriksen", "Hagen", "lancelots.nl"}


def _phase(number: int) -> dict:
    return next(row for row in phase_card.default_phase_rows() if row["number"] == number)


def _questions(number: int) -> list[tuple[str, str]]:
    return next(q for n, *_rest, q in phase_card.PHASES if n == number)


def test_restored_sentences_of_the_module():
    assert (
        "Wat geeft je vertrouwen dat je dit kan oplossen? Wat nog meer?"
        in _phase(2)["questions"].splitlines()
    )
    assert (
        "Heb je eerder al eens hiermee te maken gehad en een oplossing gevonden? "
        "Wat deed je toen precies?"
    ) in _phase(2)["questions"].splitlines()
    assert (
        "Is dat genoeg voor nu? Zo nee, hoe zou een stapje hoger op de ladder er uitzien? "
        "Wat is er dan nog meer beantwoord?"
    ) in _phase(4)["questions"].splitlines()
    assert _phase(5)["name"] == "Toekomstig handelen bij soortgelijke werkcasus"
    assert "Men kan om de beurt een probleem inbrengen." in _phase(1)["purpose"]
    purpose3 = _phase(3)["purpose"]
    assert "niet alleen naar feiten zoals in fase 2" in purpose3
    assert "Als hij nog met een kwestie zit, kan hij in deze fase ook om advies vragen." in (
        purpose3
    )
    # What the inbrenger learned comes before the advice, and advice only on a question left.
    assert purpose3.index("geleerd") < purpose3.index("advies")
    assert "adviesronde" not in purpose3
    questions3 = _phase(3)["questions"]
    assert questions3.index("geleerd") < questions3.index("advies")


def test_seventeen_questions_of_the_module_and_the_products_own_marked():
    module = [(q, s) for n, *_r, qs in phase_card.PHASES for q, s in qs if s != phase_card.ADDED]
    added = {n for n, *_r, qs in phase_card.PHASES for _q, s in qs if s == phase_card.ADDED}
    assert len(module) == 17
    assert {s for _q, s in module} == MODULE_SOURCES - {"lancelots.nl"}
    assert added == {0, 3, 4, 6}


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.mark.skipif(not SEED.exists(), reason="the method source is not beside the repository")
def test_every_module_question_is_the_seeds_own_words_with_its_source():
    seed = _flat(SEED.read_text())
    tool = seed[seed.index("Tool Fase 0 tot en met 6") :]
    for number, *_rest, questions in phase_card.PHASES:
        start = tool.index(f"Fase {number} ")
        end = tool.index(f"Fase {number + 1} ") if number < 6 else len(tool)
        section = tool[start:end]
        for question, source in questions:
            if source == phase_card.ADDED:
                assert question not in seed, question
                continue
            at = section.index(question)  # the module's own words, in its own phase
            cited = re.search(r"\((Stammes|Hendriksen|Hagen|lancelots\.nl)\)", section[at:])
            assert cited and cited.group(1) == source, question
        for name in phase_card.PURPOSE_SOURCES[number]:
            assert f"({name})" in section[: section.index("Vragen die bij deze fase passen")]
    for sentence in (
        "Men kan om de beurt een probleem inbrengen.",
        "Als hij nog met een kwestie zit, kan hij in deze fase ook om advies vragen.",
        "Fase 5 toekomstig handelen bij soortgelijke werkcasus",
    ):
        assert sentence in seed


def test_default_card_in_the_database_has_the_module_words(db):
    card = PhaseCard.default()
    phase5 = card.phases.get(number=5)
    assert phase5.name == "Toekomstig handelen bij soortgelijke werkcasus"
    sourced = card.phases.get(number=1).sourced_questions()
    assert [(q.text, q.source) for q in sourced] == _questions(1)


def test_card_page_cites_the_source_per_question(client, team, carol, alice):
    for user in (carol, alice):  # the read-only card and the editable one
        client.force_login(user)
        html = client.get(reverse("phase_card", args=[team.slug])).content.decode()
        assert "Wie wil er een vraagstuk inbrengen? <span" in html
        assert "(Stammes)</span>" in html
        assert "(Hendriksen)</span>" in html
        assert "(Hagen)</span>" in html
        assert f"({dutch_html('added by PLG Cyclus')})" in html
        assert "lancelots.nl" in html


def test_a_question_the_team_wrote_is_marked_as_its_own(db, team):
    card = PhaseCard.own_card(team)
    phase = card.phases.get(number=2)
    phase.questions = "Wat speelt er in je klas?"
    phase.save()
    [question] = phase.sourced_questions()
    assert question.source is None and not question.added


def test_run_view_details_cite_the_sources(client, team, bob, meeting):
    run = ensure_run(meeting=meeting)
    steps = run.steps(list(PhaseCard.for_team(team).phases.all()))
    run.go_to_step(1, step_count=len(steps), now=datetime.datetime.now(datetime.UTC))
    client.force_login(bob)

    html = client.get(reverse("meeting_run", args=[team.slug, meeting.pk])).content.decode()

    assert dutch_html("Sources of the guiding questions") in html
    assert "Wat zou de behandeling in deze groep nuttig voor jou maken? <span" in html
    assert "(Hagen)</span>" in html


BEFORE = [("meetings", "0018_archive_search_indexes")]
AFTER = [("meetings", "0019_data_phase_card_module_words")]


@pytest.fixture
def migrator(transactional_db):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    yield executor
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_migration_restores_the_default_and_unchanged_team_phases(migrator):
    old_apps = migrator.loader.project_state(BEFORE).apps
    old = importlib.import_module("meetings.migrations.0019_data_phase_card_module_words").OLD
    Card = old_apps.get_model("meetings", "PhaseCard")
    Phase = old_apps.get_model("meetings", "Phase")
    team = old_apps.get_model("plg", "Team").objects.create(name="Team", slug="team")
    # Migration 0004 made it; a transactional test before this one may have flushed it.
    default = Card.objects.filter(team=None).first() or Card.objects.create(team=None)
    Phase.objects.filter(card=default).delete()
    own = Card.objects.create(team=team)
    for card in (default, own):
        for number, text in old.items():
            Phase.objects.create(card=card, number=number, form="groups", minutes=10, **text)
    Phase.objects.filter(card=own, number=2).update(questions="Wat speelt er in je klas?")

    migrator.loader.build_graph()
    migrator.migrate(AFTER)

    new_apps = migrator.loader.project_state(AFTER).apps
    Phase = new_apps.get_model("meetings", "Phase")
    for card_team in (None, team.pk):
        phase5 = Phase.objects.get(card__team=card_team, number=5)
        assert phase5.name == "Toekomstig handelen bij soortgelijke werkcasus"
        assert "om de beurt" in Phase.objects.get(card__team=card_team, number=1).purpose
    assert Phase.objects.get(card__team=team.pk, number=2).questions == "Wat speelt er in je klas?"
    assert "Wat nog meer?" in Phase.objects.get(card__team=None, number=2).questions
