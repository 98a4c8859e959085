"""`relais rotate_vault_key` re-wraps every data key with the new vault key; afterwards the old
key is not needed, and running it again changes nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from relais.evidence.crypto import UnknownKey, key_id_of
from relais.evidence.models import EvidenceCopy, EvidenceItem
from relais.evidence.services import facts_of, plaintext
from tests.evidence.conftest import VAULT_KEY, api_upload, jpeg_with_gps

NEW_KEY = "22" * 32


@pytest.fixture
def items(mailbox_token, client):
    for _ in range(3):
        assert api_upload(client, mailbox_token, jpeg_with_gps()).status_code == 201
    return list(EvidenceItem.objects.all())


def test_rotation_rewraps_every_key_and_the_old_key_can_go(items, settings):
    before = {item.pk: b"".join(plaintext(item)) for item in items}
    settings.VAULT_KEY = NEW_KEY
    settings.VAULT_OLD_KEYS = [VAULT_KEY]
    out = StringIO()
    call_command("rotate_vault_key", "--batch", "2", stdout=out)
    assert out.getvalue().startswith("9 data key(s) re-wrapped")  # 3 items, 6 copies
    settings.VAULT_OLD_KEYS = []
    new_id = key_id_of(bytes.fromhex(NEW_KEY))
    assert set(EvidenceItem.objects.values_list("key_id", flat=True)) == {new_id}
    assert set(EvidenceCopy.objects.values_list("key_id", flat=True)) == {new_id}
    for item in EvidenceItem.objects.all():
        assert b"".join(plaintext(item)) == before[item.pk]
        assert facts_of(item)["device"] == "Fairphone FP5"
    for copy in EvidenceCopy.objects.all():
        assert b"".join(plaintext(copy))


def test_running_it_again_changes_nothing(items, settings):
    settings.VAULT_KEY = NEW_KEY
    settings.VAULT_OLD_KEYS = [VAULT_KEY]
    call_command("rotate_vault_key", stdout=StringIO())
    out = StringIO()
    call_command("rotate_vault_key", stdout=out)
    assert out.getvalue().startswith("0 data key(s)")


def test_without_the_old_key_nothing_opens_and_the_error_says_why(items, settings):
    settings.VAULT_KEY = NEW_KEY
    with pytest.raises(UnknownKey, match="RELAIS_VAULT_OLD_KEYS"):
        b"".join(plaintext(items[0]))
