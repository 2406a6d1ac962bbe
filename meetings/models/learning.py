"""A participant's own learning question (leervraag) for one school year.

The module: "Indien gewenst, kiest elke participant zijn eigen leervraag waar hij, door
middel van individueel en collectief leren aan werkt." Written at the start of the year,
linked to the team plan, to the cases the person brings and the first steps they take,
looked back at in meeting 6. Private to the person unless they share it with the team
(meetings/access.py).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from meetings.models.planning import SchoolYear

#: The longest learning question, team-plan link and reflection (a few sentences each).
LEARNING_TEXT_MAX_LENGTH = 1000


class LearningQuestion(models.Model):
    school_year = models.ForeignKey(
        SchoolYear, on_delete=models.CASCADE, related_name="learning_questions"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="learning_questions"
    )
    question = models.TextField(_("my learning question"))
    team_plan = models.TextField(_("how it fits the team plan"), blank=True)
    shared = models.BooleanField(_("share it with my team"), default=False)
    reflection = models.TextField(_("looking back (meeting 6)"), blank=True)
    reflected_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["school_year", "owner"]
        constraints = [
            models.UniqueConstraint(
                fields=["school_year", "owner"], name="one_learning_question_per_year"
            )
        ]
        verbose_name = _("learning question")
        verbose_name_plural = _("learning questions")

    def __str__(self) -> str:
        return self.question[:60]
