"""relais verify FILE [--file CONTENT]: check a RECEIPT or a PROMISE offline. Touches no database
and no network."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from relais.proofs.verify import check_file


class Command(BaseCommand):
    help = (
        "Check a proof (a receipt or a promise, JSON or its PDF; every proof a PDF carries) "
        "offline: inclusion proof, Ed25519 signature, RFC 3161 time-stamp token, the opening when "
        "there is one, and with --file that a file is the one the opening names. Says what it "
        "proves (a promise is not yet an inclusion). Exit 0 with a summary when valid, 1 with the "
        "reason when not."
    )
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the receipt or promise, as downloaded (JSON or PDF)")
        parser.add_argument(
            "--file",
            dest="content",
            help="a file (a document, an evidence item) that must be the one the receipt's "
            "opening names",
        )
        parser.add_argument(
            "--tsa-ca",
            help="PEM certificate(s) of the time-stamping authority's root, to pin the token's "
            "chain (without it, the token is checked against the certificate it carries)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        code, text = check_file(
            options["file"], tsa_ca=options["tsa_ca"], content=options["content"]
        )
        (self.stdout if code == 0 else self.stderr).write(text)
        sys.exit(code)
