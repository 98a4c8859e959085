"""Rendering HTML to PDF/A-3b with WeasyPrint, with nothing fetched from outside.

WeasyPrint would fetch any URL a template names (http, file). The fetcher here answers only:
- `relais-blob:<name>` from the bytes the caller handed over (thumbnails decrypted from the
  vault: never a path, never an original);
- `data:` URIs;
- `file:` URLs of files inside the project's package, or of the DejaVu font files.
Everything else is refused, so a template (or text typed into one) can neither reach the
network nor read other files of the server.

Fonts are DejaVu (Debian's fonts-dejavu-core, in the Makefile's system packages), declared with
@font-face so that they are embedded in every PDF whatever fontconfig would pick; PDF/A needs
every font embedded.
"""

from __future__ import annotations

import base64
import hashlib
import io
import re
import urllib.parse
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

RELAIS_DIR = Path(__file__).resolve().parent.parent
CSS_FILE = Path(__file__).parent / "pdf" / "documents.css"
BLOB_SCHEME = "relais-blob:"
FONT_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/truetype/liberation"),
)
# family -> (regular, bold), first found wins: DejaVu, else Liberation (fonts-liberation).
FONTS = {
    "Relais Sans": (
        ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
        ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf"),
    ),
    "Relais Mono": (
        ("DejaVuSansMono.ttf", "DejaVuSansMono-Bold.ttf"),
        ("LiberationMono-Regular.ttf", "LiberationMono-Bold.ttf"),
    ),
}


class RefusedURL(ValueError):
    pass


def _font_files() -> dict[str, tuple[Path, Path]]:
    found: dict[str, tuple[Path, Path]] = {}
    for family, choices in FONTS.items():
        for regular, bold in choices:
            for folder in FONT_DIRS:
                if (folder / regular).is_file() and (folder / bold).is_file():
                    found[family] = (folder / regular, folder / bold)
                    break
            if family in found:
                break
    return found


def font_css() -> str:
    """@font-face rules for the embedded fonts (file: URLs the fetcher allows)."""
    rules = []
    for family, (regular, bold) in _font_files().items():
        for path, weight in ((regular, "normal"), (bold, "bold")):
            rules.append(
                f'@font-face {{ font-family: "{family}"; font-weight: {weight}; '
                f'src: url("{path.as_uri()}"); }}'
            )
    return "\n".join(rules)


@dataclass
class Blob:
    data: bytes
    media_type: str


def _allowed_file(url: str) -> Path:
    path = Path(urllib.parse.unquote(urllib.parse.urlsplit(url).path)).resolve()
    fonts = {p.resolve() for pair in _font_files().values() for p in pair}
    if (path in fonts or path.is_relative_to(RELAIS_DIR)) and path.is_file():
        return path
    raise RefusedURL(f"refused: {url[:80]}")


