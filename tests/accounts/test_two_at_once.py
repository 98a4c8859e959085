"""Two clicks at the same moment: on "ask for an account" they queue one invitation (the school's
row is locked), on the invitation's form they make one account (the invitation's row is locked).
PostgreSQL only: SQLite runs one writer at a time."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from relais.accounts import invitations
from relais.accounts.models import Invitation, User
from relais.notices.school_receipts import acknowledgment_for_token
from tests.accounts.conftest import PASSWORD, queued_invitations

pytestmark = [pytest.mark.only_on("postgresql"), pytest.mark.django_db(transaction=True)]


def _at_once(count: int, act: Callable[[int], str]) -> list[str]:
    start = threading.Barrier(count)
    outcomes: list[str] = []

    def run(n: int) -> None:
        try:
            start.wait()
            outcomes.append(act(n))
        except BaseException as error:  # shown by the caller's assertion
            outcomes.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


def test_two_requests_at_once_queue_one_invitation(receipt_token: Any) -> None:
    ack = acknowledgment_for_token(receipt_token)

    def ask(_n: int) -> str:
        requested = invitations.request_school_account(acknowledgment=ack)
        return "queued" if requested.queued else "already"

    assert _at_once(3, ask) == ["already", "already", "queued"]
    assert queued_invitations().count() == 1 and Invitation.objects.count() == 1


def test_two_joins_at_once_with_one_link_make_one_account(invitation_token: str) -> None:
    def join(n: int) -> str:
        try:
            invitations.join_school(token=invitation_token, username=f"anne{n}", password=PASSWORD)
        except invitations.InvitationGone:
            return "gone"
        return "joined"

    assert _at_once(3, join) == ["gone", "gone", "joined"]
    assert User.objects.filter(school__isnull=False).count() == 1
