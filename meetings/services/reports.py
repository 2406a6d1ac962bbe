"""The fase-6 verslag after the meeting: writing it (autosaved, never silently overwritten),
agreements, publishing, the teamoverleg date, and the phase 6 evaluation it summarises.

The body (`Report.text`) is drafted from the run notes when the meeting closes
(meetings.services.running.draft_report_text); theme, date, attendance, the evaluation and
the next meeting are not copied into it but read from the data, so they stay right when
the plan or the answers change after the draft was made.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from statistics import mean

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from meetings import report_text
from meetings.models import (
    Agreement,
    EvaluationReceipt,
    EvaluationResponse,
    MailKind,
    Meeting,
    MeetingRun,
    Report,
    ReportRevision,
    SchoolYear,
)
from meetings.notifications import Mail, absolute_url, queue_many
from meetings.services import attendance, followup, pdf_changes
from meetings.services.autosave import save_versioned
from meetings.services.reminders import meeting_context
from meetings.services.running import draft_report_text
from plg.models import Membership, User
from plg.prepared import Prepared

#: The report's autosaved texts and the version field that guards each of them.
EDITABLE_FIELDS = {"text": "version", "conclusions": "conclusions_version"}
EXPERIENCE_SCORES = (1, 2, 3, 4, 5)


class AlreadyAnswered(Exception):
    """This person has already answered the evaluation of this meeting."""


# --- writing ----------------------------------------------------------------------------------


@transaction.atomic
def save_report_field(
    *, report: Report, field_name: str, text: str, version: int, by: User | None = None
) -> Report:
    """Save the body or the conclusions only if nobody saved them since `version` was read;
    raises EditConflict otherwise (meetings/services/autosave.py). A change to a published
    report is kept in its trail (record_revision)."""
    before = (
        Report.objects.select_for_update().filter(pk=report.pk).values_list(field_name, "status")
    ).first()
    saved = save_versioned(
        report,
        text_field=field_name,
        version_field=EDITABLE_FIELDS[field_name],
        text=text,
        version=version,
    )
    if before is not None and before[1] == Report.Status.PUBLISHED:
        record_revision(report=saved, field=field_name, old=before[0], new=text, by=by)
        pdf_changes.changed("report", report.pk)  # an UPDATE sends no signal
    return saved


#: Saves by one person in one field within this time are one revision in the trail.
COALESCE_WINDOW = datetime.timedelta(minutes=10)


def record_revision(
    *,
    report: Report,
    field: str,
    old: str,
    new: str,
    by: User | None,
    now: datetime.datetime | None = None,
) -> ReportRevision | None:
    """Keep a change to a published report in its trail: who, when, from what to what.
    Autosave writes every few seconds, so a save by the same person in the same field
    within COALESCE_WINDOW of their last one extends that revision (it keeps the text from
    before the burst). A save that changes nothing is not a revision."""
    if old == new:
        return None
    now = now or timezone.now()
    if field != ReportRevision.Field.AGREEMENT:
        last = (
            ReportRevision.objects.select_for_update()
            .filter(report=report, field=field, author=by, at__gte=now - COALESCE_WINDOW)
            .order_by("-at", "-pk")
            .first()
        )
        if last is not None:
            if last.old_text == new:  # typed back to where the burst began
                last.delete()
                return None
            last.new_text, last.at = new, now
            last.save(update_fields=["new_text", "at"])
            return last
    return ReportRevision.objects.create(
        report=report, field=field, old_text=old, new_text=new, author=by, started_at=now, at=now
    )


def _agreement_line(agreement: Agreement) -> str:
    due = f" ({date_format(agreement.due, 'j F Y')})" if agreement.due else ""
    return f"{agreement.what} – {agreement.who}{due}"


def revisions(report: Report) -> list[ReportRevision]:
    """The report's trail, newest first, for its writers and the team leader."""
    return _REVISIONS(report=report.pk)


_REVISIONS = Prepared(  # plg/prepared.py
    lambda report: ReportRevision.objects.filter(report_id=report).select_related("author"),
    report=int,
)


def redraft_report(*, report: Report) -> bool:
    """Draft the body again from the notes (group leaders may finish them after closing),
    but only while nobody has edited it: an edited text is never replaced."""
    updated = Report.objects.filter(pk=report.pk, version=0).update(
        text=draft_report_text(report.meeting), updated_at=timezone.now()
    )
    report.refresh_from_db()
    if updated and report.status == Report.Status.PUBLISHED:
        pdf_changes.changed("report", report.pk)  # an UPDATE sends no signal
    return bool(updated)


