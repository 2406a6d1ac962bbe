from django.core.management.base import BaseCommand

from meetings.services.retention import purge_case_texts


class Command(BaseCommand):
    help = (
        "Delete the situation and question of cases past their team's retention period "
        "(run daily from cron)."
    )

    def handle(self, *args, **options):
        count = purge_case_texts()
        self.stdout.write(f"Case texts removed: {count}.")
