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
import io
import urllib.parse
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


def data_uri(data: bytes, media_type: str) -> str:
    return f"data:{media_type};base64,{base64.b64encode(data).decode('ascii')}"
