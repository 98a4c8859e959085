"""One reporter cannot tie up the site with dossiers (issue 10, point 12): a dossier is built once
per change of its inputs and then served sealed, a mailbox's new documents are rate-limited, and
heavy dossiers are built by the worker while the mailbox says so."""

from __future__ import annotations

import hashlib
import os
import tracemalloc

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from relais.documents.models import GeneratedDocument
from relais.evidence.services import plaintext, withdraw_evidence
from relais.proofs.models import ProofEntry
from tests.documents.conftest import add_item, jpeg, open_pdf, pdf_text
from tests.documents.test_mailbox_documents import documents_page

URL = "/api/v1/mailbox/dossier.pdf"
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def get(token: str, query: str = "") -> tuple[int, bytes, dict[str, str]]:
    response = Client().get(URL + query, headers={"Authorization": f"Bearer {token}"})
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response.status_code, body, dict(response.headers)


def dossiers(alert) -> list[GeneratedDocument]:
    return list(GeneratedDocument.objects.filter(alert=alert, kind="dossier"))


def generated_entries() -> int:
    return ProofEntry.objects.filter(kind="document.generated").count()


def test_two_gets_with_no_change_seal_one_dossier_and_one_proof_entry(
    mailbox_token, submitted, items
):
    first = get(mailbox_token, "?originals=true")
    second = get(mailbox_token, "?originals=true")
    assert first[0] == second[0] == 200
    assert first[1] == second[1]  # the same sealed file, served again
    assert len(dossiers(submitted.alert)) == 1
    assert generated_entries() == 1


def test_the_mailbox_form_posted_twice_makes_one_dossier(mailbox_client, submitted, items):
    url = reverse("public:document_make", args=["dossier"])
    for _ in range(2):
        assert mailbox_client.post(url, {"victim_name": "Camille"}).status_code == 303
    assert len(dossiers(submitted.alert)) == 1
    # Other choices are another dossier: the typed name is one of its inputs.
    mailbox_client.post(url, {"victim_name": "Camille B."})
    assert len(dossiers(submitted.alert)) == 2


@pytest.mark.parametrize("change", ["item", "withdrawal", "options"])
def test_a_change_builds_a_new_dossier(mailbox_token, submitted, items, change):
    status, _body, _h = get(mailbox_token)
    assert status == 200
    query = ""
    if change == "item":
        added = add_item(submitted.alert, jpeg((200, 10, 10)), "new.jpg", day=5)
    elif change == "withdrawal":
        withdraw_evidence(item=items[0], reason="wrong photo")
    else:
        query = "?originals=true"
    status, body, _h = get(mailbox_token, query)
    assert status == 200
    assert len(dossiers(submitted.alert)) == 2
    assert generated_entries() == 2
    if change == "item":
        assert added.sha256 in pdf_text(body)


def test_the_rate_limit_answers_a_clear_message(mailbox_token, mailbox_client, submitted, settings):
    settings.DOCUMENT_RATE = "2/3600"
    assert get(mailbox_token)[0] == 200
    assert get(mailbox_token, "?originals=true")[0] == 200
    assert get(mailbox_token)[0] == 200  # served again: not counted
    add_item(submitted.alert, jpeg(), "late.jpg")
    status, body, headers = get(mailbox_token)
    assert status == 429
    assert 3000 < int(headers["Retry-After"]) <= 3600
    assert b"many documents" in body and b"Wait 60 minutes, then try again." in body
    assert len(dossiers(submitted.alert)) == 2

    # The HTML mailbox says the same, in the reporter's language, and makes nothing.
    url = reverse("public:document_make", args=["law_reminder"])
    response = mailbox_client.post(url, {}, headers={"Accept-Language": "fr"})
    assert response.status_code == 429
    assert "Attendez 60 minutes" in response.content.decode()
    assert GeneratedDocument.objects.filter(alert=submitted.alert).count() == 2


# The worker closes the connection between jobs (close_old_connections), as in production:
# the test's data must be committed for it, not inside the test's transaction.
@pytest.mark.django_db(transaction=True)
def test_the_worker_builds_a_heavy_dossier_while_the_mailbox_says_so(
    mailbox_client, submitted, items, settings, monkeypatch
):
    settings.TASKS = DB_TASKS
    monkeypatch.setattr("relais.documents.tasks.INLINE_BYTES", 0)  # these originals are heavy
    url = reverse("public:document_make", args=["dossier"])
    form = {"embed_originals": "on", "victim_name": "Camille"}
    assert mailbox_client.post(url, form).status_code == 303
    assert dossiers(submitted.alert) == []
    builds = DBTaskResult.objects.filter(task_path="relais.documents.tasks.build_dossier")
    queued = builds.get()
    assert "Camille" not in str(queued.args_kwargs)  # sealed for the worker
    assert "being prepared" in documents_page(mailbox_client)
    # Asked again before the worker ran: nothing more is queued.
    assert mailbox_client.post(url, form).status_code == 303
    assert builds.count() == 1

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    [document] = dossiers(submitted.alert)
    assert builds.get().status == "SUCCESSFUL"
    data = b"".join(plaintext(document))
    assert "Camille" in pdf_text(data)
    pdf = open_pdf(data)
    assert pdf.open_metadata().pdfa_status == "3B"
    assert {
        hashlib.sha256(spec.get_file().read_bytes()).hexdigest()
        for spec in pdf.attachments.values()
    } == {item.sha256 for item in items}
    assert "being prepared" not in documents_page(mailbox_client)
    # Asked again after: served, not queued.
    assert mailbox_client.post(url, form).status_code == 303
    assert builds.count() == 1 and len(dossiers(submitted.alert)) == 1


