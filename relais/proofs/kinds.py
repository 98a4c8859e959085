"""The kinds of event the proof log holds, with their words for the reader of a receipt.

A kind's value is signed: it is part of every entry's leaf bytes (formats.entry_bytes), so a value
never changes, not even by one byte, and a kind no longer appended stays here for the receipts
that carry it. `services.append` refuses a kind that is not a member; `relais verify` reads any
well-formed kind, so that a receipt made before a kind was named here still verifies.

Each app that records proof-worthy events appends them from its own `proof_events.py`, one
function per kind (docs/proofs.md, "Where a payload is built").
"""

from __future__ import annotations

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class ProofKind(models.TextChoices):
    # relais/alerts/proof_events.py
    ALERT_RECEIVED = "alert.received", _("alert received")
    MESSAGE_RECEIVED = "message.received", _("message received from the reporter")
    CONSENT_CHANGED = "consent.changed", _("consent changed")
    # relais/notices/proof_events.py
    NOTICE_SENT = "notice.sent", _("notice sent to the school")
    NOTICE_ACKNOWLEDGED = "notice.acknowledged", _("notice acknowledged by the school")
    # The vault
    EVIDENCE_SEALED = "evidence.sealed", _("evidence sealed in the vault")
    EVIDENCE_WITHDRAWN = "evidence.withdrawn", _("file taken back by whoever sent it")
    # The timeline
    EVIDENCE_IMPORTED = "evidence.imported", _("chat export read into the timeline")
    EVIDENCE_LINK_CAPTURED = "evidence.link_captured", _("link to online content recorded")
    EVIDENCE_PARTICIPANT_ROLE = (
        "evidence.participant_role",
        _("who someone in a chat is, as the family says"),
    )
    EVIDENCE_DATE_CORRECTED = (
        "evidence.occurred_at_corrected",
        _("date of a file, a message or a link given or corrected"),
    )
    # relais/documents/proof_events.py
    DOCUMENT_GENERATED = "document.generated", _("document generated")
    # relais/cases/proof_events.py: what the school did, as the family and a court may rely on it
    CASE_OPENED = "case.opened", _("case opened by the school")
    CASE_STEP_RECORDED = "case.step_recorded", _("step of the school's protocol recorded")
    CASE_CLOSED = "case.closed", _("case closed by the school")
    REFERRAL_SENT = "referral.sent", _("case referred to a service")
    REFERRAL_ANSWERED = "referral.answered", _("a service answered a referral")
    REFERRAL_RESENT = "referral.resent", _("the school sent a service its referral's link again")


def kind_label(kind: str) -> str | Promise:
    """The reader's words for a kind, translated when shown (lazily: a receipt's PDF is
    rendered in the reader's language); a kind this version does not name reads as its code."""
    return ProofKind(kind).label if kind in ProofKind.values else kind
