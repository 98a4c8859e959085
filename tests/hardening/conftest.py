"""The vault fixtures of tests/evidence, for the hardening tests that upload files."""

from tests.evidence.conftest import mailbox_client, mailbox_token, vault  # noqa: F401
