"""relais protocols check FILE: validate a protocol file before it ships (docs/protocols.md).

Exit 0 with "OK: <title>, N steps", or 1 with every error and its line, one a line. The file may
be anywhere: a pack's own files are checked at every start-up as well. It speaks the operator's
language: `--language fr|nl|en`, LANGUAGE_CODE's (French) by default; the protocol's title too.
"""

from __future__ import annotations

import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from relais.protocols.loader import ProtocolError, load_file


class Command(BaseCommand):
    help = "Protocol files. `check FILE`: validate one (exit 1 with each error and its line)."
    # Checking a file needs neither the database nor Django's system checks.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        check = actions.add_parser("check", help="validate a protocol file (YAML)")
        check.add_argument("file", help="the protocol file, e.g. a pack's protocols/<key>.yaml")
        check.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            default=None,
            help="the language of the messages (default: LANGUAGE_CODE's)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # The messages are written while the file is read: the language is set before.
        with translation.override(options["language"] or settings.LANGUAGE_CODE):
            self._check(options["file"])

    def _check(self, path: str) -> None:
        try:
            protocol = load_file(path)
        except ProtocolError as error:
            for line in error.lines():
                self.stderr.write(line)
            count = len(error.errors)
            self.stderr.write(
                ngettext("%(count)d error.", "%(count)d errors.", count) % {"count": count}
            )
            sys.exit(1)
        count = len(protocol.steps)
        steps = ngettext("%(count)d step", "%(count)d steps", count) % {"count": count}
        self.stdout.write(
            _("OK: %(title)s, %(steps)s") % {"title": protocol.label(), "steps": steps}
        )
