"""Where the embedded server keeps a request body while it arrives: never in clear on disk.

Django's ASGI handler reads the whole body before a view runs, into a temporary file once it is
over FILE_UPLOAD_MAX_MEMORY_SIZE. That file would hold evidence in clear, which the vault's
upload handler otherwise never writes (docs/evidence.md). `SealedSpool` keeps a small body in
memory and writes a larger one to an unnamed temporary file (0600, no name to find, gone when
closed) encrypted with AES-256-CTR under a key that lives only in this object.
"""

from __future__ import annotations

import io
import os
import tempfile
from typing import IO, Any

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes


class SealedSpool(io.RawIOBase):
    """Write the body in order, `rewind()` once, then read it in order."""

    def __init__(self, threshold: int, directory: str | None = None) -> None:
        super().__init__()
        self.threshold = threshold
        self.directory = directory
        self.size = 0
        self._memory = bytearray()
        self._file: IO[bytes] | None = None
        self._cipher = Cipher(algorithms.AES(os.urandom(32)), modes.CTR(os.urandom(16)))
        self._encryptor = self._cipher.encryptor()
        self._decryptor: Any = None
        self._position = 0  # in _memory, while reading

    @property
    def on_disk(self) -> bool:
        return self._file is not None

    def fileno(self) -> int:
        """The temporary file's descriptor, once the body is on disk."""
        if self._file is None:
            raise OSError("this body is in memory")
        return self._file.fileno()

    def readable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        data = bytes(data)
        self.size += len(data)
        if self._file is None and len(self._memory) + len(data) <= self.threshold:
            self._memory += data
            return len(data)
        if self._file is None:
            self._file = tempfile.TemporaryFile(dir=self.directory)  # noqa: SIM115 - closed in close()
            self._file.write(self._encryptor.update(bytes(self._memory)))
            self._memory = bytearray()
        self._file.write(self._encryptor.update(data))
        return len(data)

    def rewind(self) -> None:
        """Ready to read from the start (once: the stream cipher runs forward)."""
        if self._file is not None:
            self._file.flush()
            self._file.seek(0)
            self._decryptor = self._cipher.decryptor()
        self._position = 0

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        if self._file is not None:
            plain = self._decryptor.update(self._file.read(len(view)))
        else:
            plain = bytes(self._memory[self._position : self._position + len(view)])
            self._position += len(plain)
        view[: len(plain)] = plain
        return len(plain)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
        self._memory = bytearray()
        super().close()


def reader(spool: SealedSpool) -> io.BufferedReader:
    """`spool`, rewound, as the file object Django reads a request body from (read, readline)."""
    spool.rewind()
    return io.BufferedReader(spool, buffer_size=64 * 1024)
