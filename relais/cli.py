"""The ``relais`` command: Django's management commands under the project's own name.

``relais verify``, ``relais import-schools`` and ``relais demo`` are management commands like any
other; the dash in ``import-schools`` maps to the command module ``import_schools``.
"""

from __future__ import annotations

import os
import sys

from relais.lib.env import private_umask


def main(argv: list[str] | None = None) -> None:
    private_umask()  # before anything is written: the database, secrets, vault, documents
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "relais.settings")
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
