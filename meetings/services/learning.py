"""The learning question (leervraag) of a person for a school year: writing it, linking the
cases and first steps that work on it, and the short look back in meeting 6.

Who may read one is meetings/access.py (the owner; the team when they share it).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from meetings import learning as rule
from meetings.models import MEETINGS_PER_YEAR, Case, FirstStep, LearningQuestion, SchoolYear
from plg.models import User
from plg.prepared import Prepared


def question_for(*, user: User, year: SchoolYear) -> LearningQuestion | None:
    found = _QUESTION(user=user.pk, year=year.pk)
    return found[0] if found else None


_QUESTION = Prepared(  # plg/prepared.py
    lambda user, year: LearningQuestion.objects.filter(owner_id=user, school_year_id=year).order_by(
        "pk"
    )[:1],
    user=int,
    year=int,
)


def save_question(
    *, owner: User, year: SchoolYear, question: str, team_plan: str, shared: bool
) -> LearningQuestion:
    """Write or rewrite the person's learning question for the year (one per year)."""
    saved, _created = LearningQuestion.objects.update_or_create(
        owner=owner,
        school_year=year,
        defaults={"question": question, "team_plan": team_plan, "shared": shared},
    )
    return saved


def save_reflection(
    *, question: LearningQuestion, text: str, now: datetime.datetime | None = None
) -> None:
    """The short look back written in (or around) meeting 6."""
    question.reflection = text
    question.reflected_at = (now or timezone.now()) if text else None
    question.save(update_fields=["reflection", "reflected_at", "updated_at"])


def own_cases(question: LearningQuestion) -> QuerySet[Case]:
    """The owner's cases of the question's year that may be linked to it (titles only)."""
    year = question.school_year
    return (
        Case.objects.filter(owner_id=question.owner_id, team_id=year.team_id)
        .filter(meeting__school_year=year)
        .select_related("meeting")
        .only("title", "learning_question", "meeting__number", "meeting__date")
        .order_by("meeting__date", "created_at")
    )


def own_steps(question: LearningQuestion) -> QuerySet[FirstStep]:
    """The owner's first steps of the question's year that may be linked to it."""
    return (
        FirstStep.objects.filter(
            owner_id=question.owner_id, group__meeting__school_year=question.school_year
        )
        .select_related("group__meeting")
        .order_by("group__meeting__number", "created_at")
    )


@transaction.atomic
def link(*, question: LearningQuestion, case_ids: Iterable[int], step_ids: Iterable[int]) -> None:
    """Link exactly these of the owner's cases and first steps of the year to the question
    (and unlink the others). Ids of anything else are ignored."""
    cases, steps = own_cases(question), own_steps(question)
    cases.exclude(pk__in=list(case_ids)).filter(learning_question=question).update(
        learning_question=None
    )
    Case.objects.filter(pk__in=cases.filter(pk__in=list(case_ids)).values("pk")).update(
        learning_question=question
    )
    steps.exclude(pk__in=list(step_ids)).filter(learning_question=question).update(
        learning_question=None
    )
    FirstStep.objects.filter(pk__in=steps.filter(pk__in=list(step_ids)).values("pk")).update(
        learning_question=question
    )


def reflection_open(year: SchoolYear, today: datetime.date) -> bool:
    """Whether meeting 6 is near or has been, so the look back is asked for (one query)."""
    evaluation_day = (
        year.meetings.filter(number=MEETINGS_PER_YEAR).values_list("date", flat=True).first()
    )
    return rule.reflection_open(evaluation_day=evaluation_day, last_day=year.last_day, today=today)


def reflection_open_in(meetings: list, year: SchoolYear, today: datetime.date) -> bool:
    """reflection_open from the year's meetings the caller already has (no query)."""
    evaluation_day = next((m.date for m in meetings if m.number == MEETINGS_PER_YEAR), None)
    return rule.reflection_open(evaluation_day=evaluation_day, last_day=year.last_day, today=today)


def on_person_anonymised(sender, user: User, **kwargs) -> None:
    """A former member who is anonymised: their learning questions and reflections are
    personal notes about their own development, not team history, so they are deleted
    (the cases and steps linked to them stay, unlinked)."""
    LearningQuestion.objects.filter(owner=user).delete()
