"""Queue the reminders that are due and send the outbox: run it from cron, e.g. every
15 minutes (see the README, "E-mail"). Running it twice, or again after it stopped halfway,
sends every message once."""

from django.core.management.base import BaseCommand, CommandError

from meetings.notifications import send_pending
from meetings.services.reminders import queue_reminders


class Command(BaseCommand):
    help = "Queue the meeting reminders that are due and send every waiting e-mail once."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-reminders",
            action="store_true",
            help="Only send what is waiting in the outbox; queue no reminders.",
        )

    def handle(self, *args, no_reminders: bool = False, **options):
        queued = 0 if no_reminders else queue_reminders()
        result = send_pending()
        summary = (
            f"{queued} reminder(s) queued, {result.sent} sent, "
            f"{result.skipped} skipped (turned off), {result.failed} failed"
        )
        if result.error is not None:
            raise CommandError(f"{summary}: {result.error!r}; the rest waits for the next run")
        self.stdout.write(summary)