def test_streamed_originals_make_a_sound_pdf(mailbox_token, submitted, monkeypatch):
    monkeypatch.setattr("relais.documents.tasks.INLINE_BYTES", 64 << 20)  # built in the request
    big = os.urandom(5_000_000).hex().encode()  # a 10 MB text, read in many vault chunks
    item = add_item(submitted.alert, big, "export.txt")
    status, body, _h = get(mailbox_token, "?originals=true")
    assert status == 200
    pdf = open_pdf(body)
    assert pdf.check_pdf_syntax() == []
    [spec] = pdf.attachments.values()
    stream = spec.get_file()
    assert hashlib.sha256(stream.read_bytes()).hexdigest() == item.sha256
    assert int(stream.obj.Params.Size) == len(big)
    checksum = hashlib.md5(big, usedforsecurity=False).hexdigest()
    assert bytes(stream.obj.Params.CheckSum).hex() == checksum


def _peak_while_making(alert, *, embed: bool, name: str) -> tuple[GeneratedDocument, int]:
    from relais.documents.services import generate_document

    tracemalloc.start()
    try:
        document = generate_document(
            alert=alert,
            kind="dossier",
            options={"embed_originals": embed, "victim_name": name},
            actor=None,
            actor_kind="reporter",
        )
        return document, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_originals_are_never_whole_in_memory(submitted):
    """Embedding a 24 MB original raises the peak of Python's allocations by a few 1 MB chunks
    in flight (reader, sealer, writer queue), not by its size: before, 81 MB more."""
    size = 24 * 1024 * 1024
    add_item(submitted.alert, os.urandom(size // 2).hex().encode(), "export.txt")
    # (A name typed is another dossier each time: each call below builds one.)
    _peak_while_making(submitted.alert, embed=False, name="A")  # fonts, templates: loaded once
    without, base = _peak_while_making(submitted.alert, embed=False, name="B")
    embedded, peak = _peak_while_making(submitted.alert, embed=True, name="C")
    assert peak - base < size // 3, f"{(peak - base) / 2**20:.1f} MiB more"
    assert embedded.size > size // 3 > without.size  # the text deflated on its way in


def test_a_case_workers_heavy_dossier_is_queued_and_the_staff_page_says_so(
    alice_client, submitted, items, settings, monkeypatch
):
    settings.TASKS = DB_TASKS
    monkeypatch.setattr("relais.documents.tasks.INLINE_BYTES", 0)
    url = reverse("documents:make", args=[submitted.alert.pk, "dossier"])
    for _ in range(2):
        assert alice_client.post(url, {"embed_originals": "on"}).status_code == 303
    builds = DBTaskResult.objects.filter(task_path="relais.documents.tasks.build_dossier")
    assert builds.count() == 1
    assert builds.get().args_kwargs["args"][1] == "staff"
    page = alice_client.get(reverse("staff:alert", args=[submitted.alert.pk])).content.decode()
    assert "The dossier is being prepared." in page
    assert dossiers(submitted.alert) == []


# The API too: a heavy dossier built in the request held a web worker for over a minute (73 s
# for two 40 MB exports), and a school search waited as long behind it.
@pytest.mark.django_db(transaction=True)
def test_the_api_leaves_a_heavy_dossier_to_the_worker(
    mailbox_token, submitted, items, settings, monkeypatch
):
    settings.TASKS = DB_TASKS
    monkeypatch.setattr("relais.documents.tasks.INLINE_BYTES", 0)  # these originals are heavy
    status, body, headers = get(mailbox_token, "?originals=true")
    assert status == 202, body[:300]
    assert int(headers["Retry-After"]) > 0
    assert dossiers(submitted.alert) == []
    builds = DBTaskResult.objects.filter(task_path="relais.documents.tasks.build_dossier")
    assert builds.count() == 1

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    status, body, _headers = get(mailbox_token, "?originals=true")
    assert status == 200 and body.startswith(b"%PDF")
    assert len(dossiers(submitted.alert)) == 1 and builds.count() == 1
