"""Receipts: the self-contained JSON document of api.md, and its one-page PDF rendering.

The receipt given to the owner of an event may carry its opening (api.md): the entry's salt and
the payload its digest covers, so that the owner can show what the entry is about, and
`relais verify RECEIPT --file CONTENT` can check that CONTENT is the file the payload names. The
log and its public endpoints never hold an opening: only the owner's downloads add it.
"""

from __future__ import annotations

import base64
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from relais.proofs import services, tsa
from relais.proofs.formats import event_digest, format_time, parse_time, tree_head_bytes
from relais.proofs.models import ProofEntry, TreeHead

KIND_LABELS = {
    "alert.received": _("alert received"),
    "message.received": _("message received from the reporter"),
    "consent.changed": _("consent changed"),
    "notice.sent": _("notice sent to the school"),
    "notice.acknowledged": _("notice acknowledged by the school"),
    "evidence.sealed": _("evidence sealed in the vault"),
    "evidence.imported": _("chat export read into the timeline"),
    "evidence.link_captured": _("link to online content recorded"),
    "evidence.withdrawn": _("file taken back by whoever sent it"),
    "evidence.participant_role": _("who someone in a chat is, as the family says"),
    "evidence.occurred_at_corrected": _("date of a file, a message or a link given or corrected"),
    "document.generated": _("document generated"),
}
PDF_CSS = Path(__file__).parent / "pdf" / "receipt.css"
# The name of the receipt's JSON inside its PDF (`relais verify receipt.pdf` reads it).
EMBEDDED_NAME = "receipt.json"


def _document_payload(entry: ProofEntry) -> dict[str, Any] | None:
    from relais.documents.models import GeneratedDocument

    document = GeneratedDocument.objects.filter(proof_entry=entry).first()
    if document is None:
        return None
    return {
        "alert": str(document.alert_id),
        "document": str(document.pk),
        "kind": document.kind,
        "sha256": document.sha256,
        "size": document.size,
    }


def _evidence_payload(entry: ProofEntry) -> dict[str, Any] | None:
    from relais.evidence.models import EvidenceItem

    item = EvidenceItem.objects.filter(proof_entry=entry).first()
    if item is None:
        return None
    return {
        "alert": str(item.alert_id),
        "item": str(item.pk),
        "sha256": item.sha256,
        "size": item.size,
        "media_type": item.media_type,
    }


# The payloads Relais can rebuild from the object an entry is about, by kind: those written by
# relais.documents.services.generate_document and relais.evidence.services.seal_evidence. Each
# names a file by its SHA-256, which `relais verify --file` checks.
PAYLOADS: dict[str, Callable[[ProofEntry], dict[str, Any] | None]] = {
    "document.generated": _document_payload,
    "evidence.sealed": _evidence_payload,
}


def opening_for(entry: ProofEntry) -> dict[str, Any] | None:
    """The entry's opening ({"salt", "payload"}) for its owner, or None when Relais cannot
    rebuild the payload. Given only when it reproduces the entry's digest: a receipt must never
    carry an opening that does not check."""
    build = PAYLOADS.get(entry.kind)
    payload = build(entry) if build else None
    if payload is None or not entry.salt:
        return None
    salt = bytes(entry.salt)
    if event_digest(salt, payload) != entry.digest:
        return None
    return {"salt": salt.hex(), "payload": payload}


class NotSequenced(Exception):
    """The entry is not visible to the sequencer yet: its transaction has not committed."""


def _head_for(leaf_index: int) -> TreeHead | None:
    """The earliest head that covers the leaf and has a token, else the earliest that covers it:
    the tightest bound on when the entry existed, with the authority's word when there is one."""
    covering = TreeHead.objects.filter(tree_size__gt=leaf_index).order_by("tree_size")
    return covering.exclude(timestamp_token="").first() or covering.first()


def tree_head_json(head: TreeHead) -> dict[str, Any]:
    """A signed tree head as api.md spells it (also the tree-head endpoint's answer)."""
    data: dict[str, Any] = {
        "tree_size": head.tree_size,
        "root_hash": head.root_hash,
        "timestamp": format_time(head.timestamp),
        "key_id": head.key_id,
        "signature": head.signature,
    }
    if head.timestamp_token:
        data["timestamp_token"] = head.timestamp_token
    return data


def _signed_now(entry: ProofEntry) -> tuple[TreeHead, list[bytes] | None]:
    """Have the entry sequenced and signed now, after its transaction committed.

    The round queues on the log's lock, which costs no CPU while another round runs, then folds
    this one entry, unless the signer did meanwhile. Polling the lock instead (an earlier
    version) burned the CPU the other requests needed.
    """
    done = services.run_round(want=entry.id)
    if done.leaf_index is not None and done.head is not None:
        entry.leaf_index = done.leaf_index  # signed by the round that sequenced it: the earliest
        return done.head, done.proof
    entry.refresh_from_db(fields=["leaf_index"])  # an earlier round sequenced it, and signed
    if entry.leaf_index is None:
        raise NotSequenced("the entry's transaction has not committed")
    head = _head_for(entry.leaf_index)
    if head is None:
        raise NotSequenced("no tree head covers this entry yet")
    return head, None


