"""Receipts: the self-contained JSON document of api.md, and its one-page PDF rendering.

A RECEIPT proves that a signed tree head holds the entry; before the signer has merged it, the
entry's PROMISE (promises.py) is what there is, and `proof_for` gives whichever is due. The proof
given to the owner of an event may carry its opening (openings.py); the log and its public
endpoints never hold one.
"""

from __future__ import annotations

import base64
import io
import json
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from relais.proofs import services, tsa
from relais.proofs.formats import format_time, parse_time, tree_head_bytes
from relais.proofs.kinds import kind_label
from relais.proofs.models import ProofEntry, TreeHead
from relais.proofs.openings import opening_for
from relais.proofs.promises import entry_json, promise_for

PDF_CSS = Path(__file__).parent / "pdf" / "receipt.css"
# The name of the receipt's JSON inside its PDF (`relais verify receipt.pdf` reads it).
EMBEDDED_NAME = "receipt.json"
PROMISE_EMBEDDED_NAME = "promise.json"


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


def _receipt(
    entry: ProofEntry, head: TreeHead, proof: list[bytes] | None, *, owner: bool
) -> dict[str, Any]:
    assert entry.leaf_index is not None
    if proof is None:
        proof = services.inclusion_proof(entry.leaf_index, head.tree_size)
    receipt: dict[str, Any] = {
        "version": 1,
        "entry": entry_json(entry),
        "leaf_index": entry.leaf_index,
        "inclusion_proof": [h.hex() for h in proof],
        "tree_head": tree_head_json(head),
        "public_key": head.public_key,
    }
    opening = opening_for(entry) if owner else None
    if opening is not None:
        receipt["opening"] = opening
    return receipt


def receipt_for(entry: ProofEntry, *, owner: bool = False) -> dict[str, Any]:
    """The RECEIPT of api.md for one entry, for an answer that must carry one (an uploaded
    file's, api.md). Call it after the entry's transaction committed: when the signer has not
    merged the entry yet, this sequences and signs at once (it is fast). `owner`: the caller
    checked that the receipt goes to the event's owner, who gets the opening when there is one."""
    found = _head_for(entry.leaf_index) if entry.leaf_index is not None else None
    head, proof = (found, None) if found is not None else _signed_now(entry)
    return _receipt(entry, head, proof, owner=owner)


def proof_for(entry: ProofEntry, *, owner: bool = False) -> dict[str, Any]:
    """The entry's RECEIPT once a signed tree head holds it, its PROMISE before that. Never
    signs a tree head: merging is the signer's work, within the promised delay."""
    head = _head_for(entry.leaf_index) if entry.leaf_index is not None else None
    if head is None:
        return promise_for(entry, owner=owner)
    return _receipt(entry, head, None, owner=owner)


def entries_for_alert(alert: Any) -> list[ProofEntry]:
    """The log entries about one alert, oldest first (by their `alert` column, outside the log)."""
    return list(ProofEntry.objects.filter(alert=alert).order_by("id"))


def proofs_for_alert(alert: Any) -> list[dict[str, Any]]:
    """Every proof of an alert, RECEIPT or PROMISE, for the API's mailbox."""
    return [proof_for(entry) for entry in entries_for_alert(alert)]


def receipt_file(receipt: dict[str, Any]) -> bytes:
    """The RECEIPT or PROMISE as the file a reporter downloads and `relais verify` reads."""
    return (json.dumps(receipt, indent=2, ensure_ascii=True) + "\n").encode("ascii")


def receipt_filename(receipt: dict[str, Any], extension: str) -> str:
    """A neutral name, for a shared phone's downloads folder: "receipt" and the leaf index, or
    for a promise (no leaf index yet) "promise" and the first digits of the digest; never the
    kind of event ("document", "evidence") nor "relais"."""
    if "promise" in receipt:
        return f"promise-{receipt['entry']['digest'][:8]}.{extension}"
    return f"receipt-{receipt['leaf_index']}.{extension}"


def _head_context(receipt: dict[str, Any]) -> dict[str, Any]:
    head = receipt["tree_head"]
    token = None
    if "timestamp_token" in head:
        signed = tree_head_bytes(head["tree_size"], head["root_hash"], head["timestamp"])
        token = tsa.verify_token(base64.b64decode(head["timestamp_token"]), signed)
    return {
        "head": head,
        "token": token,
        # Formatted here: the template's date filter would turn it into local time.
        "token_time": format_time(token.gen_time) if token else "",
        "proof_length": len(receipt["inclusion_proof"]),
        "signed_local": parse_time(head["timestamp"]),
        "token_local": token.gen_time if token else None,
    }


def receipt_pdf(
    receipt: dict[str, Any], *, language: str = "fr", time_zone: str | None = None
) -> bytes:
    """One page that says, in the reader's language and time zone, what the RECEIPT (or the
    PROMISE) proves and how to check it; its JSON is embedded in it (PDF/A-3, as the dossier's
    originals), so that `relais verify receipt.pdf` checks the PDF as it is."""
    from weasyprint import CSS, HTML, Attachment  # heavy import, only when a PDF is asked for

    promised = "promise" in receipt
    json_name = PROMISE_EMBEDDED_NAME if promised else EMBEDDED_NAME
    kind = receipt["entry"]["kind"]
    zone = ZoneInfo(time_zone or settings.TIME_ZONE)
    context = {
        "receipt": receipt,
        "entry": receipt["entry"],
        "kind_label": kind_label(kind),
        "json_name": json_name,
        "pdf_name": receipt_filename(receipt, "pdf"),
        "opening": receipt.get("opening"),
        "recorded_local": parse_time(receipt["entry"]["recorded_at"]),
        "zone_name": str(zone),
    }
    if promised:
        context["promise"] = receipt["promise"]
        context["merge_by_local"] = parse_time(receipt["promise"]["merge_by"])
    else:
        context.update(_head_context(receipt))
    template = "proofs/promise_pdf.html" if promised else "proofs/receipt_pdf.html"
    with translation.override(language), timezone.override(zone):
        html = render_to_string(template, context)
    embedded = Attachment(
        file_obj=io.BytesIO(receipt_file(receipt)),
        name=json_name,
        description="Relais proof (JSON): relais verify",
        relationship="Data",
    )
    pdf: bytes = HTML(string=html).write_pdf(
        stylesheets=[CSS(filename=str(PDF_CSS))], pdf_variant="pdf/a-3b", attachments=[embedded]
    )
    return pdf
