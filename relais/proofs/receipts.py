"""Receipts: the self-contained JSON document of api.md, and its one-page PDF rendering."""

from __future__ import annotations

import base64
import json
import time
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from relais.proofs import services, tsa
from relais.proofs.formats import format_time, tree_head_bytes
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
    "document.generated": _("document generated"),
}
PDF_CSS = Path(__file__).parent / "pdf" / "receipt.css"


# After this long waiting for other requests' rounds, a request queues for the lock itself.
WAIT_FOR_ROUND_SECONDS = 2.0


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


def _signed_now(entry: ProofEntry) -> TreeHead | None:
    """Have the entry sequenced and signed, sharing rounds with concurrent requests.

    Queueing on the log's lock would make every request run a round of its own, one after the
    other. Instead a request that finds the lock taken waits for the round in progress, which
    usually covers its entry (group commit); it runs a round itself only when the lock is free.
    """
    deadline = time.monotonic() + WAIT_FOR_ROUND_SECONDS
    while True:
        try:
            signed = services.sequence_and_sign(nowait=time.monotonic() < deadline)
        except services.Busy:
            time.sleep(0.002)
            entry.refresh_from_db(fields=["leaf_index"])
            head = _head_for(entry.leaf_index) if entry.leaf_index is not None else None
            if head is not None:
                return head
            continue
        entry.refresh_from_db(fields=["leaf_index"])
        if entry.leaf_index is None:
            raise NotSequenced("the entry's transaction has not committed")
        if signed is not None and signed.tree_size > entry.leaf_index:
            return signed  # this round sequenced the entry: its head is the earliest to cover it
        return _head_for(entry.leaf_index)


def receipt_for(entry: ProofEntry) -> dict[str, Any]:
    """The RECEIPT of api.md for one entry. Call it after the entry's transaction committed:
    when the entry is not sequenced yet, this sequences and signs at once (it is fast)."""
    head = _signed_now(entry) if entry.leaf_index is None else _head_for(entry.leaf_index)
    assert entry.leaf_index is not None  # _signed_now raises when it cannot sequence
    if head is None:  # sequenced by a round that stopped before signing: sign now
        services.sequence_and_sign()
        head = _head_for(entry.leaf_index)
        if head is None:
            raise NotSequenced("no tree head covers this entry yet")
    proof = services.inclusion_proof(entry.leaf_index, head.tree_size)
    return {
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
    """A name with no personal content: the kind and the leaf index."""
    kind = receipt["entry"]["kind"].replace(".", "-")
    return f"relais-receipt-{kind}-{receipt['leaf_index']}.{extension}"


def receipt_pdf(receipt: dict[str, Any], *, language: str = "fr") -> bytes:
    """One page that says, in the reader's language, what the receipt proves and how to check
    it with `relais verify` or with openssl alone."""
    from weasyprint import CSS, HTML  # heavy import, only when a PDF is asked for

    head = receipt["tree_head"]
    token = None
    if "timestamp_token" in head:
        signed = tree_head_bytes(head["tree_size"], head["root_hash"], head["timestamp"])
        token = tsa.verify_token(base64.b64decode(head["timestamp_token"]), signed)
    kind = receipt["entry"]["kind"]
    with translation.override(language):
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
                "json_name": receipt_filename(receipt, "json"),
            },
        )
    return HTML(string=html).write_pdf(stylesheets=[CSS(filename=str(PDF_CSS))])
