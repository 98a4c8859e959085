"""Appends in concurrent transactions, while the sequencer runs, all get distinct leaf indexes
and none is lost (threads, each with its own database connection). Half the writers check their
entry's PROMISE, as a new alert's answer carries, then have it signed at once after their commit
and check its RECEIPT, as an uploaded file's answer does: rounds of their own, racing the
sequencer's."""

from __future__ import annotations

import random
import threading
import time

from django.db import OperationalError, connection, transaction

from relais.proofs import merkle
from relais.proofs.models import ProofEntry, TreeHead
from relais.proofs.promises import promise_for
from relais.proofs.receipts import receipt_file, receipt_for
from relais.proofs.services import append, root_at, sequence_and_sign
from relais.proofs.verify import verify_promise, verify_receipt

WRITERS = 6
EACH = 25
# A bound, so that a livelock fails the test instead of hanging the suite.
DEADLINE_SECONDS = 60


def _wait_a_little() -> None:
    # Retrying at once let the sequencer win the lock again and again and starve the writers
    # (seen once: a suite stuck here for minutes). A short random pause, as a busy timeout gives.
    time.sleep(random.uniform(0.001, 0.005))


def _retrying(step, deadline: float):  # type: ignore[no-untyped-def]
    while True:
        if time.monotonic() > deadline:
            raise AssertionError("appends did not get through before the deadline")
        try:
            return step()
        except OperationalError as error:
            # The SQLite test database is in memory with a shared cache, which answers "locked"
            # at once instead of waiting as the real (file, WAL, busy timeout) database does:
            # the writer tries again, as the busy timeout would. PostgreSQL never gets here.
            if connection.vendor != "sqlite" or "locked" not in str(error):
                raise
            _wait_a_little()


def _append_once(number: int, item: int, deadline: float) -> None:
    payload = {"writer": number, "item": item}
    if not number % 2:

        def plain() -> None:
            with transaction.atomic():
                append(kind="alert.received", payload=payload)

        _retrying(plain, deadline)
        return

    def promised() -> tuple:
        with transaction.atomic():
            entry = append(kind="alert.received", payload=payload)
            return entry, promise_for(entry)

    entry, promise = _retrying(promised, deadline)
    assert verify_promise(receipt_file(promise)).digest == entry.digest
    receipt = _retrying(lambda: receipt_for(entry), deadline)
    assert verify_receipt(receipt_file(receipt)).leaf_index == entry.leaf_index


def _writer(
    number: int, errors: list[BaseException], start: threading.Barrier, deadline: float
) -> None:
    try:
        start.wait()
        for item in range(EACH):
            _append_once(number, item, deadline)
    except BaseException as error:  # reported by the test
        errors.append(error)
    finally:
        connection.close()


def _sequencer(stop: threading.Event, errors: list[BaseException]) -> None:
    try:
        while not stop.is_set():
            try:
                sequence_and_sign(batch=10)
            except OperationalError as error:  # see _append_once
                if connection.vendor != "sqlite" or "locked" not in str(error):
                    raise
            _wait_a_little()  # leave the lock to the writers between rounds
    except BaseException as error:
        errors.append(error)
    finally:
        connection.close()


def test_concurrent_appends_get_distinct_leaf_indexes_and_none_is_lost(transactional_db):
    errors: list[BaseException] = []
    start = threading.Barrier(WRITERS)
    stop = threading.Event()
    deadline = time.monotonic() + DEADLINE_SECONDS
    writers = [
        threading.Thread(target=_writer, args=(n, errors, start, deadline)) for n in range(WRITERS)
    ]
    sequencer = threading.Thread(target=_sequencer, args=(stop, errors))
    sequencer.start()
    for thread in writers:
        thread.start()
    for thread in writers:
        thread.join(DEADLINE_SECONDS + 5)
    stop.set()
    sequencer.join()
    assert errors == []
    sequence_and_sign()

    total = WRITERS * EACH
    indexes = sorted(ProofEntry.objects.values_list("leaf_index", flat=True))
    assert indexes == list(range(total))
    leaves = [
        bytes(h)
        for h in ProofEntry.objects.order_by("leaf_index").values_list("leaf_hash", flat=True)
    ]
    compact = merkle.CompactRange(0, [])
    for leaf in leaves:
        compact.append(leaf)
    assert root_at(total) == compact.root()
    assert TreeHead.objects.order_by("-tree_size").first().root_hash == compact.root().hex()
