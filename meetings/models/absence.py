"""An absence request (afmeldverzoek): attendance is compulsory, so a member who cannot come
asks the team leader, who approves or declines. The reason stays between the two of them
(meetings/access.py). An approved request becomes the person's attendance row with status
excused through meetings/services/attendance.py; a declined one leaves them expected.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from meetings.models.planning import Meeting

REASON_MAX_LENGTH = 200  # the attendance row's reason


class AbsenceRequestQuerySet(models.QuerySet["AbsenceRequest"]):
    def open(self) -> AbsenceRequestQuerySet:
        return self.filter(status=AbsenceRequest.Status.OPEN)

    def for_team(self, team) -> AbsenceRequestQuerySet:
        return self.filter(meeting__school_year__team=team)


class AbsenceRequest(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("awaiting the team leader")
        APPROVED = "approved", _("approved")
        DECLINED = "declined", _("declined")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="absence_requests")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="absence_requests"
    )
    reason = models.CharField(_("reason"), max_length=REASON_MAX_LENGTH)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AbsenceRequestQuerySet.as_manager()

    class Meta:
        ordering = ["meeting__date", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user"],
                condition=models.Q(status="open"),
                name="one_open_absence_request",
            )
        ]
        verbose_name = _("absence request")
        verbose_name_plural = _("absence requests")

    def __str__(self) -> str:
        return f"{self.user} – {self.meeting}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN
