"""The school's receipt as a PDF/A-3: the receipt page on paper, with the two JSON receipts
embedded (the notice's first, so that `relais verify receipt.pdf` checks it as it is) and named
by their digests, so that the printed copy says which files it stands for."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from relais.documents.pdf import Attached, render_pdf
from relais.notices.school_receipts import SchoolReceiptView
from relais.notices.texts import texts_for


def pdf_name(view: SchoolReceiptView) -> str:
    return f"relais-recu-{view.reference}.pdf"


def receipt_pdf(view: SchoolReceiptView) -> bytes:
    """The PDF in the active language; times in the school's own words, zone named."""
    texts = texts_for(view.notice.jurisdiction)
    html = render_to_string(
        "notices/receipt_pdf.html",
        {"view": view, "made_when": texts.when(timezone.now()), "pdf_name": pdf_name(view)},
    )
    files = [
        Attached(
            data=proof.content,
            name=proof.file_name,
            description=f"Relais proof receipt (JSON), SHA-256 {proof.file_sha256}",
            media_type="application/json",
        )
        for proof in view.proofs
    ]
    return render_pdf(html, attachments=files)
