"""The archive's full-text search on PostgreSQL reads a stored tsvector (issue 10).

0018 indexed the expression the search computed (to_tsvector of the searched fields). For
one team's rows PostgreSQL prefers filtering by team and computing to_tsvector for each of
them, which for a team's reports (long texts) took about 1.3 ms a report, twice per search
(the count and the page): 48× the trivial view with five years of history. Each searched
table gets a generated column `search_nl` (the same to_tsvector, computed when a row is
written, never read by the ORM) with the GIN index of 0018's name on it;
meetings/services/archive.py searches that column. Other databases (SQLite) search by
substring: nothing happens there.
"""

from django.db import migrations

TABLES = {
    "meetings_theme_search_nl": ("meetings_theme", ("title", "description")),
    "meetings_report_search_nl": ("meetings_report", ("text", "conclusions")),
    "meetings_groupnote_search_nl": ("meetings_groupnote", ("text",)),
}


def _vector(columns: tuple[str, ...]) -> str:
    joined = " || ' ' || ".join(f"COALESCE({column}, '')" for column in columns)
    return f"to_tsvector('dutch'::regconfig, {joined})"


def add_columns(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for index, (table, columns) in TABLES.items():
        schema_editor.execute(f"DROP INDEX IF EXISTS {index}")
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN search_nl tsvector "
            f"GENERATED ALWAYS AS ({_vector(columns)}) STORED"
        )
        schema_editor.execute(f"CREATE INDEX {index} ON {table} USING gin (search_nl)")


def drop_columns(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for index, (table, columns) in TABLES.items():
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_nl")
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {index} ON {table} USING gin ({_vector(columns)})"
        )


class Migration(migrations.Migration):
    dependencies = [("meetings", "0020_evaluation_meeting")]

    operations = [migrations.RunPython(add_columns, drop_columns)]
