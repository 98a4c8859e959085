"""relais rotate_vault_key: re-wrap every data key with the current vault key.

Set RELAIS_VAULT_KEY to the new key and RELAIS_VAULT_OLD_KEYS to the old one(s), run this, then
remove the old keys. Blobs are not re-encrypted: only their data keys are re-wrapped.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from relais.evidence.crypto import keyring
from relais.evidence.maintenance import rotate_keys


class Command(BaseCommand):
    help = (
        "Re-wrap every evidence data key with RELAIS_VAULT_KEY (old keys in RELAIS_VAULT_OLD_KEYS)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", type=int, default=500, help="rows per transaction")

    def handle(self, *args: Any, **options: Any) -> None:
        changed = rotate_keys(batch=options["batch"])
        current, _keys = keyring()
        self.stdout.write(f"{changed} data key(s) re-wrapped; every key is now under {current}.")
