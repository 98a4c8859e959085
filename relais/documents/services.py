"""Generating a document (the dossier or a letter), sealing it, proving it, and downloading it.

Storage: the PDF is sealed in the vault's storage ("evidence" alias, `documents/<id>/pdf`) with
its own data key wrapped by the installation key, exactly like an evidence blob
(relais.evidence.crypto), because it holds the same personal data as the vault. Its row keeps
the Sealed fields; `relais.evidence.services.plaintext` opens it. The PDF is written into the
seal piece by piece (the originals straight from the vault), never whole in memory.

A dossier is built once per change: `generate_document` returns the document already sealed for
the same fingerprint of its inputs (dossier.fingerprint) instead of sealing and proof-logging
another. When and where it is built (in the request or by the worker) is tasks.py's business.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.template import engines
from django.template.loader import render_to_string
from django.utils import timezone, translation

from relais.alerts.categories import FRENCH_WORDS
from relais.alerts.models import Alert, Platform
from relais.audit.models import ActorKind, AuditAction
from relais.audit.services import record
from relais.documents import dossier as dossiers
from relais.documents import proof_events
from relais.documents.forms import REQUIRED
from relais.documents.legal import references_for
from relais.documents.models import GeneratedDocument, LetterKind
from relais.documents.pdf import render_pdf, stream_pdf
from relais.evidence import services as vault
from relais.evidence.intake import SealingSink
from relais.evidence.models import EvidenceItem
from relais.evidence.storage import vault_storage
from relais.jurisdictions.packs import get_pack, letter_file
from relais.notices.texts import TextsError, texts_for
from relais.proofs import signing

LANGUAGE = "fr"  # every PDF is in the schools' language; both jurisdictions write French
# Penalties (adult ones) are printed only where they inform an adult reader; never in the
# reminder of the law, which may reach a child, nor in letters to the school. The parents'
# leaflet cites no article at all (one plain sentence in the pack's letter): it is handed to
# parents and must stay short.
SHOWS_PENALTIES = {LetterKind.POLICE_SUMMARY}
PLATFORM_WORDS = {Platform.SMS: "SMS", Platform.OTHER: "une autre plateforme"}
POLICE_EVENTS = 200


def zone_for(jurisdiction: str) -> tuple[str, str]:
    """The time zone documents for this jurisdiction are written in, and its name in words:
    documents are read where the school is (the pack's notices.yaml, as notices)."""
    try:
        texts = texts_for(jurisdiction)
    except TextsError:
        return settings.TIME_ZONE, f"heure de {settings.TIME_ZONE}"
    return texts.time_zone, texts.zone_words


class MissingFields(ValueError):
    """A letter cannot be written without what its form requires (forms.REQUIRED)."""


def storage_name(document_id: uuid.UUID) -> str:
    return f"documents/{document_id}/pdf"


def _platform_words(codes: list[str]) -> list[str]:
    labels = dict(Platform.choices)
    return [PLATFORM_WORDS.get(c) or str(labels.get(c, c)) for c in codes if c]  # type: ignore[call-overload]


def _period(alert: Alert, synthesis: Any) -> dict[str, date | None]:
    """From the reported start date (or the first dated fact, if earlier) to the last dated
    fact; no end when nothing is dated."""
    days = [timezone.localdate(t) for t in (synthesis.first, synthesis.last) if t is not None]
    if alert.started_on:
        days.append(alert.started_on)
    if not days:
        return {"period_start": None, "period_end": None}
    last = timezone.localdate(synthesis.last) if synthesis.last else None
    return {"period_start": min(days), "period_end": max(days) if last else None}


def _common(alert: Alert, kind: str, options: dict[str, Any]) -> dict[str, Any]:
    school = alert.school
    pack = get_pack(school.jurisdiction)
    categories = list(
        dict.fromkeys(FRENCH_WORDS[c].fact for c in alert.categories if c in FRENCH_WORDS)
    )
    # Every letter but the leaflet cites what qualifies the facts reported (the packs'
    # legal_references.yaml, `categories`); the leaflet cites none (see SHOWS_PENALTIES).
    reported = list(alert.categories)
    return {
        "alert": alert,
        "school": school,
        "school_code_name": pack.school_code,
        "authority": school.authority or pack.authority(),
        "organisation": alert.organisation.name if alert.organisation else "Relais",
        "categories": categories or ["harcèlement"],
        "emergency": [{"number": n.number, "name": n.name()} for n in pack.emergency],
        "references": []
        if kind == LetterKind.PARENTS_LEAFLET
        else references_for(school.jurisdiction, kind, reported),
        # The family's own account: what they typed for this document, else the alert's words.
        "account": (options.get("account") or "").strip() or alert.description,
        "show_penalties": kind in SHOWS_PENALTIES,
        "today": timezone.localdate(),
        "now": timezone.localtime(),
        "time_zone": timezone.get_current_timezone_name(),
        "zone_words": zone_for(school.jurisdiction)[1],
    }


def _latest_dossier(alert: Alert) -> GeneratedDocument | None:
    return (
        GeneratedDocument.objects.filter(alert=alert, kind=LetterKind.DOSSIER)
        .order_by("-created_at")
        .first()
    )


def render(
    *, alert: Alert, kind: str, options: dict[str, Any], by_reporter: bool
) -> tuple[Iterator[bytes], dict[str, Any]]:
    """The PDF of one document, piece by piece, and the options worth keeping on its row. The
    page layout is done here; the originals are read from the vault as the pieces are taken."""
    from relais.timeline.selectors import timeline_for

    zone = zone_for(alert.school.jurisdiction)[0]
    with translation.override(LANGUAGE), timezone.override(ZoneInfo(zone)):
        context = _common(alert, kind, options)
        context["o"] = options
        context["kind"] = kind
        kept: dict[str, Any] = {}
        if kind == LetterKind.DOSSIER:
            embed = bool(options.get("embed_originals"))
            built = dossiers.build(alert, embed_originals=embed, by_reporter=by_reporter)
            context.update(built.context)
            context.update(_period(alert, built.context["synthesis"]))
            context["platforms"] = _platform_words(built.context["synthesis"].platforms)
            context["public_key"] = signing.public_pem()
            context["key_id"] = signing.key_id()
            html = render_to_string("documents/pdf/dossier.html", context)
            kept = {"embed_originals": embed, "items": built.context["item_count"]}
            return stream_pdf(html, blobs=built.blobs, streamed=built.attachments), kept
        timeline = timeline_for(alert)
        facts = dossiers.facts(timeline.events)
        # A chat's system lines are not facts: they neither open the period nor name anyone.
        synthesis = dossiers.facts_synthesis(alert, facts)
        context["timeline"] = timeline
        context["synthesis"] = synthesis
        context["others"] = dossiers.other_participants(synthesis)
        context.update(_period(alert, synthesis))
        context["platforms"] = _platform_words(synthesis.platforms or alert.platforms)
        context["dossier"] = _latest_dossier(alert)
        context["item_count"] = EvidenceItem.objects.filter(
            alert=alert, withdrawn_at__isnull=True
        ).count()
        unconfirmed = dossiers.unconfirmed_orders(alert)
        context["unconfirmed_orders"] = list(unconfirmed.values())
        if kind == LetterKind.POLICE_SUMMARY:
            shown = facts[:POLICE_EVENTS]
            context["events"] = [dossiers.event_row(e, unconfirmed) for e in shown]
            context["events_more"] = max(0, len(facts) - POLICE_EVENTS)
        return iter([render_pdf(letter(alert.school.jurisdiction, kind).render(context))]), kept


def letter(jurisdiction: str, kind: str) -> Any:
    """The letter's template, from the jurisdiction's pack (letters/<kind>.html): read from the
    pack's folder rather than the template dirs, so that a pack is its letters too."""
    text = letter_file(jurisdiction, kind).read_text(encoding="utf-8")
    return engines["django"].from_string(text)


def _seal(document_id: uuid.UUID, pdf: Iterable[bytes]) -> dict[str, Any]:
    sink = SealingSink(storage=vault_storage(), name=storage_name(document_id), blob_id=document_id)
    try:
        for piece in pdf:
            sink.write(piece)
        sealed = sink.seal()
    except BaseException:
        sink.abort()
        raise
    return {
        "blob_name": sealed.name,
        "size": sealed.size,
        "sha256": sealed.sha256,
        "key_id": sealed.key_id,
        "wrapped_key": sealed.wrapped_key,
        "chunk_size": sealed.chunk_size,
    }


def generate_document(
    *, alert: Alert, kind: str, options: dict[str, Any], actor: Any, actor_kind: str
) -> GeneratedDocument:
    """Render a document for the alert, seal it in the vault's storage, and record it.

    `options` are a DocumentForm's cleaned data (no name unless typed); a letter that needs a
    sender or a recipient (forms.REQUIRED) is refused with MissingFields, leaving nothing.
    `actor_kind` is "reporter" (the mailbox: actor None) or "staff" (actor: the case worker,
    whose access the caller checked). In one transaction: the row, the proof entry
    "document.generated" (payload: alert, document, kind, SHA-256 and size of the PDF) and the
    audit row. The sealed blob is deleted again if that transaction fails.

    A dossier whose inputs have not changed since one was sealed (same fingerprint) is not
    made again: that document is returned, with no new seal, proof entry or audit row.
    """
    if kind not in LetterKind.values:
        raise ValueError(f"unknown document kind {kind!r}")
    missing = [name for name in REQUIRED.get(kind, ()) if not options.get(name)]
    if missing:
        raise MissingFields(f"a {kind} needs {', '.join(missing)}")
    by_reporter = actor_kind != ActorKind.STAFF
    fingerprint = ""
    if kind == LetterKind.DOSSIER:
        fingerprint = dossiers.fingerprint(alert, options=options, by_reporter=by_reporter)
        same = sealed_dossier(alert, fingerprint)
        if same is not None:
            return same
    pdf, kept = render(alert=alert, kind=kind, options=options, by_reporter=by_reporter)
    document_id = uuid.uuid4()
    sealed = _seal(document_id, pdf)
    try:
        with transaction.atomic():
            entry = proof_events.document_generated(
                alert=alert, document_id=document_id, kind=kind, sealed=sealed
            )
            document = GeneratedDocument.objects.create(
                id=document_id,
                alert=alert,
                kind=kind,
                jurisdiction=alert.school.jurisdiction,
                made_by=GeneratedDocument.Author.STAFF if not by_reporter else "reporter",
                staff_user=actor if not by_reporter else None,
                options=kept,
                fingerprint=fingerprint,
                media_type="application/pdf",
                proof_entry=entry,
                **sealed,
            )
            record(
                actor=actor,
                actor_kind=actor_kind,
                action=AuditAction.DOCUMENT_GENERATED,
                obj=document,
                kind=kind,
                sha256=sealed["sha256"],
                size=sealed["size"],
            )
    except BaseException:
        vault_storage().delete(sealed["blob_name"])
        raise
    return document


def sealed_dossier(alert: Alert, fingerprint: str) -> GeneratedDocument | None:
    """The dossier already sealed for these inputs, if any."""
    return (
        GeneratedDocument.objects.filter(
            alert=alert, kind=LetterKind.DOSSIER, fingerprint=fingerprint
        )
        .order_by("-created_at")
        .first()
    )


def open_document(*, document: GeneratedDocument, actor: Any, actor_kind: str) -> Iterator[bytes]:
    """Audit a download (the caller checked access), then the PDF's bytes, chunk by chunk."""
    with transaction.atomic():
        record(
            actor=actor,
            actor_kind=actor_kind,
            action=AuditAction.DOCUMENT_DOWNLOADED,
            obj=document,
            sha256=document.sha256,
        )
    return vault.plaintext(document)
