"""relais protocols check FILE: validate a protocol file before it ships (docs/protocols.md).

Exit 0 with "OK: <title>, N steps", or 1 with every error and its line, one a line. The file may
be anywhere: a pack's own files are checked at every start-up as well.
"""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from relais.protocols.loader import ProtocolError, load_file


class Command(BaseCommand):
    help = "Protocol files. `check FILE`: validate one (exit 1 with each error and its line)."
    # Checking a file needs neither the database nor Django's system checks.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        check = actions.add_parser("check", help="validate a protocol file (YAML)")
        check.add_argument("file", help="the protocol file, e.g. a pack's protocols/<key>.yaml")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            protocol = load_file(options["file"])
        except ProtocolError as error:
            for line in error.lines():
                self.stderr.write(line)
            self.stderr.write(f"{len(error.errors)} error(s).")
            sys.exit(1)
        self.stdout.write(f"OK: {protocol.label()}, {len(protocol.steps)} steps")
