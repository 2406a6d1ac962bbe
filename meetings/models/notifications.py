"""E-mail: the outbox every message goes through, and the kinds of mail a person may turn off.

A message is written to the outbox (in the same transaction as the event that causes it, or
by the reminder run) and sent later by `manage.py send_mail`, never inside a web request.
The outbox key (person, kind, key) is unique: the same message is never queued twice, so a
second run, or a run after a crash, sends nothing that was sent already.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MailKind(models.TextChoices):
    MEETING_REMINDER = "meeting_reminder", _("Reminder a week before a meeting")
    PREPARER_REMINDER = "preparer_reminder", _("Reminder two weeks before a meeting you prepare")
    REPORT_PUBLISHED = "report_published", _("A meeting's report has been published")
    ABSENCE_DECISION = "absence_decision", _("The team leader's decision on your absence request")
    ABSENCE_REQUEST = "absence_request", _("A new absence request (team leaders)")


class MailOptOut(models.Model):
    """A kind of mail this person does not want. Without a row, the mail is on."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mail_opt_outs"
    )
    kind = models.CharField(max_length=30, choices=MailKind.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_opt_out_per_kind"),
        ]
        verbose_name = _("e-mail opt-out")
        verbose_name_plural = _("e-mail opt-outs")

    def __str__(self) -> str:
        return f"{self.user}: {self.get_kind_display()}"


class OutboxMessage(models.Model):
    """One e-mail to one person, queued until `send_mail` sends it (or skips it when the
    person turned this kind of mail off in the meantime)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        SENT = "sent", _("sent")
        SKIPPED = "skipped", _("not sent (turned off)")

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="outbox_messages"
    )
    kind = models.CharField(max_length=30, choices=MailKind.choices)
    #: The object and the occasion, e.g. "meeting-12-2027-03-02": a moved meeting is a new
    #: occasion and gets a new reminder; the same occasion never gets a second one.
    key = models.CharField(max_length=200)
    subject = models.CharField(max_length=255)
    template = models.CharField(max_length=100)
    context = models.JSONField(default=dict)
    #: [{"filename": …, "content": …, "mimetype": …}] (text content).
    attachments = models.JSONField(default=list)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    #: A run that took this message to send holds it until then; after a hard crash another
    #: run takes it once this has passed.
    claimed_until = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "kind", "key"], name="one_message_per_person_kind_key"
            ),
        ]
        indexes = [models.Index(fields=["status", "claimed_until"], name="outbox_pending")]
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")

    def __str__(self) -> str:
        return f"{self.person}: {self.subject}"
