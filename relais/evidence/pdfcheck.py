"""Whether a PDF opens, asked of poppler's `pdfinfo` (Debian's poppler-utils, which the Makefile
installs): the parser behind the PDF viewers of most Linux desktops, lenient with the slips of
real generators, strict with a file cut short or bytes that only start like a PDF.

The plaintext goes to pdfinfo through a pipe (`fd://0`), never in clear to a file. pdfinfo holds
what it reads in its own memory (measured: 74 MB for a 50 MB PDF) and exits; what it prints
(title, author) is thrown away.
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import threading
from typing import IO, Any

from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _

from relais.evidence.intake import Refused

PDFINFO = "pdfinfo"
TIMEOUT_S = 120  # a 2 GiB PDF is piped and read in well under a minute
_PIECE = 1024 * 1024
_PASSWORD = b"Incorrect password"


def damaged_pdf() -> Refused:
    return Refused(
        422,
        _(
            "This PDF could not be opened: it may be damaged or incomplete. "
            "Check that it opens on your device, then send it again. Nothing was kept."
        ),
    )


def locked_pdf() -> Refused:
    return Refused(
        422,
        _(
            "This PDF is protected by a password, so it cannot be opened here. "
            "Send a copy without the password. Nothing was kept."
        ),
    )


def pdfinfo_binary() -> str:
    found = shutil.which(PDFINFO)
    if found is None:
        raise ImproperlyConfigured(
            "pdfinfo (Debian package poppler-utils) is needed to check PDF uploads"
        )
    return found


def _feed(handle: IO[bytes], pipe: IO[bytes]) -> None:
    # pdfinfo may stop reading (it gave up, or was stopped at the timeout): nothing to add then.
    with contextlib.suppress(BrokenPipeError, ValueError, OSError):
        while piece := handle.read(_PIECE):
            pipe.write(piece)
    with contextlib.suppress(BrokenPipeError, OSError):
        pipe.close()


def _listen(pipe: IO[bytes], heard: list[bool]) -> None:
    # A damaged file can make pdfinfo repeat its complaints: read them all, keep one fact.
    tail = b""
    while piece := pipe.read(_PIECE):
        tail = tail[-len(_PASSWORD) :] + piece
        if _PASSWORD in tail:
            heard.append(True)


def check_pdf(handle: IO[bytes]) -> None:
    """Refuse (422) a PDF that pdfinfo cannot open: truncated, not a PDF past its first bytes,
    or locked by a password; return when it opens."""
    process = subprocess.Popen(  # noqa: S603 - a fixed program, no shell, the file on stdin
        [pdfinfo_binary(), "fd://0"],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    assert process.stdin is not None and process.stderr is not None
    password: list[bool] = []
    threads = [
        threading.Thread(target=_feed, args=(handle, process.stdin), daemon=True),
        threading.Thread(target=_listen, args=(process.stderr, password), daemon=True),
    ]
    for thread in threads:
        thread.start()
    try:
        process.wait(timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        raise damaged_pdf() from None
    finally:
        for thread in threads:
            thread.join()
        process.stderr.close()
    if process.returncode == 0:
        return
    raise locked_pdf() if password else damaged_pdf()


def pdfinfo_installed(**kwargs: Any) -> list[checks.CheckMessage]:
    """`relais check` (and every command) says so when pdfinfo is missing, before an upload."""
    if shutil.which(PDFINFO) is not None:
        return []
    return [
        # A warning, not an error: the other commands (the worker, migrations) still run.
        checks.Warning(
            "pdfinfo is missing: PDF uploads cannot be checked, and fail with an error.",
            hint="apt-get install poppler-utils (make install does it).",
            id="relais.evidence.W001",
        )
    ]
