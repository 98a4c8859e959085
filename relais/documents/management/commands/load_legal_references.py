"""relais load_legal_references [--update]: add the shipped legal references to the table."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from relais.documents.legal import ReferenceFileError, load_references


class Command(BaseCommand):
    help = (
        "Add the legal references shipped in each jurisdiction pack's legal_references.yaml that "
        "the table lacks. --update also overwrites existing rows (losing corrections made in "
        "the admin)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--update", action="store_true", help="overwrite existing rows too")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            with transaction.atomic():
                result = load_references(update=options["update"])
        except ReferenceFileError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"{result.created} added, {result.updated} updated, {result.kept} kept as they were"
        )
