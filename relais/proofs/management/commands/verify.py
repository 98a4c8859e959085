"""relais verify FILE: check a receipt offline. Touches no database and no network."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from relais.proofs.verify import check_file


class Command(BaseCommand):
    help = (
        "Check a proof receipt (JSON) offline: inclusion proof, Ed25519 signature and RFC 3161 "
        "time-stamp token. Exit 0 with a summary when valid, 1 with the reason when not."
    )
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the receipt, as downloaded (JSON)")
        parser.add_argument(
            "--tsa-ca",
            help="PEM certificate(s) of the time-stamping authority's root, to pin the token's "
            "chain (without it, the token is checked against the certificate it carries)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        code, text = check_file(options["file"], tsa_ca=options["tsa_ca"])
        (self.stdout if code == 0 else self.stderr).write(text)
        sys.exit(code)