@transaction.atomic
def add_agreement(
    *,
    report: Report,
    what: str,
    who: str,
    due: datetime.date | None,
    by: User | None = None,
) -> Agreement:
    owner = followup.agreement_owner(team=report.meeting.school_year.team, who=who)
    agreement = Agreement.objects.create(report=report, what=what, who=who, due=due, owner=owner)
    report.save(update_fields=["updated_at"])  # a new PDF version
    if report.status == Report.Status.PUBLISHED:
        line = _agreement_line(agreement)
        record_revision(
            report=report, field=ReportRevision.Field.AGREEMENT, old="", new=line, by=by
        )
    return agreement


@transaction.atomic
def delete_agreement(*, agreement: Agreement, by: User | None = None) -> None:
    report = agreement.report
    line = _agreement_line(agreement)
    agreement.delete()
    report.save(update_fields=["updated_at"])
    if report.status == Report.Status.PUBLISHED:
        record_revision(
            report=report, field=ReportRevision.Field.AGREEMENT, old=line, new="", by=by
        )


@transaction.atomic
def publish_report(*, report: Report, by: User, now: datetime.datetime | None = None) -> None:
    """Publish to the whole team. Publishing again keeps the first date and publisher.

    The notice to the team is queued in the same transaction (sent later by send_mail)."""
    if report.status == Report.Status.PUBLISHED:
        return
    report.status = Report.Status.PUBLISHED
    report.published_at = now or timezone.now()
    report.published_by = by
    report.save(update_fields=["status", "published_at", "published_by", "updated_at"])
    queue_report_notice(report=report, by=by)


def queue_report_notice(*, report: Report, by: User | None) -> int:
    """The notice "the report is published" to every active member but the publisher."""
    meeting = Meeting.objects.select_related("theme", "school_year__team").get(pk=report.meeting_id)
    team = meeting.school_year.team
    people = [
        m.user
        for m in Membership.objects.active().for_team(team).select_related("user")
        if by is None or m.user_id != by.pk
    ]
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            **meeting_context(meeting),
            "report_url": absolute_url(reverse("report_detail", args=[team.slug, meeting.pk])),
            "published_by": by.get_full_name() if by else "",
        }
        subject = _("The report of %(meeting)s has been published") % context
    return queue_many(
        Mail(
            person,
            MailKind.REPORT_PUBLISHED,
            f"report-{report.pk}",
            subject,
            "report_published",
            context,
        )
        for person in people
    )


def mark_discussed(*, report: Report, on: datetime.date | None) -> None:
    """The date the team discussed the report in the teamoverleg (None: not yet)."""
    report.discussed_on = on
    report.save(update_fields=["discussed_on", "updated_at"])


# --- the evaluation ---------------------------------------------------------------------------


def evaluation_is_open(run: MeetingRun | None) -> bool:
    """From the start of the meeting on (it is filled in during phase 6, or just after)."""
    return run is not None and run.started_at is not None


def has_answered(*, meeting: Meeting, user: User) -> bool:
    return EvaluationReceipt.objects.filter(meeting=meeting, user=user).exists()


@transaction.atomic
def submit_evaluation(
    *,
    meeting: Meeting,
    user: User,
    experience: int,
    learning: str = "",
    method: str = "",
    bothers: str = "",
    signed: bool = False,
) -> EvaluationResponse:
    """Record one answer. The receipt (who answered) and the answer (what) are kept apart,
    so an unsigned answer cannot be traced to its author: the answer has no time and a
    random id, and the meeting's answers are stored again in a shuffled order, so not even
    the order of the rows in the database (or a backup) follows the order of the receipts.

    Raises AlreadyAnswered on a second answer; nothing is saved then.
    """
    # One submission per meeting at a time: the shuffle rewrites the meeting's answers.
    list(Meeting.objects.select_for_update().filter(pk=meeting.pk).values_list("pk"))
    try:
        with transaction.atomic():
            EvaluationReceipt.objects.create(meeting=meeting, user=user)
    except IntegrityError as error:
        raise AlreadyAnswered from error
    answer = EvaluationResponse(
        meeting=meeting,
        experience=experience,
        learning=learning.strip(),
        method=method.strip(),
        bothers=bothers.strip(),
        respondent=user if signed else None,
    )
    _store_shuffled(meeting, answer)
    return answer


