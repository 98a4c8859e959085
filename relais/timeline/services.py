"""Writes of the timeline: correcting when something happened, capturing a link, saying who
is who among the people of a chat export.

Each runs in one transaction with its audit row and its proof entry.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from django.db import transaction

from relais.alerts.models import Alert, Platform
from relais.audit.models import ActorKind, AuditAction
from relais.audit.services import record
from relais.evidence.models import EvidenceItem
from relais.proofs.formats import format_time
from relais.proofs.kinds import ProofKind
from relais.timeline import proof_events
from relais.timeline.models import LinkCapture, Participant, TimelineEvent
from relais.timeline.selectors import participants_of

Target = EvidenceItem | TimelineEvent | LinkCapture
CORRECTED = ProofKind.EVIDENCE_DATE_CORRECTED  # the proof kind (and the audit action's value)

# The date field and its "as first given" twin of each kind of timeline entry.
_FIELDS: dict[type, tuple[str, str]] = {
    EvidenceItem: ("occurred_at", "original_occurred_at"),
    TimelineEvent: ("occurred_at", "original_occurred_at"),
    LinkCapture: ("seen_at", "original_seen_at"),
}

# Hosts of the platforms we know (the host itself or any subdomain of it).
_HOSTS = {
    "whatsapp.com": Platform.WHATSAPP,
    "wa.me": Platform.WHATSAPP,
    "instagram.com": Platform.INSTAGRAM,
    "snapchat.com": Platform.SNAPCHAT,
    "tiktok.com": Platform.TIKTOK,
    "facebook.com": Platform.FACEBOOK,
    "fb.com": Platform.FACEBOOK,
    "youtube.com": Platform.YOUTUBE,
    "youtu.be": Platform.YOUTUBE,
    "discord.com": Platform.DISCORD,
    "discord.gg": Platform.DISCORD,
    "t.me": Platform.TELEGRAM,
    "telegram.org": Platform.TELEGRAM,
    "x.com": Platform.X,
    "twitter.com": Platform.X,
    "roblox.com": Platform.ROBLOX,
}


def _iso(value: datetime | None) -> str | None:
    return format_time(value) if value is not None else None


def _alert_of(target: Target) -> Alert:
    return target.item.alert if isinstance(target, TimelineEvent) else target.alert


def correct_occurred_at(
    *,
    target: Target,
    occurred_at: datetime | None,
    actor: Any,
    actor_kind: str = ActorKind.STAFF,
) -> Target:
    """Set or correct when an item, a chat message or a captured link happened.

    The value first given is kept in the "original" field and never changed afterwards. For a
    chat message it is the export's (None when the export gave none: that is a fact about the
    export). For a file or a link it is the first date anyone gave: the one given with it, else
    the first one set later, so that a screenshot sent undated, dated, then corrected still
    shows the family's first date. In one transaction: the change, an
    "evidence.occurred_at_corrected" proof entry (a digest of the target and the dates, never
    the dates in clear) and the audit row with the value before, after and the original. The
    same date again changes nothing and writes nothing.
    """
    field, original_field = _FIELDS[type(target)]
    with transaction.atomic():
        target = type(target).objects.select_for_update().get(pk=target.pk)
        before = getattr(target, field)
        if before == occurred_at:  # sent twice, or no change: nothing happened to record
            return target
        if getattr(target, original_field) is None and not isinstance(target, TimelineEvent):
            setattr(target, original_field, before if before is not None else occurred_at)
        setattr(target, field, occurred_at)
        original = getattr(target, original_field)
        alert = _alert_of(target)
        proof = proof_events.occurred_at_corrected(
            alert=alert, target=target, before=before, after=occurred_at, original=original
        )
        target.save(update_fields=[field, original_field, "updated_at"])
        record(
            actor=actor,
            actor_kind=actor_kind,
            action=AuditAction.EVIDENCE_DATE_CORRECTED,
            obj=target,
            before=_iso(before),
            after=_iso(occurred_at),
            original=_iso(original),
            proof=proof.pk,
        )
    return target


def platform_of(url: str) -> str:
    """The platform a URL belongs to, from its host; "" when unknown."""
    host = (urlsplit(url).hostname or "").lower()
    for known, platform in _HOSTS.items():
        if host == known or host.endswith("." + known):
            return str(platform)
    return ""


def capture_link(
    *,
    alert: Alert,
    url: str,
    seen_at: datetime | None = None,
    note: str = "",
    sexual_image_of_minor: bool = False,
    staff: Any = None,
) -> LinkCapture:
    """Record a page that must stay online: its address (already checked by
    links.validate_link), when it was seen and a note.

    A link to a sexual image of a minor keeps the address and the flag only: no note, no date,
    and never a file. In one transaction: the row, an "evidence.link_captured" proof entry
    (the URL's SHA-256, never the URL itself) and the audit row.
    """
    if sexual_image_of_minor:
        seen_at, note = None, ""
    with transaction.atomic():
        link = LinkCapture(
            alert=alert,
            url=url,
            seen_at=seen_at,
            original_seen_at=seen_at,
            note=note,
            platform=platform_of(url),
            captured_by="staff" if staff else "reporter",
            staff_user=staff,
            sexual_image_of_minor=sexual_image_of_minor,
        )
        link.proof_entry = proof_events.link_captured(alert=alert, link=link)
        link.save()
        record(
            actor=staff,
            actor_kind=ActorKind.STAFF if staff else ActorKind.REPORTER,
            action=AuditAction.EVIDENCE_LINK_CAPTURED,
            obj=link,
            sexual_image_of_minor=sexual_image_of_minor,
        )
    return link


class NotAParticipant(Exception):
    """This name does not appear in the alert's timeline."""


def set_roles(
    *,
    alert: Alert,
    roles: dict[str, str],
    actor: Any = None,
    actor_kind: str = ActorKind.REPORTER,
) -> list[Participant]:
    """Record who the people of the alert's chat exports are, in the family's words.

    `roles` maps a handle (as the export writes it) to a Participant.Role value; a handle that
    is not in the alert's timeline raises NotAParticipant and nothing changes. Only changed
    roles are written, each with a "evidence.participant_role" proof entry (a digest of the
    handle and the role, never the handle itself) and an audit row, in one transaction.
    """
    known = {person.handle for person in participants_of(alert)}
    unknown = set(roles) - known
    if unknown:
        raise NotAParticipant(sorted(unknown)[0])
    changed: list[Participant] = []
    with transaction.atomic():
        current = {p.handle: p for p in Participant.objects.select_for_update().filter(alert=alert)}
        for handle, role in sorted(roles.items()):
            role = Participant.Role(role).value
            participant = current.get(handle) or Participant(alert=alert, handle=handle)
            before = participant.role
            if before == role:
                continue
            participant.role = role
            participant.proof_entry = proof_events.participant_role(
                alert=alert, participant=participant
            )
            participant.save()
            record(
                actor=actor,
                actor_kind=actor_kind,
                action=AuditAction.EVIDENCE_PARTICIPANT_ROLE,
                obj=participant,
                before=before,
                after=role,
            )
            changed.append(participant)
    return changed
