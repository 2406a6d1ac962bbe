"""`manage.py restore FILE`: put a backup made by `manage.py backup` back (plg/backup.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from plg import backup


class Command(BaseCommand):
    help = (
        "Replace the database with a backup made by `manage.py backup` (a .sqlite3 file for "
        "SQLite, a .dump file for PostgreSQL). Everything written since the backup is lost: "
        "stop the app first."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The backup file.")
        parser.add_argument(
            "--yes", action="store_true", help="Do not ask: replace the database right away."
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path} does not exist.")
        connection = connections[options["database"]]
        expected = backup.SQLITE_SUFFIX if connection.vendor == "sqlite" else backup.POSTGRES_SUFFIX
        if path.suffix != expected:
            raise CommandError(
                f"A {connection.vendor} database is restored from a {expected} file."
            )
        if not options["yes"]:
            answer = input(f"Replace the database with {path}? Type 'yes' to go on: ")
            if answer.strip().lower() != "yes":
                raise CommandError("Nothing restored.")
        try:
            if connection.vendor == "sqlite":
                connection.ensure_connection()
                backup.sqlite_restore(path, connection.connection)
            else:
                connection.close()
                backup.postgres_restore(connection.settings_dict, path)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Database restored from {path}"))
