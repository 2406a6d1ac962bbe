"""GIN indexes for the archive's full-text search on PostgreSQL (issue 10).

Each index is on exactly the expression meetings/services/archive.py searches
(SearchVector(*SEARCHED_FIELDS[model], config="dutch")), so PostgreSQL uses it. Other
databases (SQLite) search by substring and get no index: nothing happens there.
"""

from django.db import migrations

INDEXES = {
    "meetings_theme_search_nl": ("meetings_theme", ("title", "description")),
    "meetings_report_search_nl": ("meetings_report", ("text", "conclusions")),
    "meetings_groupnote_search_nl": ("meetings_groupnote", ("text",)),
}


def _vector(columns: tuple[str, ...]) -> str:
    # As Django writes SearchVector(*columns, config="dutch").
    joined = " || ' ' || ".join(f"COALESCE({column}, '')" for column in columns)
    return f"to_tsvector('dutch'::regconfig, {joined})"


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, (table, columns) in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({_vector(columns)})"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("meetings", "0017_stored_pdf")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
