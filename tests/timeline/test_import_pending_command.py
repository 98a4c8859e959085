"""In production the worker processes each sealed item; without one, the task waits in the
database queue and `relais import_pending_evidence` does the same work."""

from __future__ import annotations

import io

from django.core.management import call_command
from django.test import Client
from django_tasks_db.models import DBTaskResult

from relais.timeline.models import ChatImport, TimelineEvent
from tests.evidence.conftest import api_upload
from tests.timeline.helpers import export


def test_sealing_queues_one_task_for_the_worker(
    mailbox_token, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    content = export("relais/whatsapp_ios_fr.zip")
    with django_capture_on_commit_callbacks(execute=True):
        body = api_upload(Client(), mailbox_token, content, "chat.zip").json()

    queued = DBTaskResult.objects.get()
    # The timeline's task since the split (relais.evidence.tasks keeps its old name working).
    assert queued.task_path == "relais.timeline.tasks.process_evidence"
    assert queued.args_kwargs["args"] == [body["id"]]
    assert ChatImport.objects.count() == 0  # nothing runs before a worker takes it


def test_the_command_imports_what_no_worker_processed(mailbox_token, submitted):
    api_upload(Client(), mailbox_token, export("relais/whatsapp_ios_fr.zip"), "chat.zip")
    api_upload(Client(), mailbox_token, b"rien\n", "notes.txt")
    assert ChatImport.objects.count() == 0

    out = io.StringIO()
    call_command("import_pending_evidence", "--no-ocr", stdout=out)
    assert "2 item(s) processed" in out.getvalue()
    assert TimelineEvent.objects.count() == 7
    assert sorted(ChatImport.objects.values_list("status", flat=True)) == [
        "imported",
        "not_a_chat",
    ]

    out = io.StringIO()
    call_command("import_pending_evidence", "--no-ocr", stdout=out)
    assert "0 item(s) processed" in out.getvalue()