def _store_shuffled(meeting: Meeting, answer: EvaluationResponse) -> None:
    """Store `answer` with the meeting's other answers, all of them in a random order."""
    answers = [*EvaluationResponse.objects.filter(meeting=meeting), answer]
    random.SystemRandom().shuffle(answers)
    EvaluationResponse.objects.filter(meeting=meeting).delete()
    EvaluationResponse.objects.bulk_create(answers)


@dataclass
class Remark:
    text: str
    signed_by: User | None = None


@dataclass
class EvaluationSummary:
    """The answers of one meeting: how many, the average and distribution of the 1–5
    experience, and the texts per question (signed ones with the name)."""

    count: int = 0
    average: float | None = None
    distribution: list[tuple[int, int, int]] = field(default_factory=list)
    learning: list[Remark] = field(default_factory=list)
    method: list[Remark] = field(default_factory=list)
    bothers: list[Remark] = field(default_factory=list)

    @classmethod
    def of(cls, answers: list[EvaluationResponse]) -> EvaluationSummary:
        scores = [a.experience for a in answers]
        counts = {score: scores.count(score) for score in EXPERIENCE_SCORES}
        most = max(counts.values(), default=0) or 1
        return cls(
            count=len(answers),
            average=round(mean(scores), 1) if scores else None,
            # (score, number of answers, bar length in steps of 5 % of the largest)
            distribution=[(s, counts[s], 5 * round(20 * counts[s] / most)) for s in counts],
            learning=_remarks(answers, "learning"),
            method=_remarks(answers, "method"),
            bothers=_remarks(answers, "bothers"),
        )

    @property
    def sections(self) -> list[tuple[str, list[Remark]]]:
        return [("learning", self.learning), ("method", self.method), ("bothers", self.bothers)]


def _remarks(answers: list[EvaluationResponse], name: str) -> list[Remark]:
    return [Remark(getattr(a, name), a.respondent) for a in answers if getattr(a, name).strip()]


# --- what a report shows ----------------------------------------------------------------------


#: Who was expected and who was not there (names for the team leader only: the templates
#: show `absentees` to the team leader, everyone else sees the counts).
AttendanceSummary = attendance.MeetingAttendance


@dataclass
class ReportContents:
    """Everything a report page or PDF shows, read in a fixed number of queries."""

    report: Report
    meeting: Meeting
    body: list[report_text.Block]
    conclusions: list[report_text.Block]
    agreements: list[Agreement]
    attendance: AttendanceSummary
    evaluation: EvaluationSummary
    next_meeting: Meeting | None

    @property
    def theme(self) -> str:
        return str(self.meeting.theme or self.meeting.get_kind_display())


def agreements_in_order(report: Report | None = None):
    """Dated agreements first, soonest first, then those without a date (on every database)."""
    agreements = Agreement.objects.in_order()
    return agreements if report is None else agreements.filter(report=report)


def reports_with_details():
    return Report.objects.with_details()


_YEAR_MEETINGS = Prepared(  # plg/prepared.py
    lambda year: (
        Meeting.objects.filter(school_year_id=year).select_related("theme").order_by("number")
    ),
    year=int,
)


def report_contents(reports: list[Report]) -> list[ReportContents]:
    """The contents of reports of one school year (load them with reports_with_details).

    Seven queries at most, however many reports, members and answers there are.
    """
    if not reports:
        return []
    meetings = [r.meeting for r in reports]
    year = meetings[0].school_year
    attendance_of = attendance.for_meetings(meetings)
    answers: dict[int, list[EvaluationResponse]] = {m.pk: [] for m in meetings}
    for answer in EvaluationResponse.objects.filter(meeting__in=meetings).select_related(
        "respondent"
    ):
        answers[answer.meeting_id].append(answer)
    year_meetings = _YEAR_MEETINGS(year=year.pk)
    return [
        ReportContents(
            report=r,
            meeting=r.meeting,
            body=report_text.parse(r.text),
            conclusions=report_text.parse(r.conclusions),
            agreements=list(r.agreements.all()),
            attendance=attendance_of[r.meeting.pk],
            evaluation=EvaluationSummary.of(answers[r.meeting.pk]),
            next_meeting=next((m for m in year_meetings if m.number > r.meeting.number), None),
        )
        for r in reports
    ]


def published_reports(year: SchoolYear) -> list[Report]:
    """The year's published reports in meeting order, for the list and the year bundle."""
    return list(
        reports_with_details()
        .filter(meeting__school_year=year, status=Report.Status.PUBLISHED)
        .order_by("meeting__number")
    )
