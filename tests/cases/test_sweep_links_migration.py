"""Migration cases.0009: the runs written before the sweep linked its e-mails to their schools
are marked unlinked (their pages read as before), every later run is linked; and back."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from relais.cases.models import DeadlineSweep
from tests.cases.migration_support import apps_at, latest, migrate

BEFORE = ("cases", "0008_sweep_reminders")


@pytest.mark.django_db(transaction=True)
def test_earlier_runs_are_unlinked_and_later_ones_linked():
    latest_nodes = latest()
    now = timezone.now()
    try:
        old = apps_at(migrate([BEFORE]), BEFORE)
        old.get_model("cases", "DeadlineSweep").objects.create(
            since=now - timedelta(days=2), through=now - timedelta(days=1), ran_at=now
        )

        migrate(latest_nodes)

        assert list(DeadlineSweep.objects.values_list("linked", flat=True)) == [False]
        later = DeadlineSweep.objects.create(since=now - timedelta(days=1), through=now, ran_at=now)
        assert later.linked is True
        migrate([BEFORE])  # and back
    finally:
        migrate(latest_nodes)
