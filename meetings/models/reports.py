"""The fase-6 verslag and the short evaluation participants fill in during phase 6."""

from __future__ import annotations

import difflib
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from meetings.models.planning import Meeting


class ReportQuerySet(models.QuerySet["Report"]):
    def with_details(self) -> ReportQuerySet:
        """Everything a report page and its PDF show: meeting, theme, team, writers and the
        agreements in order, in a fixed number of queries."""
        return self.select_related(
            "meeting__theme", "meeting__school_year__team", "published_by"
        ).prefetch_related(
            models.Prefetch("agreements", Agreement.objects.in_order()), "meeting__preparers"
        )


class AgreementQuerySet(models.QuerySet["Agreement"]):
    def in_order(self) -> AgreementQuerySet:
        """Dated agreements first, soonest first, then those without a date (on every
        database)."""
        return self.order_by(models.F("due").asc(nulls_last=True), "created_at")


class Report(models.Model):
    """The fase-6 verslag, drafted from the run notes when the meeting closes."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="report")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    text = models.TextField(_("report"), blank=True)
    version = models.PositiveIntegerField(default=0)
    conclusions = models.TextField(_("conclusions"), blank=True)
    conclusions_version = models.PositiveIntegerField(default=0)
    discussed_on = models.DateField(_("discussed in the team meeting on"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")

    def __str__(self) -> str:
        return _("Report of %(meeting)s") % {"meeting": self.meeting}


class Agreement(models.Model):
    """An agreement recorded in the report: what is done by when, and who does it. Followed
    up like a first step: on its owner's dashboard and in the next meeting's look back,
    until it is marked done."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="agreements")
    what = models.TextField(_("what"))
    who = models.CharField(_("who"), max_length=200)
    due = models.DateField(_("by when"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    #: The team member `who` names, when it names exactly one (meetings/services/followup.py):
    #: the agreement follows them to their dashboard, as a first step does.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreements",
    )
    done_at = models.DateTimeField(null=True, blank=True)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering = ["due", "created_at"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")

    def __str__(self) -> str:
        return self.what[:60]


class EvaluationResponse(models.Model):
    """One participant's answer to the phase 6 evaluation. Anonymous unless the participant
    chose to sign it; who answered is kept apart in EvaluationReceipt.

    Unlinkable from the receipts: an answer has no time of its own (its meeting is its finest
    date) and a random id, so no field and no ordering of the answers follows the order in
    which people answered (and the receipts were written)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="evaluations")
    experience = models.PositiveSmallIntegerField(
        _("how did you experience the meeting (1–5)"),
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    learning = models.TextField(_("what did you learn"), blank=True)
    method = models.TextField(_("how did the method work"), blank=True)
    bothers = models.TextField(_("what still bothers you"), blank=True)
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Only when the participant chose to sign the answer."),
    )

    class Meta:
        ordering = ["id"]  # random: not the order in which they were given
        verbose_name = _("evaluation answer")
        verbose_name_plural = _("evaluation answers")

    def __str__(self) -> str:
        return f"{self.meeting}: {self.experience}"


class EvaluationReceipt(models.Model):
    """That a person answered the evaluation of a meeting (one answer per person), without
    saying which answer is theirs."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="one_evaluation_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.meeting}"


class ReportRevision(models.Model):
    """A change to a published report: who changed which field, when, from what to what.

    Written by meetings.services.reports for every save of a published report's texts and
    agreements; a burst of autosaves by one person in one field within COALESCE_WINDOW is
    one revision (from the text before the burst to the text after it)."""

    class Field(models.TextChoices):
        TEXT = "text", _("report")
        CONCLUSIONS = "conclusions", _("conclusions")
        AGREEMENT = "agreement", _("agreement")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="revisions")
    field = models.CharField(_("field"), max_length=20, choices=Field.choices)
    old_text = models.TextField(_("before"), blank=True)
    new_text = models.TextField(_("after"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    started_at = models.DateTimeField()
    at = models.DateTimeField(_("changed at"))

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("report revision")
        verbose_name_plural = _("report revisions")

    def __str__(self) -> str:
        return f"{self.report} – {self.get_field_display()} ({self.at:%Y-%m-%d %H:%M})"

    def changes(self) -> list[tuple[bool, str]]:
        """The lines this revision removed (False) and added (True), in order."""
        return [
            (line[0] == "+", line[2:])
            for line in difflib.ndiff(self.old_text.splitlines(), self.new_text.splitlines())
            if line[:1] in "-+" and line[2:].strip()
        ]
