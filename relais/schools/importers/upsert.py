"""Importing a school directory file: read every row, then upsert the schools in batches."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from relais.schools.importers.formats import FORMATS, Format, Record, RowError, limit
from relais.schools.importers.reading import BadLine, CsvRows, ImportFileError
from relais.schools.models import School

BATCH_SIZE = 1000
MAX_REASONS = 20
FIELD_LABELS = {
    "code": "official code",
    "name": "name",
    "email": "e-mail",
    "academie": "académie",
    "po_name": "organising authority",
    "state": "open or closed",
    "po_email": "organising authority's e-mail",
}


@dataclass(frozen=True)
class Skipped:
    line: int
    code: str
    name: str
    reason: str


@dataclass
class ImportReport:
    format: str
    dry_run: bool = False
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    refused: int = 0
    skipped: int = 0  # establishments that are not schools (offices, adult education...)
    skip_reasons: Counter[str] = field(default_factory=Counter)  # reason -> establishments
    skips: list[Skipped] = field(default_factory=list)  # the first MAX_REASONS
    merged_rows: int = 0  # rows about a school already read (one row per site or kind)
    refusals: list[BadLine] = field(default_factory=list)  # the first MAX_REASONS
    legacy_lines: list[int] = field(default_factory=list)  # lines read as Windows-1252
    damaged_lines: list[int] = field(default_factory=list)  # characters no encoding could read
    encoding: str = "utf-8"
    missing_columns: list[str] = field(default_factory=list)  # optional ones not found
    codes: list[str] = field(default_factory=list)  # the schools the file holds

    def refuse(self, line: int, reason: str) -> None:
        self.refused += 1
        if len(self.refusals) < MAX_REASONS:
            self.refusals.append(BadLine(line, reason))

    def skip(self, record: Record) -> None:
        self.skipped += 1
        self.skip_reasons[record.excluded] += 1
        if len(self.skips) < MAX_REASONS:
            self.skips.append(Skipped(record.line, record.code, record.name, record.excluded))

    def summary(self) -> str:
        return (
            f"added {self.added} / updated {self.updated} / unchanged {self.unchanged} / "
            f"refused {self.refused} / skipped {self.skipped}"
        )


def import_schools_file(
    *, path: str | Path, format_name: str, dry_run: bool = False, batch_size: int = BATCH_SIZE
) -> ImportReport:
    """Add or update the schools of an open-data file; idempotent.

    A bad row is refused (line number and reason in the report) and never stops the import.
    ImportFileError when the file cannot be read or lacks a required column; nothing is written
    then. Each batch is written in its own transaction, so that a crash leaves whole batches
    only; running the import again completes it.
    """
    fmt = FORMATS.get(format_name)
    if fmt is None:
        raise ImportFileError(_("Unknown format %(name)r.") % {"name": format_name})
    report = ImportReport(format=fmt.name, dry_run=dry_run)
    try:
        stream = open(path, "rb")  # noqa: SIM115 (closed by the with block below)
    except OSError as error:
        raise ImportFileError(
            _("Cannot read %(path)s: %(error)s") % {"path": path, "error": error.strerror}
        ) from None
    with stream:
        rows = CsvRows(stream, fmt.aliases)
        check_columns(rows, fmt, report)
        records = read_records(rows, fmt, report)
        report.legacy_lines = rows.stats.legacy_lines
        report.damaged_lines = rows.stats.damaged_lines
        report.encoding = rows.stats.encoding
    report.codes = list(records)
    for start in range(0, len(report.codes), batch_size):
        batch = [records[code] for code in report.codes[start : start + batch_size]]
        write_batch(batch, fmt, report, dry_run=dry_run)
    return report


def check_columns(rows: CsvRows, fmt: Format, report: ImportReport) -> None:
    missing = [name for name in fmt.required if name not in rows.columns]
    if missing:
        wanted = "; ".join(
            _("%(field)s (one of: %(aliases)s)")
            % {"field": FIELD_LABELS.get(name, name), "aliases": ", ".join(fmt.aliases[name])}
            for name in missing
        )
        raise ImportFileError(
            _("This is not a %(format)s file: no column for %(wanted)s. Columns found: %(found)s.")
            % {"format": fmt.name, "wanted": wanted, "found": ", ".join(rows.headers[:12])}
        )
    report.missing_columns = [
        FIELD_LABELS.get(name, name) for name in fmt.aliases if name not in rows.columns
    ]


def read_records(rows: Iterable, fmt: Format, report: ImportReport) -> dict[str, Record]:
    records: dict[str, Record] = {}
    for item in rows:
        if isinstance(item, BadLine):
            report.refuse(item.line, item.reason)
            continue
        try:
            record = fmt.build(item.values)
        except RowError as error:
            report.refuse(item.line, str(error))
            continue
        record.line = item.line
        previous = records.get(record.code)
        if previous is None:
            records[record.code] = record
        else:
            records[record.code] = fmt.merge(previous, record)
            report.merged_rows += 1
    kept: dict[str, Record] = {}
    for code, record in records.items():
        if record.excluded:
            report.skip(record)
            continue
        kinds = sorted(record.kinds) if fmt.sort_kinds else record.kinds
        if kinds:
            record.fields["kind"] = limit("kind", ", ".join(kinds))
        kept[code] = record
    return kept


def write_batch(batch: list[Record], fmt: Format, report: ImportReport, *, dry_run: bool) -> None:
    now = timezone.now()
    added: list[School] = []
    updated: list[School] = []
    changed: set[str] = set()
    with transaction.atomic():
        existing = {
            school.code: school
            for school in School.objects.select_for_update().filter(
                jurisdiction=fmt.jurisdiction, code__in=[record.code for record in batch]
            )
        }
        for record in batch:
            school = existing.get(record.code)
            if school is None:
                school = School(jurisdiction=fmt.jurisdiction, code=record.code, **record.fields)
                school.refresh_search_text()
                added.append(school)
                continue
            changes = {k: v for k, v in record.fields.items() if getattr(school, k) != v}
            if not changes:
                continue
            for name, value in changes.items():
                setattr(school, name, value)
            school.refresh_search_text()
            school.updated_at = now  # bulk_update does not apply auto_now
            changed.update(changes)
            updated.append(school)
        if not dry_run:
            School.objects.bulk_create(added)
            if updated:
                fields = sorted(changed | {"search_text", "updated_at"})
                School.objects.bulk_update(updated, fields)
    report.added += len(added)
    report.updated += len(updated)
    report.unchanged += len(batch) - len(added) - len(updated)
