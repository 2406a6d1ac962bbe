import datetime

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from plg.models import AuditEntry


class Command(BaseCommand):
    help = "Remove audit log entries older than AUDIT_RETENTION_DAYS (run daily from cron)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Keep this many days instead of the AUDIT_RETENTION_DAYS setting.",
        )

    def handle(self, *args, **options):
        days = options["days"] if options["days"] is not None else settings.AUDIT_RETENTION_DAYS
        cutoff = timezone.now() - datetime.timedelta(days=days)
        count, _ = AuditEntry.objects.filter(at__lt=cutoff).delete()
        self.stdout.write(f"Audit entries removed: {count}.")
