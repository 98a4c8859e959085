"""GET /api/v1/mailbox/timeline: the reporter's timeline and its synthesis (api.md).

One event per message of an imported chat export, per item otherwise (and per captured link),
oldest first, undated ones last. The same selector as the HTML pages and the PDF dossier.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from relais.alerts.models import Alert
from relais.api.errors import error_responses
from relais.api.security import mailbox_token
from relais.timeline.selectors import TimelineEntry, timeline_for

router = Router(tags=["reporter"])


class TimelineEventOut(Schema):
    occurred_at: datetime | None
    author: str | None
    text: str
    platform: str
    evidence_id: str | None
    digest: str


class SynthesisOut(Schema):
    first: datetime | None
    last: datetime | None
    authors: list[str]
    platforms: list[str]
    counts: dict[str, int]


class TimelineOut(Schema):
    events: list[TimelineEventOut]
    synthesis: SynthesisOut


def _event(entry: TimelineEntry) -> dict[str, Any]:
    return {
        "occurred_at": entry.occurred_at,
        "author": entry.author,
        # A captured link has no file: its address is what it shows.
        "text": entry.text
        if entry.kind != "link"
        else "\n".join(filter(None, [entry.url, entry.text])),
        "platform": entry.platform,
        "evidence_id": str(entry.evidence_id) if entry.evidence_id else None,
        "digest": entry.digest,
    }


@router.get(
    "/mailbox/timeline",
    response={200: TimelineOut, **error_responses(401)},
    auth=mailbox_token,
    operation_id="read_timeline",
    summary="Read the evidence timeline and its synthesis",
    description=(
        "Events in chronological order (undated ones last): one per message of an imported "
        "chat export, one per file otherwise, one per recorded link. `digest` is the SHA-256 "
        "of the message as the export parser computes it, or the file's SHA-256. The synthesis "
        "gives the first and last dates, the authors named (most frequent first), the "
        "platforms and the number of events by kind."
    ),
)
def read_timeline(request: HttpRequest) -> dict[str, Any]:
    alert: Alert = request.auth  # type: ignore[attr-defined]
    timeline = timeline_for(alert)
    synthesis = timeline.synthesis
    return {
        "events": [_event(entry) for entry in timeline.events],
        "synthesis": {
            "first": synthesis.first,
            "last": synthesis.last,
            "authors": synthesis.authors,
            "platforms": synthesis.platforms,
            "counts": synthesis.counts,
        },
    }
