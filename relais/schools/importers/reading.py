"""Reading an open-data CSV file line by line, whatever its vintage.

The ministries' files start with one or two byte-order marks, use ";" (sometimes "," or tabs),
quote fields with doubled quotes, and rename or reorder their columns from one year to the next.
So: the file is read as a stream of lines (never whole in memory), each line decoded on its own
(UTF-8, or Windows-1252 when the bytes are not UTF-8: one line pasted from a spreadsheet must not
turn the rest of the file into mojibake), and columns are found by name through aliases, never by
position.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import BinaryIO

from django.utils.translation import gettext as _

from relais.schools.models import fold

BOM = b"\xef\xbb\xbf"
DELIMITERS = (";", ",", "\t")


class ImportFileError(Exception):
    """The file as a whole cannot be imported (unreadable, or required columns missing)."""


def normalise_header(name: str) -> str:
    """ "N° FASE de l'établissement", "n_fase_etablissement " -> comparable keys."""
    name = name.replace("\ufeff", "").replace("º", "°")
    return re.sub(r"[^a-z0-9]", "", fold(name))


@dataclass
class DecodingStats:
    lines: int = 0
    legacy_lines: list[int] = field(default_factory=list)


def decoded_lines(stream: BinaryIO, stats: DecodingStats) -> Iterator[str]:
    """Yield text lines, decoding each one on its own and dropping any leading BOMs."""
    for raw in stream:
        stats.lines += 1
        if stats.lines == 1:
            while raw.startswith(BOM):
                raw = raw[len(BOM) :]
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            stats.legacy_lines.append(stats.lines)
            try:
                text = raw.decode("cp1252")
            except UnicodeDecodeError:  # the five bytes cp1252 leaves undefined
                text = raw.decode("latin-1")
        if stats.lines == 1:
            text = text.lstrip("\ufeff")
        yield text


def pick_delimiter(header_line: str) -> str:
    return max(DELIMITERS, key=header_line.count)


@dataclass(frozen=True)
class Row:
    line: int
    values: dict[str, str]  # logical field -> stripped text, only for the columns found


@dataclass(frozen=True)
class BadLine:
    line: int
    reason: str


def map_columns(headers: list[str], aliases: Mapping[str, Iterable[str]]) -> dict[str, int]:
    """Logical field -> column index, taking the first alias (in the alias order) present."""
    positions: dict[str, int] = {}
    for index, header in enumerate(headers):
        positions.setdefault(normalise_header(header), index)
    found: dict[str, int] = {}
    for logical, names in aliases.items():
        for name in names:
            key = normalise_header(name)
            if key in positions:
                found[logical] = positions[key]
                break
    return found


class CsvRows:
    """Iterate the data rows of a file as logical fields, or as bad lines with their reason."""

    def __init__(self, stream: BinaryIO, aliases: Mapping[str, Iterable[str]]) -> None:
        self.stats = DecodingStats()
        lines = decoded_lines(stream, self.stats)
        try:
            header_line = next(lines)
        except StopIteration:
            raise ImportFileError(_("The file is empty.")) from None
        self.delimiter = pick_delimiter(header_line)
        self.headers = next(csv.reader([header_line], delimiter=self.delimiter), [])
        self.columns = map_columns(self.headers, aliases)
        self._lines = lines

    def __iter__(self) -> Iterator[Row | BadLine]:
        reader = csv.reader(self._lines, delimiter=self.delimiter)
        width = len(self.headers)
        # The reader counts the lines it consumed; the header line was consumed before it.
        consumed = 0
        while True:
            start = consumed + 2
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as error:  # e.g. an unclosed quote swallowing the next lines
                consumed = reader.line_num
                yield BadLine(start, _("unreadable CSV (%(error)s)") % {"error": error})
                continue
            consumed = reader.line_num
            if not any(cell.strip() for cell in cells):
                continue  # blank line
            # Trailing empty cells (a stray ";" at the end of a line) are harmless.
            if len(cells) < width or any(cell.strip() for cell in cells[width:]):
                reason = _("expected %(width)d fields, found %(count)d") % {
                    "width": width,
                    "count": len(cells),
                }
                end = consumed + 1
                if end > start:  # a quote opened and never closed ate the following lines
                    reason += " " + _("(lines %(start)d to %(end)d: an unclosed quote?)") % {
                        "start": start,
                        "end": end,
                    }
                yield BadLine(start, reason)
                continue
            values = {logical: cells[index].strip() for logical, index in self.columns.items()}
            yield Row(start, values)
