"""The exact number of database queries a request makes, after Zulip's
`assert_database_query_count` (zerver/lib/test_classes.py): a page that gains a query per row,
or a query nobody meant, fails its test with every query listed.

    with assert_query_count(7):
        client.get("/my/")

Savepoints are not counted, as in Zulip: they depend on whether the test itself runs in a
transaction, not on the code under test.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connections
from django.test.utils import CaptureQueriesContext

_SAVEPOINT = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")


def _counted(sql: str) -> bool:
    return not sql.lstrip().upper().startswith(_SAVEPOINT)


@contextmanager
def assert_query_count(count: int, *, using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Fail unless the block runs exactly `count` queries on the `using` database."""
    with CaptureQueriesContext(connections[using]) as captured:
        yield
    queries = [query["sql"] for query in captured.captured_queries if _counted(query["sql"])]
    if len(queries) != count:
        listing = "\n".join(f"#{number} {sql}" for number, sql in enumerate(queries, start=1))
        raise AssertionError(
            f"{count} queries expected, got {len(queries)}. Each page's count is checked so "
            f"that a query per row (N+1) or an unmeant query shows; if the change is meant, "
            f"update the number.\n{listing}"
        )
