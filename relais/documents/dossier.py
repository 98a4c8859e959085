"""The evidence dossier: cover, synthesis, timeline, every item with its SHA-256, thumbnails,
OCR excerpts, the originals embedded when chosen, and how to check it all; and the fingerprint
of everything a dossier is made from, so that it is built once per change.

Thumbnails come only from the thumbnail copy, which intake made from the STRIPPED copy (no EXIF,
no GPS); they reach WeasyPrint as `relais-blob:` bytes, never as a path. Originals are decrypted
through the vault's reader, chunk by chunk, straight into the PDF (pdf.stream_pdf), and embedded
as PDF/A-3 attachments with their SHA-256: never whole in memory.

What a reporter's dossier holds of each item: the line with its digest always; the thumbnail and
the original only for the files the reporter added themselves (an item a case worker added, for
instance a copy received from the school, is listed but not reproduced).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Count, Max, Prefetch
from django.utils.crypto import salted_hmac

from relais.alerts.models import Alert, Platform
from relais.chatexports.whatsapp_kinds import omitted_marker
from relais.documents.models import LegalReference
from relais.documents.pdf import Blob, Streamed
from relais.evidence import services as vault
from relais.evidence.models import EvidenceCopy, EvidenceItem
from relais.proofs import signing
from relais.timeline.import_problems import reports_for
from relais.timeline.models import ChatImport, EvidenceText, LinkCapture, Participant, TimelineEvent
from relais.timeline.selectors import (
    Synthesis,
    TimelineEntry,
    roles_of,
    synthesis_of,
    timeline_for,
)

# Raised when the dossier's layout changes, so that the next request builds it anew.
FORMAT = 1
# The timeline table stops there (a chat export can hold tens of thousands of messages); every
# item is still listed with its digest, and the exports are attached or in the vault.
MAX_EVENTS = 3000
# Originals are embedded up to this total (streamed from the vault, but the PDF must stay a file
# one can send); the rest are listed as "too large to attach" and stay in the vault.
MAX_ATTACHED_BYTES = 200 * 1024 * 1024
EXTENSIONS = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/gif": "gif",
    "image/webp": "webp",
    "image/heic": "heic",
    "application/pdf": "pdf",
    "video/mp4": "mp4",
    "video/quicktime": "mov",
    "audio/mpeg": "mp3",
    "audio/mp4": "m4a",
    "text/plain": "txt",
    "application/zip": "zip",
}
PLATFORMS = {**dict(Platform.choices), "sms": "SMS", "other": "autre plateforme"}
# Timeline kinds in the documents' French: (one, several).
KIND_WORDS = {
    "message": ("message", "messages"),
    "attachment": ("pièce jointe", "pièces jointes"),
    "sticker": ("autocollant", "autocollants"),
    "deleted": ("message supprimé", "messages supprimés"),
    "system": ("message système", "messages système"),
    "unreadable": ("ligne illisible", "lignes illisibles"),
    "image": ("image", "images"),
    "document": ("document", "documents"),
    "video": ("vidéo", "vidéos"),
    "audio": ("enregistrement sonore", "enregistrements sonores"),
    "chat_export": ("export de conversation", "exports de conversation"),
    "link": ("lien", "liens"),
}
# What an export wrote in place of a file it left out ("image omitted", "<Médias omis>"), as
# the document says it: the export's own words are in English or the phone's language.
OMITTED_WORDS = {
    "sticker": "[autocollant]",
    "image": "[image non jointe à l'export]",
    "video": "[vidéo non jointe à l'export]",
    "audio": "[enregistrement sonore non joint à l'export]",
    "gif": "[GIF non joint à l'export]",
    "document": "[document non joint à l'export]",
    "media": "[fichier non joint à l'export]",
}


def kind_word(kind: str, count: int = 1) -> str:
    one, several = KIND_WORDS.get(kind, (kind, kind))
    return one if count == 1 else several


# Who the people of a chat export are, as the family said (evidence.Participant.Role), in the
# documents' French; "" until the family says.
ROLE_WORDS = {
    "victim": "l'élève victime",
    "alleged_author": "auteur présumé",
    "witness": "témoin",
    "friend": "ami·e",
    "me": "la personne qui signale",
    "unknown": "rôle inconnu de la famille",
    "": "rôle non précisé par la famille",
}


def other_participants(synthesis: Any) -> list[dict[str, str]]:
    """Everyone who wrote in the chat exports and is not an alleged author, with the role the
    family gave: the documents never list a participant as an author on their own account."""
    authors = set(synthesis.authors)
    return [
        {"handle": person.handle, "role": ROLE_WORDS.get(person.role, person.role)}
        for person in getattr(synthesis, "participants", [])
        if person.handle not in authors
    ]


@dataclass
class DossierItem:
    number: int
    item: EvidenceItem
    thumbnail: str = ""  # the relais-blob: URL, when there is one to show
    ocr: str = ""
    attached: bool = False
    attachment_name: str = ""


@dataclass
class Dossier:
    context: dict[str, Any]
    blobs: dict[str, Blob] = field(default_factory=dict)
    attachments: list[Streamed] = field(default_factory=list)


def facts(events: list[TimelineEntry]) -> list[TimelineEntry]:
    """The timeline without a chat's system lines (encryption notices, "X joined"): they are
    the application's words, not facts of the case."""
    return [entry for entry in events if entry.kind != "system"]


