"""The school's receipt: what a head keeps after acknowledging a notice.

Three forms of one receipt, all reached with the acknowledgment link the head used (or any link
of that notice, which the acknowledgment spent), for RECEIPT_DAYS after the acknowledgment:

- a page (ack_views.ack_view) and its PDF (receipt_pdf.py): the notice exactly as the e-mail
  carried it (its personal link left out), when it was sent and acknowledged, what that proves;
- two RECEIPTs of api.md (relais.proofs.receipts): the notice sent and its acknowledgment, each
  with its opening, so that the school can show what the log's entry is about (the notice, the
  SHA-256 of its subject, text and facts, the mail server's reply; who acknowledged, when), and
  `relais verify` checks it offline.

Reading never acknowledges: a spent link only shows what was recorded.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone

from relais.notices import compose, outbox, queue, services
from relais.notices.models import (
    RECEIPT_DAYS,
    AckLink,
    Acknowledgment,
    AttemptOutcome,
    Notice,
    OutboxAttempt,
    OutboxKind,
    OutboxMessage,
)
from relais.notices.texts import texts_for
from relais.proofs.formats import event_digest
from relais.proofs.models import ProofEntry
from relais.proofs.receipts import receipt_file, receipt_for

WHICH = ("sent", "ack")
# The names of the two files, downloaded or embedded in the PDF.
FILE_NAMES = {
    "sent": "relais-recu-signalement.json",
    "ack": "relais-recu-accuse-de-reception.json",
}
# Where the e-mail carried the personal link: the receipt is shown and shared, the link is not.
LINK_LEFT_OUT = "[lien personnel d'accusé de réception, retiré de ce reçu]"


def _with_opening(entry: ProofEntry, payload: dict[str, Any]) -> dict[str, Any]:
    receipt = receipt_for(entry)
    salt = bytes(entry.salt or b"")
    # Never an opening that does not reproduce the digest (as proofs.receipts.opening_for).
    if salt and payload and event_digest(salt, payload) == entry.digest:
        receipt["opening"] = {"salt": salt.hex(), "payload": payload}
    return receipt


def school_receipt(ack: Acknowledgment, which: str) -> dict[str, Any] | None:
    """ "sent": the notice's receipt; "ack": the acknowledgment's. None when there is none."""
    if which == "sent":
        notice = ack.notice
        if notice.sent_entry is None:
            return None
        return _with_opening(notice.sent_entry, notice.sent_payload)
    if which == "ack" and ack.entry is not None:
        return _with_opening(ack.entry, ack.payload)
    return None


def readable_until(ack: Acknowledgment) -> datetime:
    return ack.acknowledged_at + timedelta(days=RECEIPT_DAYS)


def acknowledgment_for_token(token: str) -> Acknowledgment:
    """The acknowledgment behind a school's link, while its receipt can be read.

    Raises services.LinkUnknown for an unknown token or a notice not acknowledged yet, and
    services.LinkGone("closed") once RECEIPT_DAYS have passed since the acknowledgment.
    """
    if not token or len(token) > services.MAX_TOKEN:
        raise services.LinkUnknown
    link = AckLink.objects.filter(token_digest=queue.token_digest(token)).first()
    if link is None:
        raise services.LinkUnknown
    # Any link of the notice: the acknowledgment spent them all, and one minted by a reminder
    # that left while the head was acknowledging went to the same address.
    ack = (
        Acknowledgment.objects.select_related("notice__alert__school", "link")
        .filter(notice_id=link.notice_id)
        .first()
    )
    if ack is None:
        raise services.LinkUnknown
    if readable_until(ack) <= timezone.now():
        raise services.LinkGone("closed")
    return ack


def _carrier(notice: Notice, ack: Acknowledgment) -> tuple[OutboxMessage, OutboxAttempt] | None:
    """The notice's e-mail and the attempt that delivered it: the one the server accepted, else
    the one whose link the school used (its delivery was proved by the acknowledgment)."""
    message = OutboxMessage.objects.filter(notice=notice, kind=OutboxKind.NOTICE).first()
    if message is None:
        return None
    tries = OutboxAttempt.objects.filter(message=message)
    attempt = tries.filter(outcome=AttemptOutcome.ACCEPTED).order_by("-number").first()
    if attempt is None and ack.link.attempt_id is not None:
        attempt = tries.filter(pk=ack.link.attempt_id).first()
    if attempt is None:
        attempt = tries.order_by("-number").first()
    return (message, attempt) if attempt is not None else None


def sent_email(notice: Notice, ack: Acknowledgment) -> tuple[str, str]:
    """The subject and text of the e-mail that carried the notice, as they left (dates included),
    with the personal link left out."""
    found = _carrier(notice, ack)
    if found is None:  # no e-mail (never the case for an acknowledged notice): the notice
        return notice.subject, compose.quoted_notice(notice, texts_for(notice.jurisdiction))
    message, attempt = found
    link = AckLink.objects.filter(attempt=attempt).first()
    expires = (
        link.expires_at if link else attempt.started_at + timedelta(days=settings.ACK_LINK_DAYS)
    )
    body = outbox.fill(
        message.body,
        link=LINK_LEFT_OUT,
        started=attempt.started_at,
        expires=expires,
        jurisdiction=notice.jurisdiction,
    )
    return message.subject, body


@dataclass(frozen=True)
class Proof:
    """One of the two receipts, as the page and the PDF name it."""

    which: str
    receipt: dict[str, Any]
    file_name: str
    file_sha256: str  # of the JSON file as downloaded now (its tree head may grow a time-stamp)

    @property
    def content(self) -> bytes:
        return receipt_file(self.receipt)


@dataclass(frozen=True)
class SchoolReceiptView:
    """Everything the receipt page and its PDF show."""

    ack: Acknowledgment
    notice: Notice
    reference: str
    subject: str
    body: str
    sent_when: str
    ack_when: str
    readable_until_when: str
    proofs: list[Proof]
    digests: dict[str, str]  # SHA-256 of the notice's subject, text and facts, as logged


def receipt_view_for(ack: Acknowledgment) -> SchoolReceiptView:
    notice = ack.notice
    texts = texts_for(notice.jurisdiction)
    subject, body = sent_email(notice, ack)
    proofs = []
    for which in WHICH:
        receipt = school_receipt(ack, which)
        if receipt is not None:
            content = receipt_file(receipt)
            proofs.append(
                Proof(
                    which=which,
                    receipt=receipt,
                    file_name=FILE_NAMES[which],
                    file_sha256=hashlib.sha256(content).hexdigest(),
                )
            )
    payload = notice.sent_payload or {}
    return SchoolReceiptView(
        ack=ack,
        notice=notice,
        reference=compose.notice_reference(notice),
        subject=subject,
        body=body,
        sent_when=texts.when(notice.sent_at) if notice.sent_at else "",
        ack_when=texts.when(ack.acknowledged_at),
        readable_until_when=texts.when(readable_until(ack)),
        proofs=proofs,
        digests={
            key: str(payload[key])
            for key in ("subject_sha256", "body_sha256", "facts_sha256")
            if key in payload
        },
    )
