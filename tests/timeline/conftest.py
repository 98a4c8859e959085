"""The timeline reads the vault's items: its tests use the vault's fixtures (a fresh local vault
per test, autouse, and a reporter's open mailbox)."""

from tests.evidence.conftest import mailbox_client, mailbox_token, vault

__all__ = ["mailbox_client", "mailbox_token", "vault"]
