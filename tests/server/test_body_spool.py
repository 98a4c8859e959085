"""A request body waiting for its view (relais.lib.spool): in memory, or encrypted on disk."""

from __future__ import annotations

import os

from relais.lib.spool import SealedSpool, reader

LINE = b"Capture du groupe de classe, 21 h 14 : il faut qu'il parte.\n"


def test_a_large_body_is_never_written_in_clear() -> None:
    body = LINE * 5000  # about 300 kB, over the 64 kB kept in memory
    spool = SealedSpool(threshold=64 * 1024)
    for start in range(0, len(body), 7000):
        spool.write(body[start : start + 7000])

    assert spool.on_disk
    on_disk = os.pread(spool.fileno(), len(body) + 1, 0)
    assert len(on_disk) == len(body)
    assert LINE[:20] not in on_disk
    stream = reader(spool)
    assert stream.readline() == LINE
    assert stream.read(10) == LINE[:10]
    assert stream.read() == body[len(LINE) + 10 :]
    stream.close()
    assert spool.closed


def test_a_small_body_stays_in_memory() -> None:
    spool = SealedSpool(threshold=64 * 1024)
    spool.write(LINE)

    assert not spool.on_disk
    assert reader(spool).read() == LINE
