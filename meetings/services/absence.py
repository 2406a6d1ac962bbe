"""Absence requests (afmeldverzoeken): a member asks, the team leader decides.

An approved request becomes the person's attendance row with status excused through
meetings/services/attendance.py (the one place attendance is written); a declined one
leaves them expected. The e-mails around it (the team leader's notice of a new request, the
decision to the person) go through `notify_new_request` and `notify_decision`.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meetings.models import AbsenceRequest, Meeting
from meetings.services import attendance
from plg.models import Membership, Team, User


def problem(meeting: Meeting, membership: Membership, today: datetime.date):
    """Why this member cannot ask absence for this meeting now (None: they can)."""
    if meeting.date < today:
        return _("This meeting has already taken place; absence is asked beforehand.")
    if meeting.attendance_fixed:
        return _("The attendance of this meeting has been closed.")
    if attendance.is_excused(meeting, membership.user):
        return _("Your absence for this meeting has already been approved.")
    if AbsenceRequest.objects.open().filter(meeting=meeting, user=membership.user_id).exists():
        return _("You have already asked absence for this meeting; the team leader decides.")
    return None


@transaction.atomic
def ask(
    *, meeting: Meeting, membership: Membership, reason: str, today: datetime.date
) -> AbsenceRequest:
    """The member asks the team leader for absence (raises ValidationError when they can't)."""
    message = problem(meeting, membership, today)
    if message is not None:
        raise ValidationError(message)
    request = AbsenceRequest.objects.create(
        meeting=meeting, user=membership.user, reason=reason.strip()
    )
    transaction.on_commit(lambda: notify_new_request(request))
    return request


@transaction.atomic
def decide(*, absence_request: AbsenceRequest, approve: bool, by: User) -> AbsenceRequest:
    """The team leader approves (the person is excused) or declines (they stay expected)."""
    locked = AbsenceRequest.objects.select_for_update().get(pk=absence_request.pk)
    if not locked.is_open:
        raise ValidationError(_("This request has already been decided."))
    meeting = absence_request.meeting
    if approve:
        if meeting.attendance_fixed:
            raise ValidationError(_("The attendance of this meeting has been closed."))
        attendance.excuse(meeting=meeting, user=locked.user, reason=locked.reason, by=by)
    locked.status = AbsenceRequest.Status.APPROVED if approve else AbsenceRequest.Status.DECLINED
    locked.decided_by = by
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "decided_by", "decided_at"])
    absence_request.status = locked.status
    absence_request.decided_by = by
    absence_request.decided_at = locked.decided_at
    transaction.on_commit(lambda: notify_decision(locked))
    return absence_request


def open_requests(team: Team) -> QuerySet[AbsenceRequest]:
    """The requests the team leader still has to decide, soonest meeting first."""
    return (
        AbsenceRequest.objects.open()
        .for_team(team)
        .select_related("user", "meeting__theme")
        .order_by("meeting__date", "created_at")
    )


def decided_requests(team: Team, *, limit: int = 20) -> list[AbsenceRequest]:
    return list(
        AbsenceRequest.objects.for_team(team)
        .exclude(status=AbsenceRequest.Status.OPEN)
        .select_related("user", "meeting__theme", "decided_by")
        .order_by("-decided_at")[:limit]
    )


def my_requests(meeting_ids, user: User) -> dict[int, AbsenceRequest]:
    """The user's latest request per meeting (for the meeting page and the dashboard)."""
    latest: dict[int, AbsenceRequest] = {}
    for row in AbsenceRequest.objects.filter(meeting__in=meeting_ids, user=user).order_by(
        "created_at"
    ):
        latest[row.meeting_id] = row
    return latest


# --- e-mail -----------------------------------------------------------------------------------


def notify_new_request(absence_request: AbsenceRequest) -> None:
    """The team leader's notice of a new request. Hook for the e-mail outbox
    (meetings/notifications.py); it sends nothing until the outbox is wired in here."""


def notify_decision(absence_request: AbsenceRequest) -> None:
    """The decision, to the person who asked. Hook for the e-mail outbox
    (meetings/notifications.py); it sends nothing until the outbox is wired in here."""
