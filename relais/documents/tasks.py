"""When and where a dossier is built: once per change, by the worker (`relais worker`) when it
is heavy, and no more often than the mailbox's rate (settings.DOCUMENT_RATE) allows.

A request for a dossier computes the fingerprint of its inputs (dossier.fingerprint):
- a document sealed for that fingerprint is served as it is: nothing is built, sealed or
  proof-logged;
- a build of that fingerprint already claimed (by a request or a queued job) is "being prepared";
- otherwise a reporter's request counts one event of the mailbox's rate (refused: wait that
  long), claims the build in the shared cache (`cache.add`, atomic across processes, so two
  requests never build the same dossier twice), then builds it in the request when it is light,
  or queues `build_dossier` for the worker. The claim lasts CLAIM_SECONDS: a job lost with its
  worker is asked again after that, never twice while it runs.

What the family typed (the child's name, their account) travels to the worker sealed with the
vault's installation key (relais.evidence.crypto): the task table never holds it in clear.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import time
import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import Sum
from django_tasks import task

from relais.alerts.models import Alert
from relais.documents import dossier as dossiers
from relais.documents import services
from relais.documents.models import GeneratedDocument, LetterKind
from relais.evidence import crypto
from relais.evidence.models import EvidenceItem
from relais.lib import ratelimit
from relais.timeline.models import TimelineEvent

logger = logging.getLogger(__name__)

CLAIM_SECONDS = 15 * 60
# Built in the request only under all three (bench/dossier.py: 50 photos, 0.8 s of CPU);
# anything heavier goes to the worker, whose queue runs one job at a time.
INLINE_ITEMS = 50
INLINE_EVENTS = 1000
INLINE_BYTES = 8 * 1024 * 1024
SCOPE = "documents"


@dataclass(frozen=True)
class Outcome:
    """Ready (the document), being prepared, or refused for the rate (seconds to wait)."""

    document: GeneratedDocument | None = None
    preparing: bool = False
    wait_seconds: int = 0

    @property
    def wait_minutes(self) -> int:
        return ratelimit.Verdict(False, self.wait_seconds).wait_minutes


def _claim_key(fingerprint: str) -> str:
    return f"documents:building:{fingerprint}"


def _pending_key(alert_id: Any) -> str:
    return f"documents:pending:{alert_id}"


def take_rate(alert: Alert) -> ratelimit.Verdict:
    """Count one new document for this mailbox (letters too), or say how long to wait."""
    return ratelimit.take(SCOPE, str(alert.pk), settings.DOCUMENT_RATE)


def light(alert: Alert, options: dict[str, Any], *, by_reporter: bool) -> bool:
    """Whether the dossier is quick enough to build while the page waits."""
    items = EvidenceItem.objects.filter(alert=alert, withdrawn_at__isnull=True)
    if items.count() > INLINE_ITEMS:
        return False
    if TimelineEvent.objects.filter(item__alert=alert).count() > INLINE_EVENTS:
        return False
    if not options.get("embed_originals"):
        return True
    if by_reporter:
        items = items.filter(uploaded_by=EvidenceItem.Uploader.REPORTER)
    return (items.aggregate(total=Sum("size"))["total"] or 0) <= INLINE_BYTES


def preparing(alert: Alert) -> bool:
    """Whether a dossier of this alert is queued or being built now."""
    fingerprint = cache.get(_pending_key(alert.pk))
    return bool(fingerprint) and cache.get(_claim_key(fingerprint)) is not None


def request_dossier(
    *,
    alert: Alert,
    options: dict[str, Any],
    actor: Any,
    actor_kind: str,
    inline: bool | None = None,
) -> Outcome:
    """The dossier for these inputs: served, built now, queued, or refused for the rate.

    `inline`: True builds in the request whatever its weight; None builds light dossiers in the
    request and queues heavy ones (every page and the API: a heavy build held a web worker for
    over a minute).
    """
    by_reporter = actor_kind != "staff"
    fingerprint = dossiers.fingerprint(alert, options=options, by_reporter=by_reporter)
    same = services.sealed_dossier(alert, fingerprint)
    if same is not None:
        return Outcome(document=same)
    if cache.get(_claim_key(fingerprint)) is not None:
        return Outcome(preparing=True)
    verdict = take_rate(alert) if by_reporter else ratelimit.Verdict(True)
    if not verdict.allowed:
        return Outcome(wait_seconds=verdict.wait_seconds)
    if ratelimit.add_once(_claim_key(fingerprint), time.time(), timeout=CLAIM_SECONDS) is False:
        ratelimit.give_back(verdict)  # another request claimed it a moment ago
        return Outcome(preparing=True)
    # (A cache that refuses writes claims nothing: the build goes ahead rather than nobody's.)
    if inline is None:
        inline = light(alert, options, by_reporter=by_reporter)
    try:
        if inline:
            try:
                document = services.generate_document(
                    alert=alert,
                    kind=LetterKind.DOSSIER,
                    options=options,
                    actor=actor,
                    actor_kind=actor_kind,
                )
            finally:
                cache.delete(_claim_key(fingerprint))
            return Outcome(document=document)
        cache.set(_pending_key(alert.pk), fingerprint, timeout=CLAIM_SECONDS)
        build_dossier.enqueue(
            str(alert.pk),
            actor_kind,
            str(actor.pk) if actor is not None else None,
            fingerprint,
            _seal_options(dossiers.typed_options(alert, options)),
        )
    except BaseException:
        cache.delete(_claim_key(fingerprint))
        ratelimit.give_back(verdict)
        raise
    return Outcome(preparing=True)


def _seal_options(options: dict[str, Any]) -> dict[str, str]:
    job = uuid.uuid4()
    data_key = os.urandom(32)
    key_id, wrapped = crypto.wrap_key(data_key, blob_id=job)
    sealed = crypto.seal_bytes(json.dumps(options).encode(), blob_id=job, data_key=data_key)
    encode = base64.b64encode
    return {
        "job": str(job),
        "key_id": key_id,
        "wrapped": encode(wrapped).decode(),
        "sealed": encode(sealed).decode(),
    }


def _open_options(box: dict[str, str]) -> dict[str, Any]:
    job = uuid.UUID(box["job"])
    data_key = crypto.unwrap_key(
        base64.b64decode(box["wrapped"]), key_id=box["key_id"], blob_id=job
    )
    plain = crypto.open_bytes(base64.b64decode(box["sealed"]), blob_id=job, data_key=data_key)
    options: dict[str, Any] = json.loads(plain)
    return options


@task()
def build_dossier(
    alert_id: str, actor_kind: str, staff_id: str | None, fingerprint: str, box: dict[str, str]
) -> str:
    """Build and seal a dossier (or find it sealed already); returns its id, or "gone".

    Safe to run again after its worker died (relais/worker/recovery.py): generate_document
    finds the dossier that run sealed, if it got that far, instead of sealing a second one.
    """
    try:
        alert = Alert.objects.select_related("school", "organisation").filter(pk=alert_id).first()
        if alert is None:  # deleted since
            return "gone"
        actor = get_user_model().objects.get(pk=staff_id) if staff_id else None
        document = services.generate_document(
            alert=alert,
            kind=LetterKind.DOSSIER,
            options=_open_options(box),
            actor=actor,
            actor_kind=actor_kind,
        )
        return str(document.pk)
    finally:
        cache.delete(_claim_key(fingerprint))
        if cache.get(_pending_key(alert_id)) == fingerprint:
            cache.delete(_pending_key(alert_id))
