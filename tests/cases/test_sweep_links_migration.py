"""Migration cases.0009: the runs written before the sweep linked its e-mails to their schools
are marked unlinked (their pages read as before), every later run is linked; and back."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from relais.cases.models import DeadlineSweep

BEFORE = ("cases", "0008_sweep_reminders")


def _migrate(target: list[tuple[str, str]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(target)
    executor.loader.build_graph()
    return executor


@pytest.mark.django_db(transaction=True)
def test_earlier_runs_are_unlinked_and_later_ones_linked():
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    now = timezone.now()
    try:
        executor = _migrate([BEFORE])
        others = [node for node in executor.loader.graph.leaf_nodes() if node[0] != "cases"]
        old = executor.loader.project_state([*others, BEFORE]).apps
        old.get_model("cases", "DeadlineSweep").objects.create(
            since=now - timedelta(days=2), through=now - timedelta(days=1), ran_at=now
        )

        _migrate(latest)

        assert list(DeadlineSweep.objects.values_list("linked", flat=True)) == [False]
        later = DeadlineSweep.objects.create(since=now - timedelta(days=1), through=now, ran_at=now)
        assert later.linked is True
        _migrate([BEFORE])  # and back
    finally:
        _migrate(latest)
