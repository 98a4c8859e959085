"""Installation secrets that must survive restarts.

An operator may give each secret in the environment (or a ``*_FILE``). When none is given, the
embedded setup creates it once under the data directory, readable by the owner only, so that
``make run`` works on a fresh machine and the secret stays stable from one start to the next.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from relais.lib.env import env


def installation_secret(name: str, data_dir: Path, *, nbytes: int = 32) -> str:
    value = env(name)
    if value:
        return value
    path = data_dir / "secrets" / name.lower()
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    generated = secrets.token_hex(nbytes)
    # O_EXCL: when two processes start at once, only one secret wins and both read it back.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="utf-8").strip()
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(generated)
    return generated
