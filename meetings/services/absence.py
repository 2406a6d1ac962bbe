"""Absence requests (afmeldverzoeken): a member asks, the team leader decides.

An approved request becomes the person's attendance row with status excused through
meetings/services/attendance.py (the one place attendance is written); a declined one
leaves them expected. The e-mails around it (the team leader's notice of a new request, the
decision to the person) are queued in the outbox after the commit and sent by send_mail.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from meetings.models import AbsenceRequest, MailKind, Meeting
from meetings.notifications import Mail, absolute_url, queue, queue_many
from meetings.services import attendance
from meetings.services.reminders import meeting_context
from plg.models import Membership, Role, Team, User


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


def notify_new_request(absence_request: AbsenceRequest) -> int:
    """The team leader's notice of a new request, queued in the outbox (sent by send_mail)."""
    meeting = _with_team(absence_request.meeting)
    team = meeting.school_year.team
    leaders = [
        m.user
        for m in Membership.objects.active().for_team(team).select_related("user")
        if m.role == Role.TEAM_LEADER
    ]
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            **meeting_context(meeting),
            "requester": absence_request.user.get_full_name(),
            "reason": absence_request.reason,
            "url": absolute_url(reverse("absence_requests", args=[team.slug])),
        }
        subject = _("%(requester)s asks for absence from %(meeting)s") % context
    return queue_many(
        Mail(
            leader,
            MailKind.ABSENCE_REQUEST,
            f"absence-request-{absence_request.pk}",
            str(subject),
            "absence_request",
            context,
        )
        for leader in leaders
    )


def notify_decision(absence_request: AbsenceRequest) -> bool:
    """The team leader's decision, to the person who asked, queued in the outbox."""
    meeting = _with_team(absence_request.meeting)
    team = meeting.school_year.team
    approved = absence_request.status == AbsenceRequest.Status.APPROVED
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            **meeting_context(meeting),
            "leader": absence_request.decided_by.get_full_name(),
            "approved": approved,
            "url": absolute_url(reverse("meeting_detail", args=[team.slug, meeting.pk])),
        }
        if approved:
            subject = _("Your absence from %(meeting)s has been approved") % context
        else:
            subject = _("Your absence from %(meeting)s has been declined") % context
    return queue(
        absence_request.user,
        MailKind.ABSENCE_DECISION,
        f"absence-decision-{absence_request.pk}",
        str(subject),
        "absence_decision",
        context,
    )


def _with_team(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_related("theme", "school_year__team").get(pk=meeting.pk)
