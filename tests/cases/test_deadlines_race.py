"""Sweeps at the same moment (the worker and a cron's `relais cases_sweep`, or two workers): each
claims the window that starts where the last run stopped, `since` is unique, so one does the
work and the others do nothing; no school gets two e-mails. PostgreSQL only: on SQLite the
sweep's transaction takes the write lock first (IMMEDIATE), so sweeps run one after the other,
which tests/cases/test_deadlines_crash.py's processes go through."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from relais.audit.models import AuditAction, AuditEvent
from relais.cases.deadlines import sweep
from relais.cases.models import DeadlineSweep
from relais.notices.models import OutboxKind, OutboxMessage
from tests.cases.sweep_support import open_case_at, sweep_packs  # noqa: F401
from tests.factories import SchoolFactory


@pytest.mark.only_on("postgresql")
@pytest.mark.django_db(transaction=True)
def test_sweeps_at_once_remind_each_school_once(sweep_packs: Any) -> None:  # noqa: F811
    opened = timezone.now() - timedelta(days=10)
    schools = [SchoolFactory() for _ in range(3)]
    for school in schools:
        open_case_at(school, opened, "2026-1")
    now = timezone.now()
    start = threading.Barrier(4)
    reports: list[Any] = []

    def run() -> None:
        try:
            start.wait()
            reports.append(sweep(now))
        except BaseException as error:  # shown by the assertion below
            reports.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(getattr(r, "emails", r) for r in reports) == [0, 0, 0, 3]
    assert DeadlineSweep.objects.count() == 1
    sent_to = sorted(m.to_email for m in OutboxMessage.objects.filter(kind=OutboxKind.REMINDER))
    assert sent_to == sorted(school.direction_email for school in schools)
    assert AuditEvent.objects.filter(action=AuditAction.CASE_STEP_REMINDED).count() == 3
