"""When a stored PDF must be rendered again (meetings/services/pdfs.py renders and stores
them): a save or delete of anything a report's PDF shows (model signals, connected in
`connect`) or a service's UPDATE that sends no signal (`changed`, called by the reports
service's autosave) marks the year's stored PDFs pending and, once the transaction commits,
queues one render of the year (meetings/tasks.py). A change that bypasses both
(`QuerySet.update` in a shell) reaches the PDFs at the year's next change, or with
`manage.py render_pdfs`.

Kept apart from pdfs.py, which reads the reports service: the reports service calls this.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from django.utils.module_loading import import_string

from meetings.models import (
    Agreement,
    Attendance,
    EvaluationResponse,
    Meeting,
    Report,
    SchoolYear,
    StoredPdf,
    Theme,
)
from plg.models import Membership, Team

logger = logging.getLogger(__name__)

#: The task that renders a year's PDFs in the background (meetings/tasks.py).
RENDER_TASK = "meetings.tasks.render_year_pdfs"


def schedule_year(year_id: int) -> None:
    """Mark the year's stored PDFs pending (a published report without one yet gets a
    pending row, so its readers see it being made) and queue the render."""
    now = timezone.now()
    published = Report.objects.filter(
        meeting__school_year_id=year_id, status=Report.Status.PUBLISHED
    )
    StoredPdf.objects.filter(
        Q(report__meeting__school_year_id=year_id) | Q(school_year_id=year_id)
    ).update(pending_since=now)
    missing = published.filter(stored_pdf__isnull=True).values_list("pk", flat=True)
    rows = [StoredPdf(report_id=pk, pending_since=now) for pk in missing]
    if rows or published.exists():
        rows.append(StoredPdf(school_year_id=year_id, pending_since=now))
    StoredPdf.objects.bulk_create(rows, ignore_conflicts=True)
    _enqueue(year_id)


def _enqueue(year_id: int) -> None:
    # By its dotted path: the tasks module imports the workflows, not the other way round.
    import_string(RENDER_TASK).enqueue(year_id)


def changed(kind: str, pk: int | None) -> None:
    """Something of `kind` ("report", "meeting", "year", "theme", "team", "user") that PDFs
    show changed: once the transaction commits, the school years it appears in are
    rendered again. Several changes to one object in one transaction queue one render."""
    if pk is None:
        return
    key = (kind, pk)
    if connection.in_atomic_block:
        # Already queued for this commit by an earlier save that no savepoint rollback can
        # drop without dropping this one: that render sees this change too.
        savepoints = set(connection.savepoint_ids)
        if any(
            getattr(callback, "pdf_change", None) == key and sids <= savepoints
            for sids, callback, _robust in connection.run_on_commit
        ):
            return

    def on_commit() -> None:
        for year_id in _years(kind, pk):
            try:
                schedule_year(year_id)
            except Exception:  # a failing queue must not fail the change that was saved
                logger.exception("could not queue the PDFs of school year %s", year_id)

    on_commit.pdf_change = key
    transaction.on_commit(on_commit)


def _years(kind: str, pk: int) -> Iterable[int]:
    """The school years with a report in which the changed object appears."""
    years = SchoolYear.objects.filter(meetings__report__isnull=False)
    lookup = {
        "report": Q(meetings__report__pk=pk),
        "meeting": Q(meetings__pk=pk),
        "year": Q(pk=pk),
        "theme": Q(meetings__theme_id=pk),
        "team": Q(team_id=pk),
        "user": Q(team__memberships__user_id=pk),
    }[kind]
    year_ids = SchoolYear.objects.filter(lookup).values("pk")
    return sorted(set(years.filter(pk__in=year_ids).values_list("pk", flat=True)))


# --- what counts as a change ------------------------------------------------------------------

#: The fields of a person a PDF shows (saving last_login on every login is no change).
USER_FIELDS = {"first_name", "last_name", "email"}


def _on_report(sender, instance: Report, **kwargs) -> None:
    changed("meeting", instance.meeting_id)


def _on_meeting_child(sender, instance, **kwargs) -> None:
    changed("meeting", instance.meeting_id)


def _on_agreement(sender, instance: Agreement, **kwargs) -> None:
    changed("report", instance.report_id)


def _on_meeting(sender, instance: Meeting, **kwargs) -> None:
    changed("year", instance.school_year_id)


def _on_preparers(sender, instance, action: str, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        if isinstance(instance, Meeting):
            changed("year", instance.school_year_id)
        else:  # changed from the person's side
            changed("user", instance.pk)


def _on_year(sender, instance: SchoolYear, **kwargs) -> None:
    changed("year", instance.pk)


def _on_theme(sender, instance: Theme, **kwargs) -> None:
    changed("theme", instance.pk)


def _on_team(sender, instance: Team, **kwargs) -> None:
    changed("team", instance.pk)


def _on_membership(sender, instance: Membership, **kwargs) -> None:
    changed("team", instance.team_id)


def _on_user(sender, instance, update_fields=None, **kwargs) -> None:
    if update_fields is not None and not USER_FIELDS & set(update_fields):
        return
    changed("user", instance.pk)


def connect() -> None:
    """Connect the signals (MeetingsConfig.ready)."""
    uid = "stored_pdfs"
    for model in (Report,):
        post_save.connect(_on_report, sender=model, dispatch_uid=f"{uid}_report_save")
        post_delete.connect(_on_report, sender=model, dispatch_uid=f"{uid}_report_delete")
    for model in (Attendance, EvaluationResponse):
        name = model._meta.model_name
        post_save.connect(_on_meeting_child, sender=model, dispatch_uid=f"{uid}_{name}_save")
        post_delete.connect(_on_meeting_child, sender=model, dispatch_uid=f"{uid}_{name}_del")
    post_save.connect(_on_agreement, sender=Agreement, dispatch_uid=f"{uid}_agreement_save")
    post_delete.connect(_on_agreement, sender=Agreement, dispatch_uid=f"{uid}_agreement_del")
    post_save.connect(_on_meeting, sender=Meeting, dispatch_uid=f"{uid}_meeting_save")
    m2m_changed.connect(
        _on_preparers, sender=Meeting.preparers.through, dispatch_uid=f"{uid}_preparers"
    )
    post_save.connect(_on_year, sender=SchoolYear, dispatch_uid=f"{uid}_year_save")
    post_save.connect(_on_theme, sender=Theme, dispatch_uid=f"{uid}_theme_save")
    post_save.connect(_on_team, sender=Team, dispatch_uid=f"{uid}_team_save")
    post_save.connect(_on_membership, sender=Membership, dispatch_uid=f"{uid}_membership_save")
    post_save.connect(_on_user, sender=get_user_model(), dispatch_uid=f"{uid}_user_save")
