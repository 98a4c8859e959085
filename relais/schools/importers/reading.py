"""Reading an open-data CSV file line by line, whatever its vintage.

The ministries' files start with one or two byte-order marks, use ";" (sometimes "," or tabs),
quote fields with doubled quotes, and rename or reorder their columns from one year to the next;
other publishers and spreadsheets re-save them in UTF-16 ("Unicode text", tab-separated) or in
Windows-1252. So: the file is read as a stream of lines (never whole in memory); a UTF-16 file is
recognised from its first bytes (with or without a byte-order mark) and decoded as a whole; any
other file line by line (UTF-8, or Windows-1252 when the bytes are not UTF-8: one line pasted from
a spreadsheet must not turn the rest of the file into mojibake); columns are found by name
through aliases, never by position.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import BinaryIO

from django.utils.translation import gettext as _

from relais.schools.models import fold

BOM = b"\xef\xbb\xbf"
DELIMITERS = (";", ",", "\t", "|")
# Words that spellings of one column name add or drop: "Nom de l'établissement", "Nom
# d'établissement", "nom_etablissement"; "N° FASE", "Numéro FASE", "ndeg_fase" (Opendatasoft's
# slug for "N°").
HEADER_SMALL_WORDS = {"de", "du", "des", "d", "l", "la", "le", "les"}
HEADER_NUMBER = {"n", "ndeg", "no", "num", "numero", "nr"}


class ImportFileError(Exception):
    """The file as a whole cannot be imported (unreadable, or required columns missing)."""


def normalise_header(name: str) -> str:
    """ "N° FASE de l'établissement", "n_fase_etablissement ", "ndeg_fase_d_etablissement" ->
    one comparable key."""
    parts = re.split(r"[^a-z0-9]+", fold(name.replace("\ufeff", "")))
    return "".join(
        "n" if part in HEADER_NUMBER else part
        for part in parts
        if part and part not in HEADER_SMALL_WORDS
    )


@dataclass
class DecodingStats:
    lines: int = 0
    encoding: str = "utf-8"
    legacy_lines: list[int] = field(default_factory=list)  # read as Windows-1252
    damaged_lines: list[int] = field(default_factory=list)  # bytes no encoding could read


def utf16_order(head: bytes) -> str | None:
    """ "utf-16" (the mark tells the order), "utf-16-le", "utf-16-be", or None: not UTF-16.
    Without a mark, a header line of Latin letters has a zero byte in every other place."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    if len(head) >= 4 and head[1] == head[3] == 0 and head[0] and head[2]:
        return "utf-16-le"
    if len(head) >= 4 and head[0] == head[2] == 0 and head[1] and head[3]:
        return "utf-16-be"
    return None


def utf16_lines(stream: BinaryIO, encoding: str, stats: DecodingStats) -> Iterator[str]:
    text = io.TextIOWrapper(stream, encoding=encoding, errors="replace", newline="")
    for line in text:
        stats.lines += 1
        if "\ufffd" in line:
            stats.damaged_lines.append(stats.lines)
        yield line.lstrip("\ufeff") if stats.lines == 1 else line


def decoded_lines(stream: BinaryIO, stats: DecodingStats) -> Iterator[str]:
    """Yield text lines, decoding each one on its own and dropping any leading BOMs."""
    head = stream.read(4)
    stream.seek(0)
    encoding = utf16_order(head)
    if encoding:
        stats.encoding = encoding
        yield from utf16_lines(stream, encoding, stats)
        return
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
