"""Several writes in one round trip, through prepared statements.

The proof log's writes run inside every proof-worthy request, so their cost is the log's cost.
On PostgreSQL a list of INSERT and UPDATE statements goes as one statement, the others as
data-modifying WITH clauses (each runs exactly once and to completion, and foreign keys are
checked at the end of the whole statement); SQLite, in process, runs them one by one.

On PostgreSQL the log's statements go through a server-side binding cursor (`cursor()`), so that
psycopg prepares each after a few runs (settings.DATABASES' prepare_threshold): the server then
neither parses nor plans them again. Django's own cursors bind on the client side and never
prepare; these few statements, run in every signed alert, are where it pays (measured in
bench/proofs.py: about 0.4 ms of PostgreSQL time and 0.25 ms of Python per alert).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, NamedTuple

from django.db import connection, models
from django.db.models.sql import InsertQuery

# Past this many parameters, statements go one by one (PostgreSQL accepts 65,535 per statement;
# the large sequencing rounds of the signer are far past one round trip's worth anyway).
ONE_STATEMENT_PARAMS = 4000


class Write(NamedTuple):
    name: str  # a WITH clause name; a statement that others read ends with "RETURNING id"
    sql: str
    params: list[Any]


@contextmanager
def cursor() -> Iterator[Any]:
    """A cursor for the log's statements: on PostgreSQL one that binds parameters on the server,
    so that its statements can be prepared (Django's query logging and execute wrappers still
    see them); elsewhere Django's usual cursor."""
    if connection.vendor != "postgresql":
        with connection.cursor() as plain:
            yield plain
        return
    # Django's own class for server-side binding (used when OPTIONS' server_side_binding is on),
    # wrapped as Django wraps its cursors; django-stubs declares neither.
    from django.db.backends.postgresql.base import ServerBindingCursor  # type: ignore[attr-defined]

    connection.ensure_connection()
    raw = ServerBindingCursor(connection.connection)
    with connection._prepare_cursor(raw) as bound:  # type: ignore[attr-defined]
        yield bound


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
