"""The sample files and small helpers to run the importer and to make other vintages of them."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from django.core.management import call_command
from django.utils import translation

from relais.schools.models import School

DATA = Path(__file__).resolve().parent.parent / "data" / "schools"
FR_SAMPLE = DATA / "fr-annuaire-ille-et-vilaine-sample.csv"
BE_SAMPLE = DATA / "be-fase-sample.csv"
BOM = b"\xef\xbb\xbf"
SUMMARY = re.compile(
    r"added (\d+) / updated (\d+) / unchanged (\d+) / refused (\d+) / skipped (\d+)"
)


def run_import(fmt: str, path: Path, *args: str) -> str:
    """Run the command in English, so that the messages compared are the source strings."""
    out = io.StringIO()
    with translation.override("en"):
        call_command("import_schools", "--format", fmt, str(path), *args, stdout=out)
    return out.getvalue()


def counts(output: str) -> dict[str, int]:
    match = SUMMARY.search(output)
    assert match, output
    names = ("added", "updated", "unchanged", "refused", "skipped")
    return dict(zip(names, map(int, match.groups()), strict=True))


def snapshot(jurisdiction: str) -> dict[str, dict]:
    """What the database holds about the schools, without keys and times."""
    fields = ("name", "city", "postcode", "address", "kind", "direction_email", "authority")
    return {
        school.code: {name: getattr(school, name) for name in (*fields, "is_open")}
        for school in School.objects.filter(jurisdiction=jurisdiction)
    }


def read_lines(path: Path) -> list[list[str]]:
    """The sample's lines as cells (each line decoded on its own, as the importer does)."""
    rows = []
    for raw in path.read_bytes().lstrip(BOM).split(b"\r\n"):
        if not raw:
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("cp1252")
        rows.append(next(csv.reader([text], delimiter=";")))
    return rows


def rewrite(
    source: Path,
    target: Path,
    *,
    rename: dict[str, str] | None = None,
    reverse_columns: bool = False,
    delimiter: str = ";",
    encoding: str = "utf-8",
    boms: int = 0,
    change: dict[tuple[str, str], str] | None = None,
) -> Path:
    """Another vintage of a sample: renamed, reordered columns, another separator or encoding.
    `change` maps (code, column) to a new value for the rows of that code."""
    rows = read_lines(source)
    header = rows[0]
    order = list(range(len(header)))
    if reverse_columns:
        order.reverse()
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([(rename or {}).get(header[i], header[i]) for i in order])
    for row in rows[1:]:
        for (code, column), value in (change or {}).items():
            if row[0] == code and len(row) == len(header):
                row[header.index(column)] = value
        # A row of the wrong width stays as it is, wrong.
        writer.writerow([row[i] for i in order] if len(row) == len(header) else row)
    target.write_bytes(BOM * boms + out.getvalue().encode(encoding))
    return target
