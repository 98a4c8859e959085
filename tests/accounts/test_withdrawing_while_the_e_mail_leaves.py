"""The direction withdraws an invitation at the moment the outbox worker takes its e-mail: the
worker locks the e-mail, then the invitation (to mint the link); the withdrawal takes them in the
same order, so neither waits on the other. The e-mail claimed leaves (its link dead), the
invitation is withdrawn, and the audit row says the e-mail was not withdrawn.

The moment is made, not timed: a third connection holds a lock on the outbox's attempts, so the
worker stops inside its claim holding the e-mail's row; the withdrawal starts once PostgreSQL
shows the worker waiting, and the lock is let go once it shows both waiting. PostgreSQL only:
SQLite runs one writer at a time."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, transaction

from relais.accounts import withdrawal
from relais.accounts.invitations import invite_member
from relais.accounts.models import Role
from relais.audit.models import AuditAction, AuditEvent
from relais.notices.models import OutboxAttempt, OutboxMessage, OutboxState
from relais.notices.outbox import send_due
from tests.accounts.conftest import invitations_sent, invite_link, join

pytestmark = [pytest.mark.only_on("postgresql"), pytest.mark.django_db(transaction=True)]


def _waiting_on_locks() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return int(cursor.fetchone()[0])


def _until(condition: Callable[[], bool], what: str) -> None:
    # A bound so that a broken run fails instead of hanging; nothing here measures time.
    for _ in range(3000):
        if condition():
            return
        time.sleep(0.01)
    raise AssertionError(f"never reached: {what}")


def _in_thread(act: Callable[[], Any], outcomes: dict[str, str], name: str) -> threading.Thread:
    def run() -> None:
        try:
            act()
            outcomes[name] = "done"
        except BaseException as error:  # shown by the test's assertion
            outcomes[name] = repr(error)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_the_withdrawal_and_the_worker_do_not_wait_on_each_other(alice_head, smtp, client):
    invitation = invite_member(by=alice_head, role=Role.EDUCATOR)
    locked, release = threading.Event(), threading.Event()
    outcomes: dict[str, str] = {}

    def hold_the_attempts() -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {OutboxAttempt._meta.db_table} IN SHARE MODE")
            locked.set()
            release.wait()

    holder = _in_thread(hold_the_attempts, outcomes, "holder")
    locked.wait()
    worker = _in_thread(send_due, outcomes, "worker")
    _until(lambda: _waiting_on_locks() == 1, "the worker waits, the e-mail's row in hand")
    withdrawing = _in_thread(
        lambda: withdrawal.withdraw_invitation(by=alice_head, invitation_id=invitation.pk),
        outcomes,
        "withdrawal",
    )
    _until(lambda: _waiting_on_locks() == 2, "the withdrawal waits too")
    release.set()
    for thread in (holder, worker, withdrawing):
        thread.join()

    assert outcomes == {"holder": "done", "worker": "done", "withdrawal": "done"}
    message = OutboxMessage.objects.get(pk=invitation.message_id)
    assert message.state == OutboxState.SENT
    invitation.refresh_from_db()
    assert invitation.withdrawn_at is not None
    row = AuditEvent.objects.get(action=AuditAction.SCHOOL_INVITATION_WITHDRAWN)
    assert row.details["email_withdrawn"] is False
    assert join(client, invite_link(invitations_sent(smtp)[-1])[1]).status_code == 410
