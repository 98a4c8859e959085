"""The scheduler's rules, without a worker: one queued run per turn, none while one waits."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from relais.proofs.tasks import sign_tree_head
from relais.worker.schedule import enqueue_due


def signs() -> int:
    return DBTaskResult.objects.filter(task_path=sign_tree_head.module_path).count()


def test_a_turn_is_taken_once(db):
    now = timezone.now()
    assert "proofs.sign" in enqueue_due(now=now)
    assert enqueue_due(now=now) == []  # a second worker at the same instant
    assert signs() == 1


def test_no_new_run_while_one_waits(db, settings):
    settings.PROOFS_SIGN_INTERVAL = 2
    now = timezone.now()
    enqueue_due(now=now)
    assert "proofs.sign" not in enqueue_due(now=now + timedelta(seconds=3))
    assert signs() == 1


def test_the_next_turn_comes_after_the_interval(db, settings):
    settings.PROOFS_SIGN_INTERVAL = 2
    now = timezone.now()
    enqueue_due(now=now)
    DBTaskResult.objects.update(status="SUCCESSFUL", finished_at=now)
    assert "proofs.sign" not in enqueue_due(now=now + timedelta(seconds=1))
    assert "proofs.sign" in enqueue_due(now=now + timedelta(seconds=2))
    assert signs() == 2
