"""A .txt the family sends that is no chat export Relais can read is kept in the vault as it is,
and the family is told so where the file appears: its page gives the refusal sentence built from
the chat-export registry, and says the file is only not read into the timeline; its line in the
list says it is not read as a chat. The API's answers are unchanged (api.md)."""

from __future__ import annotations

import html
import io
import re

from django.urls import reverse

from relais.evidence.models import EvidenceItem
from relais.timeline.models import ChatImport
from tests.timeline.helpers import immediate_tasks

__all__ = ["immediate_tasks"]
NOTICE_RE = re.compile(r'<p class="notice" id="item-not-a-chat">(.*?)</p>', re.S)
REFUSAL = (
    "Ce fichier n'est pas un export de conversation que Relais sait lire "
    "(WhatsApp, Telegram, Instagram, Signal ou SMS Backup & Restore)."
)
KEPT = (
    "Il est conservé tel quel, comme vos autres fichiers ; seuls ses messages ne sont pas "
    "repris un par un dans votre chronologie."
)


def test_the_family_is_told_a_text_file_is_kept_but_not_read_as_a_chat(
    immediate_tasks, mailbox_client, django_capture_on_commit_callbacks
):
    mailbox_client.cookies["django_language"] = "fr"
    upload = io.BytesIO(b"Mes notes du lundi.\nIl m'a encore pris mon sac.\n")
    upload.name = "notes.txt"
    with django_capture_on_commit_callbacks(execute=True):
        response = mailbox_client.post(reverse("public:mailbox_evidence"), {"file": upload})
    assert response.status_code == 303
    item = EvidenceItem.objects.get(display_name="notes.txt")
    assert ChatImport.objects.get(item=item).status == "not_a_chat"

    page = mailbox_client.get(reverse("public:mailbox_item", args=[item.pk])).content.decode()
    found = NOTICE_RE.search(page)
    assert found, "the item page says nothing of the file not being read as a chat"
    assert html.unescape(found.group(1)) == f"{REFUSAL} {KEPT}"

    listed = mailbox_client.get(reverse("public:mailbox_files")).content.decode()
    assert "non lu comme une conversation" in listed
