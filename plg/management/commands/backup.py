"""`manage.py backup`: a consistent backup of the database into a folder (plg/backup.py)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone

from plg import backup


def default_folder() -> str:
    return str(getattr(settings, "BACKUP_DIR", Path(settings.BASE_DIR) / "backups"))


class Command(BaseCommand):
    help = (
        "Make a consistent backup of the database (SQLite: the online backup API; PostgreSQL: "
        "pg_dump --format=custom) into a folder, named after the time it was made."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dir", default=None, help="Folder for the backups (BACKUP_DIR).")
        parser.add_argument(
            "--keep", type=int, default=0, help="Keep only the newest N backups (0: keep all)."
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, **options):
        folder = Path(options["dir"] or default_folder())
        folder.mkdir(parents=True, exist_ok=True)
        connection = connections[options["database"]]
        now = timezone.localtime()
        try:
            if connection.vendor == "sqlite":
                connection.ensure_connection()
                path = folder / backup.backup_name(now, backup.SQLITE_SUFFIX)
                backup.sqlite_backup(connection.connection, path)
            elif connection.vendor == "postgresql":
                path = folder / backup.backup_name(now, backup.POSTGRES_SUFFIX)
                backup.postgres_backup(connection.settings_dict, path)
            else:
                raise CommandError(f"No backup for the {connection.vendor} database.")
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        path.chmod(0o600)  # names, absence reasons and case texts: for the server's eyes only
        for old in backup.prune(folder, options["keep"]):
            self.stdout.write(f"Deleted old backup {old}")
        self.stdout.write(self.style.SUCCESS(f"Backup written to {path}"))
