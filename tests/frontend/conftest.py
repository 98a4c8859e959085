"""Pages of each area, as their people first meet them: the reporter's, a staff member's and a
school head's (the acknowledgment link of a sent notice)."""

from __future__ import annotations

import pytest

from relais.notices.outbox import send_due
from tests.notices.conftest import ack_link, queue_plain_notice, smtp, triaged

__all__ = ["smtp", "triaged"]


@pytest.fixture
def ack_token(smtp, triaged, alice) -> str:
    """The token of the acknowledgment link that alice's notice carried to the school."""
    queue_plain_notice(triaged, alice)
    send_due()
    _url, token = ack_link(smtp.sink.messages[-1])
    return token
