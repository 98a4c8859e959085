"""The evidence dossier: cover, synthesis, timeline, every item with its SHA-256, thumbnails,
OCR excerpts, the originals embedded when chosen, and how to check it all.

Thumbnails come only from the thumbnail copy, which intake made from the STRIPPED copy (no EXIF,
no GPS); they reach WeasyPrint as `relais-blob:` bytes, never as a path. Originals are decrypted
through the vault's reader and embedded as PDF/A-3 attachments with their SHA-256.

What a reporter's dossier holds of each item: the line with its digest always; the thumbnail and
the original only for the files the reporter added themselves (an item a case worker added, for
instance a copy received from the school, is listed but not reproduced).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Prefetch

from relais.alerts.models import Alert, Platform
from relais.documents.pdf import Attached, Blob
from relais.evidence import services as vault
from relais.evidence.models import EvidenceCopy, EvidenceItem
from relais.evidence.timeline import TimelineEntry, timeline_for

# The timeline table stops there (a chat export can hold tens of thousands of messages); every
# item is still listed with its digest, and the exports are attached or in the vault.
MAX_EVENTS = 3000
# Originals are embedded up to this total (they are held in memory while the PDF is written);
# the rest are listed as "too large to attach" and stay in the vault.
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
KIND_WORDS = {
    "message": "message",
    "attachment": "pièce jointe",
    "deleted": "message supprimé",
    "system": "message système",
    "image": "image",
    "document": "document",
    "video": "vidéo",
    "audio": "enregistrement sonore",
    "chat_export": "export de conversation",
    "link": "lien",
}


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
    attachments: list[Attached] = field(default_factory=list)


def facts(events: list[TimelineEntry]) -> list[TimelineEntry]:
    """The timeline without a chat's system lines (encryption notices, "X joined"): they are
    the application's words, not facts of the case."""
    return [entry for entry in events if entry.kind != "system"]


def event_row(entry: TimelineEntry) -> dict[str, Any]:
    text = entry.text
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
        "kind": KIND_WORDS.get(entry.kind, entry.kind),
        "text": text,
        "digest": entry.digest,
        "date_added": entry.date_source == "added",
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
                    Attached(
                        data=b"".join(vault.plaintext(item)),
                        name=row.attachment_name,
                        description=f"Pièce {number} — SHA-256 {item.sha256}",
                        media_type=item.media_type,
                    )
                )
                attached_bytes += item.size
                row.attached = True
            else:
                not_attached += 1
        rows.append(row)
    shown = facts(timeline.events)
    events = shown[:MAX_EVENTS]
    dossier.context = {
        "timeline": timeline,
        "synthesis": timeline.synthesis,
        "others": other_participants(timeline.synthesis),
        "counts": [(KIND_WORDS.get(k, k), n) for k, n in timeline.synthesis.counts.items()],
        "events": [event_row(entry) for entry in events],
        "events_more": max(0, len(shown) - MAX_EVENTS),
        "items": rows,
        "item_count": len(rows),
        "embed_originals": embed_originals,
        "attached_count": len(dossier.attachments),
        "not_attached": not_attached,
        "by_reporter": by_reporter,
    }
    return dossier
