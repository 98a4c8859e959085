"""`relais rotate_vault_key` re-wraps generated documents' data keys too: after the old key is
gone, the documents still open."""

from __future__ import annotations

from django.core.management import call_command

from relais.documents.models import GeneratedDocument
from relais.documents.services import generate_document
from relais.evidence import crypto
from relais.evidence.services import plaintext
from tests.documents.conftest import VAULT_KEY

NEW_KEY = "33" * 32


def test_rotation_rewraps_document_keys(settings, submitted):
    document = generate_document(
        alert=submitted.alert, kind="parents_leaflet", options={}, actor=None, actor_kind="reporter"
    )
    settings.VAULT_KEY = NEW_KEY
    settings.VAULT_OLD_KEYS = [VAULT_KEY]
    call_command("rotate_vault_key")
    document = GeneratedDocument.objects.get(pk=document.pk)
    assert document.key_id == crypto.key_id_of(bytes.fromhex(NEW_KEY))
    settings.VAULT_OLD_KEYS = []
    assert b"".join(plaintext(document)).startswith(b"%PDF-")
