"""What the cases' migration tests share: migrating the test database to given nodes, and the
models as they were at a node of `cases` (the other apps at their latest)."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate(targets: list[tuple[str, str]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()  # what is applied now
    return executor


def latest() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def apps_at(executor: MigrationExecutor, node: tuple[str, str]) -> Any:
    others = [leaf for leaf in executor.loader.graph.leaf_nodes() if leaf[0] != node[0]]
    return executor.loader.project_state([*others, node]).apps
