"""Each recurring job: the scheduler queues it when due, a worker runs it once, and it is not
queued again before its next turn. `relais worker --once` is one round of a worker."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from io import StringIO
from typing import Any

from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks.base import Task
from django_tasks_db.models import DBTaskResult

from relais.evidence import tasks as evidence
from relais.evidence.models import EvidenceItem
from relais.evidence.storage import PENDING, marker_name
from relais.notices import tasks as notices
from relais.notices.models import Notice, OutboxKind, OutboxMessage, OutboxState
from relais.notices.outbox import send_due
from relais.notices.queue import queue_message
from relais.proofs import tasks as proofs
from relais.proofs.models import TreeHead
from relais.proofs.services import append
from relais.timeline.models import ChatImport
from relais.worker import tasks as worker
from tests.evidence.conftest import api_upload
from tests.notices.conftest import queue_plain_notice
from tests.timeline.helpers import export


def one_round() -> None:
    call_command("worker", "--once", stdout=StringIO())


def runs(task: Task[Any, Any]) -> list[DBTaskResult]:
    return list(DBTaskResult.objects.filter(task_path=task.module_path))


def ran_once(task: Task[Any, Any]) -> Any:
    """The job ran once, successfully, and stays so after another round (not due again yet)."""
    [run] = runs(task)
    assert run.status == TaskResultStatus.SUCCESSFUL, run.traceback
    one_round()
    assert len(runs(task)) == 1
    return run.return_value


def test_signing_folds_what_is_pending(db):
    append(kind="alert.received", payload={"n": 1})
    one_round()
    assert ran_once(proofs.sign_tree_head) == 1
    assert TreeHead.objects.filter(tree_size=1).exists()


def test_time_stamping_runs_only_with_an_authority(db, settings, local_tsa):
    append(kind="alert.received", payload={"n": 1})
    one_round()
    assert ran_once(proofs.stamp_tree_heads) == 1
    assert TreeHead.objects.get(tree_size=1).timestamp_token


def test_no_time_stamping_without_an_authority(db):
    one_round()
    assert runs(proofs.stamp_tree_heads) == []


def test_the_outbox_sends_what_is_due(db, smtp):
    message = queue_message(kind=OutboxKind.STAFF, to="cw@example.org", subject="S", body="B")
    one_round()
    assert ran_once(notices.send_outbox) == 1
    message.refresh_from_db()
    assert message.state == OutboxState.SENT
    assert len(smtp.sink.with_id(message.message_id)) == 1


def test_the_deadlines_queue_a_reminder(smtp, triaged, alice):
    notice = queue_plain_notice(triaged, alice)
    send_due()
    Notice.objects.filter(pk=notice.pk).update(sent_at=timezone.now() - timedelta(days=8))
    one_round()
    assert ran_once(notices.check_deadlines) == {"reminders": 1, "proposals": 0}
    assert OutboxMessage.objects.filter(kind=OutboxKind.REMINDER).count() == 1


def test_the_catch_up_hands_a_forgotten_item_to_its_task(mailbox_token):
    # No on-commit callback runs in this test: as if the queue had failed after the commit.
    api_upload(Client(), mailbox_token, export("relais/whatsapp_ios_fr.zip"), "chat.zip")
    EvidenceItem.objects.update(created_at=timezone.now() - timedelta(minutes=10))
    one_round()
    assert ran_once(evidence.catch_up) == 1
    assert [run.status for run in runs(evidence.process_evidence)] == ["SUCCESSFUL"]
    assert ChatImport.objects.get().status == "imported"


def test_the_catch_up_leaves_young_items_and_items_with_a_task(
    mailbox_token, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # its task is queued on commit
        api_upload(Client(), mailbox_token, export("relais/whatsapp_ios_fr.zip"), "chat.zip")
    api_upload(Client(), mailbox_token, b"rien\n", "notes.txt")  # no task, but just sealed
    EvidenceItem.objects.filter(kind=EvidenceItem.Kind.TEXT).update(created_at=timezone.now())
    EvidenceItem.objects.exclude(kind=EvidenceItem.Kind.TEXT).update(
        created_at=timezone.now() - timedelta(minutes=10)
    )
    assert evidence.catch_up.call() == 0
    assert len(runs(evidence.process_evidence)) == 1


def test_the_purge_removes_what_a_killed_upload_left(db, vault):
    vault.save(marker_name(uuid.uuid4(), datetime.now(UTC) - timedelta(days=2)), ContentFile(b""))
    one_round()
    assert ran_once(evidence.purge_pending_uploads) == 1
    assert vault.listdir(PENDING)[1] == []


def test_the_task_table_keeps_an_hour_of_routine_and_a_month_of_failures(db):
    now = timezone.now()
    old, recent, failed = (proofs.sign_tree_head.enqueue().id for _ in range(3))
    DBTaskResult.objects.filter(pk=old).update(
        status="SUCCESSFUL", finished_at=now - timedelta(hours=2)
    )
    DBTaskResult.objects.filter(pk=recent).update(status="SUCCESSFUL", finished_at=now)
    DBTaskResult.objects.filter(pk=failed).update(
        status="FAILED", finished_at=now - timedelta(days=9)
    )
    one_round()
    assert ran_once(worker.prune_results) == 1
    assert set(
        DBTaskResult.objects.filter(pk__in=[old, recent, failed]).values_list("pk", flat=True)
    ) == {
        uuid.UUID(recent),
        uuid.UUID(failed),
    }