def facts_synthesis(alert: Alert, events: list[TimelineEntry]) -> Synthesis:
    """The synthesis of the facts alone: a system line (the encryption notice at the top of
    every chat) neither opens the period nor is counted."""
    return synthesis_of(events, roles_of(alert))


def counts(synthesis: Synthesis) -> list[str]:
    """ "3 messages", "1 autocollant"... in the documents' French."""
    return [f"{n} {kind_word(kind, n)}" for kind, n in synthesis.counts.items()]


def unconfirmed_orders(alert: Alert) -> dict[Any, str]:
    """The alert's chat exports whose order of day and month is still a guess (the family has
    not answered the question: relais.timeline.import_problems), item id -> name."""
    return {
        report.item.pk: report.item.display_name or "export"
        for report in reports_for(alert)
        if report.question is not None
    }


def event_row(entry: TimelineEntry, unconfirmed: Any = ()) -> dict[str, Any]:
    """One row of a document's chronology; `unconfirmed` holds the ids of the exports whose
    date order is not confirmed, whose dated rows are marked (†)."""
    text = entry.text
    if entry.kind == "unreadable":
        # Never in anybody's mouth: the raw line, said to be one Relais could not read.
        where = f"ligne {entry.line} " if entry.line else "ligne "
        text = f"({where}que Relais n'a pas pu lire, attribuée à personne) {text}"
    elif entry.kind in ("sticker", "attachment") and not entry.attachments:
        marker = omitted_marker(text)
        if marker is not None:
            text = OMITTED_WORDS[marker]
    if entry.kind == "link":
        text = (
            "(lien vers un contenu illégal, non reproduit)"
            if entry.sexual_image_of_minor
            else entry.url
        )
    elif not text and entry.display_name:
        text = entry.display_name
    return {
        "occurred_at": entry.occurred_at,
        "author": entry.author or "",
        "platform": PLATFORMS.get(entry.platform, entry.platform),
        "kind": kind_word(entry.kind),
        "text": text,
        "digest": entry.digest,
        "date_added": entry.date_source == "added",
        "order_unconfirmed": entry.occurred_at is not None and entry.evidence_id in unconfirmed,
    }


