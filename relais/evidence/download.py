"""Sending a sealed file to a browser: streamed, under a neutral name, never cached. Shared by
the staff's vault pages and the school's case page (the stripped copy shared with it)."""

from __future__ import annotations

from typing import cast

from django.http import HttpResponse, StreamingHttpResponse

from relais.evidence.models import EvidenceItem, Sealed
from relais.evidence.services import plaintext

_EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "text/plain": "txt"}


def stream(sealed: Sealed, media_type: str, filename: str, *, inline: bool) -> HttpResponse:
    response = StreamingHttpResponse(plaintext(sealed), content_type=media_type)
    response["Content-Length"] = str(sealed.size)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    # The access decorators are typed for HttpResponse; a streaming answer serves the same.
    return cast(HttpResponse, response)


def file_name(item: EvidenceItem, media_type: str, suffix: str) -> str:
    # Never the uploaded name in a header: a neutral name from the digest.
    return f"evidence-{item.sha256[:12]}-{suffix}.{_EXTENSIONS.get(media_type, 'bin')}"
