"""Reading settings from the environment, in the manner of healthchecks' settings.

Secrets can also come from a file named by ``NAME_FILE`` (Docker and systemd credentials).
"""

from __future__ import annotations

import os
from pathlib import Path


def env(name: str, default: str = "") -> str:
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        return Path(file_name).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def envbool(name: str, default: bool) -> bool:
    value = env(name, "")
    if value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: int) -> int:
    value = env(name, "")
    return int(value) if value else default


def envlist(name: str, default: str = "") -> list[str]:
    return [part.strip() for part in env(name, default).split(",") if part.strip()]


# Files 0600 and folders 0700: alert texts, evidence, secrets and documents are the owner's
# alone, whatever umask the shell or service manager started us with.
PRIVATE_UMASK = 0o077


def private_umask() -> None:
    """Called first by every entry point (relais/cli.py, relais/wsgi.py, gunicorn_conf.py)."""
    os.umask(PRIVATE_UMASK)


def private_dir(path: Path) -> Path:
    """Create `path` as a 0700 folder, or close an existing one that others could enter (an
    install made before the umask above); returns it."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        if path.stat().st_mode & 0o077:
            path.chmod(0o700)
    except PermissionError:  # not ours (a shared mount): leave it to its owner
        pass
    return path