def receipt_for(
    entry: ProofEntry, signed: services.Round | None = None, *, owner: bool = False
) -> dict[str, Any]:
    """The RECEIPT of api.md for one entry. Call it after the entry's transaction committed:
    when the entry is not sequenced yet, this sequences and signs at once (it is fast).
    `signed` is the round its own transaction ran, when there was one (append_and_sign).
    `owner`: the caller checked that the receipt goes to the event's owner, who gets the
    opening when there is one."""
    if signed is not None and signed.head is not None and signed.leaf_index is not None:
        entry.leaf_index = signed.leaf_index
        head, proof = signed.head, signed.proof
    else:
        found = _head_for(entry.leaf_index) if entry.leaf_index is not None else None
        head, proof = (found, None) if found is not None else _signed_now(entry)
    assert entry.leaf_index is not None
    if proof is None:
        proof = services.inclusion_proof(entry.leaf_index, head.tree_size)
    receipt: dict[str, Any] = {
        "version": 1,
        "entry": {
            "kind": entry.kind,
            "digest": entry.digest,
            "recorded_at": format_time(entry.recorded_at),
        },
        "leaf_index": entry.leaf_index,
        "inclusion_proof": [h.hex() for h in proof],
        "tree_head": tree_head_json(head),
        "public_key": head.public_key,
    }
    opening = opening_for(entry) if owner else None
    if opening is not None:
        receipt["opening"] = opening
    return receipt


def entries_for_alert(alert: Any) -> list[ProofEntry]:
    """The log entries about one alert, oldest first (through ProofLink, outside the log)."""
    return list(ProofEntry.objects.filter(link__alert=alert).order_by("id"))


def receipts_for_alert(alert: Any) -> list[dict[str, Any]]:
    """Every receipt of an alert, for the reporter's mailbox and the API."""
    return [receipt_for(entry) for entry in entries_for_alert(alert)]


def receipt_file(receipt: dict[str, Any]) -> bytes:
    """The receipt as the file a reporter downloads and `relais verify` reads."""

    return (json.dumps(receipt, indent=2, ensure_ascii=True) + "\n").encode("ascii")


def receipt_filename(receipt: dict[str, Any], extension: str) -> str:
    """A neutral name, for a shared phone's downloads folder: "receipt" and the leaf index;
    never the kind of event ("document", "evidence") nor "relais"."""
    return f"receipt-{receipt['leaf_index']}.{extension}"


def receipt_pdf(
    receipt: dict[str, Any], *, language: str = "fr", time_zone: str | None = None
) -> bytes:
    """One page that says, in the reader's language and time zone, what the receipt proves
    and how to check it; the receipt's JSON is embedded in it (PDF/A-3, as the dossier's
    originals), so that `relais verify receipt.pdf` checks the PDF as it is."""
    from weasyprint import CSS, HTML, Attachment  # heavy import, only when a PDF is asked for

    head = receipt["tree_head"]
    token = None
    if "timestamp_token" in head:
        signed = tree_head_bytes(head["tree_size"], head["root_hash"], head["timestamp"])
        token = tsa.verify_token(base64.b64decode(head["timestamp_token"]), signed)
    kind = receipt["entry"]["kind"]
    zone = ZoneInfo(time_zone or settings.TIME_ZONE)
    with translation.override(language), timezone.override(zone):
        html = render_to_string(
            "proofs/receipt_pdf.html",
            {
                "receipt": receipt,
                "entry": receipt["entry"],
                "head": head,
                "kind_label": KIND_LABELS.get(kind, kind),
                "token": token,
                # Formatted here: the template's date filter would turn it into local time.
                "token_time": format_time(token.gen_time) if token else "",
                "proof_length": len(receipt["inclusion_proof"]),
                "json_name": EMBEDDED_NAME,
                "pdf_name": receipt_filename(receipt, "pdf"),
                "opening": receipt.get("opening"),
                "recorded_local": parse_time(receipt["entry"]["recorded_at"]),
                "signed_local": parse_time(head["timestamp"]),
                "token_local": token.gen_time if token else None,
                "zone_name": str(zone),
            },
        )
    embedded = Attachment(
        file_obj=io.BytesIO(receipt_file(receipt)),
        name=EMBEDDED_NAME,
        description="Relais proof receipt (JSON): relais verify",
        relationship="Data",
    )
    pdf: bytes = HTML(string=html).write_pdf(
        stylesheets=[CSS(filename=str(PDF_CSS))], pdf_variant="pdf/a-3b", attachments=[embedded]
    )
    return pdf
