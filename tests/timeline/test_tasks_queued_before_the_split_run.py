"""The task queue names a task by where it is defined, and the timeline's two tasks were defined
in relais.evidence.tasks before the split (issue 11, point 3): a run an older version queued
under those names still runs after the upgrade, and still counts as waiting, so that the
scheduler does not queue the recurring one a second time."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from relais.evidence.models import EvidenceItem
from relais.timeline.models import ChatImport
from relais.timeline.tasks import catch_up, process_evidence
from relais.worker.models import RecurringJob
from relais.worker.schedule import enqueue_due
from tests.evidence.conftest import api_upload
from tests.timeline.helpers import export


def _queued_by_the_old_version(task, *args) -> DBTaskResult:
    task.enqueue(*args)
    row = DBTaskResult.objects.get(task_path=task.module_path)
    old_path = task.module_path.replace("relais.timeline.tasks", "relais.evidence.tasks")
    DBTaskResult.objects.filter(pk=row.pk).update(task_path=old_path)
    return DBTaskResult.objects.get(pk=row.pk)


def test_an_import_queued_under_the_old_name_runs(mailbox_token):
    # No on-commit callback runs here: the item waits for the task an older version queued.
    api_upload(Client(), mailbox_token, export("relais/whatsapp_ios_fr.zip"), "chat.zip")
    item = EvidenceItem.objects.get()
    row = _queued_by_the_old_version(process_evidence, str(item.pk))
    assert row.task_path == "relais.evidence.tasks.process_evidence"

    call_command("worker", "--once", "--no-schedule", stdout=StringIO())

    row.refresh_from_db()
    assert row.status == TaskResultStatus.SUCCESSFUL, row.traceback
    assert ChatImport.objects.get(item=item).status == "imported"


def test_an_item_queued_under_the_old_name_is_not_queued_again(mailbox_token):
    api_upload(Client(), mailbox_token, export("relais/whatsapp_ios_fr.zip"), "chat.zip")
    item = EvidenceItem.objects.get()
    EvidenceItem.objects.update(created_at=timezone.now() - timedelta(minutes=10))
    _queued_by_the_old_version(process_evidence, str(item.pk))

    assert catch_up.call() == 0


def test_a_catch_up_waiting_under_the_old_name_is_not_queued_twice(db):
    _queued_by_the_old_version(catch_up)
    RecurringJob.objects.create(name="evidence.catch_up", next_run_at=timezone.now())

    assert "evidence.catch_up" not in enqueue_due()
    assert DBTaskResult.objects.filter(task_path__endswith=".catch_up").count() == 1
