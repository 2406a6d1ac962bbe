"""The app's background tasks (Django's Tasks API, django-tasks; the backend is chosen by
PLG_TASKS in plg/settings.py, see plg/tasks.py). Start one with
`plg.tasks.enqueue_on_commit("meetings.tasks.NAME", …)` inside the transaction of the
change; arguments and return values are JSON (ids, not objects)."""

from __future__ import annotations

from django_tasks import task

from meetings.notifications import send_pending
from meetings.services import pdfs


@task()
def send_outbox() -> dict:
    """Send what waits in the e-mail outbox (meetings/notifications.py): enqueued when a
    message is queued, so it goes out within seconds; `manage.py send_mail` (cron) also
    queues the reminders and sends whatever a lost task left. Each message is sent once,
    however many of these run at the same time."""
    result = send_pending()
    return {
        "sent": result.sent,
        "skipped": result.skipped,
        "failed": result.failed,
        "error": repr(result.error) if result.error is not None else None,
    }


@task()
def render_year_pdfs(year_id: int) -> dict:
    """Render the stored PDFs of a school year that changed (its reports and its bundle;
    meetings/services/pdfs.py), queued after a change to anything they show. Safe to run
    twice or at the same time: a PDF whose HTML did not change is not rendered again."""
    return {"year": year_id, "rendered": pdfs.render_year(year_id)}
