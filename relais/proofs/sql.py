"""Several writes in one round trip, through prepared statements.

The proof log's writes run inside every proof-worthy request, so their cost is the log's cost.
On PostgreSQL a list of INSERT and UPDATE statements goes as one statement, the others as
data-modifying WITH clauses (each runs exactly once and to completion, and foreign keys are
checked at the end of the whole statement); SQLite, in process, runs them one by one.

On PostgreSQL the log's statements go through `cursor()`, which binds parameters on the server
and prepares each statement at its first run on a connection: the server no longer parses it, and
after a few runs plans it from its cache. Django's own cursors bind on the client side and never
prepare.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, NamedTuple

from django.conf import settings
from django.db import connection, models
from django.db.models.sql import InsertQuery

# Past this many parameters, statements go one by one (PostgreSQL accepts 65,535 per statement;
# the large sequencing rounds of the signer are far past one round trip's worth anyway).
ONE_STATEMENT_PARAMS = 4000


class Write(NamedTuple):
    name: str  # a WITH clause name; a statement that others read ends with "RETURNING id"
    sql: str
    params: list[Any]


# The log's statements carry a few dozen parameters; the signer's batches, thousands. Only the
# former repeat often enough to be worth a prepared statement's memory on the server.
PREPARE_MAX_PARAMS = 200


@functools.cache
def _prepared_cursor_class() -> type:
    # Django's own class for server-side binding (what OPTIONS' server_side_binding selects);
    # django-stubs does not declare it. Imported here: SQLite installations never need it.
    from django.db.backends.postgresql.base import ServerBindingCursor  # type: ignore[attr-defined]

    class PreparedCursor(ServerBindingCursor):
        """Prepares each small statement at its first run. Django opens its connections with
        psycopg's prepare_threshold=None, which turns preparing off for the whole connection
        (and keeps psycopg from counting, and holding in memory, the text of every ORM query
        with its values); the threshold is lifted for this cursor's statements alone."""

        def execute(self, query: Any, params: Any = None, **kwargs: Any) -> Any:
            if params is not None and len(params) > PREPARE_MAX_PARAMS:
                return super().execute(query, params, **kwargs)
            owner = self.connection
            threshold = owner.prepare_threshold
            owner.prepare_threshold = 0
            try:
                return super().execute(query, params, prepare=True, **kwargs)
            finally:
                owner.prepare_threshold = threshold

    return PreparedCursor


@contextmanager
def cursor() -> Iterator[Any]:
    """A cursor for the log's statements. On PostgreSQL it binds parameters on the server and
    prepares each statement at its first run on a connection, so that the server does not parse
    it again (settings.PROOFS_PREPARED_STATEMENTS). Elsewhere, with preparing off, or while
    Django logs queries (DEBUG, tests that capture queries: psycopg does not give back the text
    of a prepared statement), it is Django's usual cursor. Nothing read through it may be a
    datetime: Django sets up its time zone loader on its own cursors only."""
    if (
        connection.vendor != "postgresql"
        or not settings.PROOFS_PREPARED_STATEMENTS
        or connection.queries_logged
    ):
        with connection.cursor() as plain:
            yield plain
        return
    connection.close_if_health_check_failed()  # as Django's own connection.cursor() does
    connection.ensure_connection()
    with connection.wrap_database_errors:
        raw = _prepared_cursor_class()(connection.connection)
    with connection._prepare_cursor(raw) as prepared:  # type: ignore[attr-defined]
        yield prepared


def with_clauses(statements: list[Write]) -> tuple[str, list[Any]]:
    """ "WITH name AS (sql), ..." and its parameters, to put before a PostgreSQL query."""
    clauses = ", ".join(f"{statement.name} AS ({statement.sql})" for statement in statements)
    return f"WITH {clauses}", [value for statement in statements for value in statement.params]


def write(statements: list[Write], returning: tuple[str, ...] = ()) -> dict[str, Any]:
    """Run the statements in order; return the id each statement named in `returning` gave
    (None when it wrote no row, as an INSERT ... ON CONFLICT DO NOTHING may, or is not in the
    list)."""
    found: dict[str, Any] = dict.fromkeys(returning)
    returning = tuple(name for name in returning if any(s.name == name for s in statements))
    total = sum(len(statement.params) for statement in statements)
    with cursor() as db:
        if connection.vendor == "postgresql" and total <= ONE_STATEMENT_PARAMS:
            prefix, params = with_clauses(statements)
            select = ", ".join(f"(SELECT id FROM {name})" for name in returning) or "1"  # noqa: S608
            db.execute(f"{prefix} SELECT {select}", params)
            if returning:
                found.update(zip(returning, db.fetchone(), strict=True))
            return found
        for statement in statements:
            # A link row reads the entry's id from its WITH clause on PostgreSQL (entries.py):
            # it must travel in one statement with it, which its few parameters always allow.
            assert statement.name != "link" or connection.vendor != "postgresql"
            db.execute(statement.sql, statement.params)
            if statement.name in returning:
                row = db.fetchone()
                found[statement.name] = row[0] if row else None
    return found


def insert_of(obj: models.Model, name: str) -> Write:
    """The INSERT that saving this new object would run (defaults and auto_now_add applied, values
    adapted as the ORM adapts them), as a Write to send along with the log's own statements.

    Unlike save(), no pre_save/post_save signal fires and no save() override runs (the models
    written this way, Alert and AuditEvent, have neither), an id the database generates is not
    read back, and the object counts as saved once the caller's write has run."""
    meta = obj._meta
    fields = [field for field in meta.local_concrete_fields if not field.generated]
    if obj.pk is None and meta.pk in fields and getattr(meta.pk, "db_returning", False):
        fields.remove(meta.pk)
    query = InsertQuery(type(obj))
    query.insert_values(fields, [obj])
    [(statement, params)] = query.get_compiler(connection=connection).as_sql()
    obj._state.adding = False
    obj._state.db = connection.alias
    return Write(name, statement, list(params))