def make_fetcher(blobs: dict[str, Blob]) -> Any:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class Fetcher(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith(BLOB_SCHEME):
                blob = blobs.get(url[len(BLOB_SCHEME) :])
                if blob is None:
                    raise RefusedURL(f"unknown blob: {url[:80]}")
                return URLFetcherResponse(url, blob.data, {"Content-Type": blob.media_type})
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if url.startswith("file:"):
                path = _allowed_file(url)
                return URLFetcherResponse(url, path.read_bytes(), {})
            raise RefusedURL(f"refused: {url[:80]}")

    return Fetcher(allowed_protocols={"data", "file"})


@dataclass
class Attached:
    """A file embedded in the PDF/A-3 (an original, with its digest in the description)."""

    data: bytes
    name: str
    description: str
    media_type: str = "application/octet-stream"


@dataclass
class Streamed:
    """A file to embed without ever holding it whole in memory (an original from the vault):
    `chunks` is called once, when the file is written, and yields its bytes piece by piece."""

    name: str
    description: str
    media_type: str
    chunks: Callable[[], Iterable[bytes]]


def render_pdf(
    html: str,
    *,
    blobs: dict[str, Blob] | None = None,
    attachments: list[Attached] | None = None,
) -> bytes:
    """The PDF/A-3b of `html`, fonts embedded, nothing fetched from outside."""
    from weasyprint import CSS, HTML, Attachment
    from weasyprint.text.fonts import FontConfiguration

    fetcher = make_fetcher(blobs or {})
    fonts = FontConfiguration()
    stylesheets = [
        CSS(string=font_css(), font_config=fonts, url_fetcher=fetcher),
        CSS(filename=str(CSS_FILE), font_config=fonts, url_fetcher=fetcher),
    ]
    files = [
        Attachment(
            file_obj=io.BytesIO(item.data),
            name=item.name,
            description=item.description,
            relationship="Source",
            url_fetcher=fetcher,
        )
        for item in attachments or []
    ]
    document = HTML(string=html, base_url=RELAIS_DIR.as_uri() + "/", url_fetcher=fetcher)
    pdf: bytes = document.write_pdf(
        stylesheets=stylesheets,
        font_config=fonts,
        pdf_variant="pdf/a-3b",
        attachments=files,
    )
    return pdf


def stream_pdf(
    html: str, *, blobs: dict[str, Blob] | None = None, streamed: list[Streamed] | None = None
) -> Iterator[bytes]:
    """The PDF/A-3b of `html` with `streamed` files embedded, piece by piece.

    WeasyPrint holds every attachment in memory (and compresses it), so four 50 MB originals
    cost hundreds of megabytes. Here WeasyPrint writes each attachment as an empty placeholder,
    with its file specification, relationship and name tree as PDF/A-3 wants them; then an
    incremental update (ISO 32000-1, 7.5.6) redefines each placeholder's embedded-file stream
    with the real bytes, read from their source chunk by chunk. Length and checksum are only
    known at the end of a stream, so they are indirect objects written after it. Text (a chat
    export) is deflated on the way; photos, videos and archives are compressed already and go
    in as they are, which costs no time.
    """
    streamed = streamed or []
    placeholders = [
        Attached(data=b"", name=f.name, description=f.description, media_type=f.media_type)
        for f in streamed
    ]
    base = render_pdf(html, blobs=blobs, attachments=placeholders)
    yield base
    if streamed:
        yield from _update(base, streamed)


def _update(base: bytes, streamed: list[Streamed]) -> Iterator[bytes]:
    import pikepdf

    with pikepdf.open(io.BytesIO(base)) as pdf:
        tree = pdf.Root.Names.EmbeddedFiles.Names
        specs = {str(tree[i + 1].F): tree[i + 1] for i in range(0, len(tree), 2)}
        trailer = pdf.trailer
        size = int(trailer.Size)
        fixed = b"/Root %d 0 R" % trailer.Root.objgen[0]
        if "/Info" in trailer:
            fixed += b" /Info %d 0 R" % trailer.Info.objgen[0]
        if "/ID" in trailer:
            fixed += b" /ID " + trailer.ID.unparse()
        targets = []
        for file in streamed:
            stream = specs[file.name].EF.F
            params = stream.Params
            dates = b"/CreationDate %s /ModDate %s" % (
                params.CreationDate.unparse(),
                params.ModDate.unparse(),
            )
            targets.append((stream.objgen[0], stream.Subtype.unparse(), dates))
    found = re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", base)
    if found is None:
        raise ValueError("the rendered PDF has no cross-reference offset")
    previous = int(found.group(1))
    position = len(base)
    offsets: dict[int, int] = {}

    def emit(number: int, body: bytes) -> bytes:
        nonlocal position
        offsets[number] = position
        position += len(body)
        return body

    for index, (file, (number, subtype, dates)) in enumerate(zip(streamed, targets, strict=True)):
        length_number, params_number = size + 2 * index, size + 2 * index + 1
        deflate = zlib.compressobj(6) if file.media_type.startswith("text/") else None
        yield emit(
            number,
            b"%d 0 obj\n<< /Type /EmbeddedFile /Subtype %s /Length %d 0 R /Params %d 0 R%s >>\n"
            b"stream\n"
            % (
                number,
                subtype,
                length_number,
                params_number,
                b" /Filter /FlateDecode" if deflate else b"",
            ),
        )
        digest, count, written = hashlib.md5(usedforsecurity=False), 0, 0
        for chunk in file.chunks():
            digest.update(chunk)
            count += len(chunk)
            out = deflate.compress(chunk) if deflate else chunk
            written += len(out)
            position += len(out)
            yield out
        if deflate:
            out = deflate.flush()
            written += len(out)
            position += len(out)
            yield out
        yield emit(-1, b"\nendstream\nendobj\n")
        yield emit(length_number, b"%d 0 obj\n%d\nendobj\n" % (length_number, written))
        yield emit(
            params_number,
            b"%d 0 obj\n<< /Size %d /CheckSum <%s> %s >>\nendobj\n"
            % (params_number, count, digest.hexdigest().encode(), dates),
        )
    offsets.pop(-1)
    xref_number = size + 2 * len(streamed)
    offsets[xref_number] = position
    numbers = sorted(offsets)
    runs: list[list[int]] = []
    for number in numbers:
        if runs and runs[-1][0] + runs[-1][1] == number:
            runs[-1][1] += 1
        else:
            runs.append([number, 1])
    rows = b"".join(b"\x01" + offsets[n].to_bytes(8, "big") + b"\x00\x00" for n in numbers)
    index_array = b" ".join(b"%d %d" % (start, count) for start, count in runs)
    yield (
        b"%d 0 obj\n<< /Type /XRef /Size %d /Index [%s] /W [1 8 2] /Prev %d %s /Length %d >>\n"
        b"stream\n"
        % (xref_number, xref_number + 1, index_array, previous, fixed, len(rows))
        + rows
        + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % position
    )


def data_uri(data: bytes, media_type: str) -> str:
    return f"data:{media_type};base64,{base64.b64encode(data).decode('ascii')}"