def build(alert: Alert, *, embed_originals: bool, by_reporter: bool) -> Dossier:
    """Everything the dossier template needs, the thumbnails' bytes and the attachments."""
    timeline = timeline_for(alert)
    thumbnails = Prefetch(
        "copies", queryset=EvidenceCopy.objects.filter(kind=EvidenceCopy.Kind.THUMBNAIL)
    )
    items = (
        EvidenceItem.objects.filter(alert=alert, withdrawn_at__isnull=True)
        .select_related("ocr", "proof_entry")
        .prefetch_related(thumbnails)
        .order_by("occurred_at", "created_at")
    )
    dossier = Dossier(context={})
    rows: list[DossierItem] = []
    attached_bytes = 0
    budget = MAX_ATTACHED_BYTES
    not_attached = 0
    for number, item in enumerate(items, start=1):
        row = DossierItem(number=number, item=item)
        reproducible = not by_reporter or item.uploaded_by == EvidenceItem.Uploader.REPORTER
        copies = list(item.copies.all())
        if copies and reproducible:
            thumb = copies[0]
            key = f"thumb/{thumb.pk}"
            dossier.blobs[key] = Blob(b"".join(vault.plaintext(thumb)), thumb.media_type)
            row.thumbnail = f"relais-blob:{key}"
        try:
            ocr = item.ocr
        except ObjectDoesNotExist:
            ocr = None
        if ocr is not None and ocr.text:
            row.ocr = ocr.text[:600]
        if embed_originals and reproducible:
            if attached_bytes + item.size <= budget:
                ext = EXTENSIONS.get(item.media_type, "bin")
                row.attachment_name = f"piece-{number:03d}-{item.sha256[:12]}.{ext}"
                dossier.attachments.append(
                    Streamed(
                        name=row.attachment_name,
                        description=f"Pièce {number} — SHA-256 {item.sha256}",
                        media_type=item.media_type,
                        chunks=partial(vault.plaintext, item),
                    )
                )
                attached_bytes += item.size
                row.attached = True
            else:
                not_attached += 1
        rows.append(row)
    shown = facts(timeline.events)
    events = shown[:MAX_EVENTS]
    synthesis = facts_synthesis(alert, shown)
    unconfirmed = unconfirmed_orders(alert)
    rows_shown = [event_row(entry, unconfirmed) for entry in events]
    dossier.context = {
        "timeline": timeline,
        "synthesis": synthesis,
        "others": other_participants(synthesis),
        "counts": counts(synthesis),
        "events": rows_shown,
        "any_date_added": any(row["date_added"] for row in rows_shown),
        "unconfirmed_orders": list(unconfirmed.values()),
        "events_more": max(0, len(shown) - MAX_EVENTS),
        "items": rows,
        "item_count": len(rows),
        "embed_originals": embed_originals,
        "attached_count": len(dossier.attachments),
        "not_attached": not_attached,
        "by_reporter": by_reporter,
    }
    return dossier


def typed_options(alert: Alert, options: dict[str, Any]) -> dict[str, Any]:
    """What the family chose for the dossier, as it changes the PDF: the account they typed
    counts only when it differs from the report's words, which it starts as."""
    account = (options.get("account") or "").strip()
    return {
        "embed_originals": bool(options.get("embed_originals")),
        "victim_name": (options.get("victim_name") or "").strip(),
        "account": "" if account == alert.description.strip() else account,
    }


def fingerprint(alert: Alert, *, options: dict[str, Any], by_reporter: bool) -> str:
    """A keyed digest of everything the dossier is made from: the same fingerprint gives the
    same document, so it is built (sealed and proof-logged) once per change.

    Inputs: the report's words, categories, dates, platforms and school; every item with its
    digest, copies, read text, withdrawal and last change (dates corrected, notes); the chat
    exports' events (how many, their last correction) and participants' roles; captured links;
    the law cited; the signing key printed in it; the family's choices and typed words; who makes
    it (a reporter's dossier leaves out what staff added). Keyed with the installation's secret
    (salted_hmac) because typed names go into it: the column must not let anyone test a guess.
    """
    items = EvidenceItem.objects.filter(alert=alert).order_by("pk")
    events = TimelineEvent.objects.filter(item__alert=alert).aggregate(
        n=Count("pk"), last=Max("updated_at")
    )
    law = LegalReference.objects.filter(jurisdiction=alert.school.jurisdiction).aggregate(
        n=Count("pk"), last=Max("updated_at")
    )
    inputs = {
        "format": FORMAT,
        "alert": [
            alert.description,
            alert.categories,
            alert.started_on,
            alert.platforms,
            alert.school_id,
            alert.school.updated_at,
            alert.organisation_id,
        ],
        "items": list(
            items.values_list("pk", "sha256", "updated_at", "withdrawn_at", "uploaded_by")
        ),
        "copies": list(
            EvidenceCopy.objects.filter(item__alert=alert).order_by("pk").values_list("pk")
        ),
        "texts": list(
            EvidenceText.objects.filter(item__alert=alert)
            .order_by("item_id")
            .values_list("item_id", "updated_at")
        ),
        "imports": list(
            ChatImport.objects.filter(item__alert=alert)
            .order_by("item_id")
            .values_list("item_id", "events_digest", "updated_at")
        ),
        "events": [events["n"], events["last"]],
        "participants": list(
            Participant.objects.filter(alert=alert)
            .order_by("handle", "pk")
            .values_list("handle", "role", "updated_at")
        ),
        "links": list(
            LinkCapture.objects.filter(alert=alert).order_by("pk").values_list("pk", "updated_at")
        ),
        "law": [law["n"], law["last"]],
        "key": signing.key_id(),
        "options": typed_options(alert, options),
        "by_reporter": by_reporter,
    }
    text = json.dumps(inputs, default=str, sort_keys=True, ensure_ascii=False)
    return salted_hmac("relais.documents.dossier", text, algorithm="sha256").hexdigest()
