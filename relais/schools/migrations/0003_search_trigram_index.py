"""On PostgreSQL, a trigram index on the search column, so that the substring tests of the school
search (LIKE '%word%') read the index instead of every row: "xyzzy" on 60 000 schools went from
21 ms to 2.5 ms in SQL (bench/schools.py). pg_trgm is a trusted extension (PostgreSQL 13+): a
database owner may create it. If it cannot be created, the search works without the index, only
slower, and the migration says so. SQLite has no such index: it reads the column of every row."""

from django.db import DatabaseError, migrations, transaction

INDEX = "schools_school_search_trgm"


def create(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DatabaseError as error:
        print(f"\n  pg_trgm unavailable ({error}): the school search will scan the table.")
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON schools_school "
        "USING gin (search_text gin_trgm_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("schools", "0002_search_words")]

    operations = [migrations.RunPython(create, drop)]
