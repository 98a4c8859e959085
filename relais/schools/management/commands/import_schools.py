"""`relais import-schools --format fr-annuaire|be-fase FILE`."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from relais.schools.importers import FORMATS, ImportFileError, ImportReport, import_schools_file
from relais.schools.importers.upsert import MAX_REASONS


class Command(BaseCommand):
    help = (
        "Add or update schools from an official open-data CSV file (France: annuaire de "
        "l'éducation; Wallonia-Brussels: signalétique FASE). Idempotent; bad rows are reported "
        "and skipped."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", required=True, choices=sorted(FORMATS), dest="fmt")
        parser.add_argument("file", help="the CSV file")
        parser.add_argument("--dry-run", action="store_true", help="read and count, write nothing")

    def handle(self, *args: Any, fmt: str, file: str, dry_run: bool, **options: Any) -> None:
        started = time.monotonic()
        try:
            report = import_schools_file(path=file, format_name=fmt, dry_run=dry_run)
        except ImportFileError as error:
            raise CommandError(str(error)) from None
        print_report(self, report)
        if options["verbosity"] >= 2:
            self.stdout.write(f"{time.monotonic() - started:.2f} s")


def print_report(command: BaseCommand, report: ImportReport) -> None:
    out = command.stdout
    for refusal in report.refusals:
        out.write(f"refused line {refusal.line}: {refusal.reason}")
    if report.refused > MAX_REASONS:
        out.write(f"... and {report.refused - MAX_REASONS} more refused rows")
    if report.legacy_lines:
        shown = ", ".join(str(line) for line in report.legacy_lines[:10])
        out.write(
            f"note: {len(report.legacy_lines)} line(s) were not UTF-8 and were read as "
            f"Windows-1252 (lines {shown})"
        )
    if report.encoding != "utf-8":
        out.write(f"note: the file was read as {report.encoding.upper()}")
    if report.damaged_lines:
        shown = ", ".join(str(line) for line in report.damaged_lines[:10])
        out.write(
            f"note: {len(report.damaged_lines)} line(s) held bytes that are not text; they were "
            f"read with \ufffd in their place (lines {shown})"
        )
    if report.merged_rows:
        out.write(f"note: {report.merged_rows} row(s) were further sites or kinds of a school")
    if report.missing_columns:
        out.write(f"note: no column for {', '.join(report.missing_columns)}: left as they are")
    for skip in report.skips:
        out.write(f"skipped line {skip.line} ({skip.code} {skip.name}): {skip.reason}")
    if report.skipped > len(report.skips):
        out.write(f"... and {report.skipped - len(report.skips)} more skipped establishments")
    for reason, count in report.skip_reasons.most_common():
        out.write(f"skipped: {count} {reason}")
    if report.dry_run:
        out.write("dry run: nothing was written")
    out.write(command.style.SUCCESS(report.summary()))
