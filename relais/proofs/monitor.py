"""Watching the log keep its promises, as a Certificate Transparency monitor watches a log's
maximum merge delay: every entry must be in a signed tree head by its `merge_by`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone

from relais.proofs.formats import format_time
from relais.proofs.models import ProofEntry, TreeHead
from relais.proofs.tree import latest_tree_size


@dataclass(frozen=True)
class Broken:
    """An entry past its merge_by: not merged yet (`merged_at` None), or merged late."""

    entry_id: int
    kind: str
    recorded_at: datetime
    merge_by: datetime
    merged_at: datetime | None

    def sentence(self, now: datetime) -> str:
        late = (self.merged_at or now) - self.merge_by
        what = (
            f"is in no signed tree head yet, {late.total_seconds():.1f} s late"
            if self.merged_at is None
            else f"was merged at {format_time(self.merged_at)}, {late.total_seconds():.1f} s late"
        )
        return (
            f"entry {self.entry_id} ({self.kind}, recorded at {format_time(self.recorded_at)}) "
            f"was promised by {format_time(self.merge_by)} and {what}"
        )


def broken_promises(*, now: datetime | None = None, hours: float = 24) -> list[Broken]:
    """Entries past their merge_by that no signed tree head holds, and entries recorded in the
    last `hours` whose first signed tree head came after their merge_by, oldest first."""
    now = now or timezone.now()
    signed = latest_tree_size()  # heads only grow: the latest covers every merged entry
    waiting = ProofEntry.objects.filter(merge_by__lt=now).filter(
        Q(leaf_index__isnull=True) | Q(leaf_index__gte=signed)
    )
    found = [
        Broken(entry.id, entry.kind, entry.recorded_at, entry.merge_by, None)
        for entry in waiting.only("id", "kind", "recorded_at", "merge_by").order_by("id")
    ]
    first_head = TreeHead.objects.filter(tree_size__gt=OuterRef("leaf_index")).order_by("tree_size")
    late = (
        ProofEntry.objects.filter(
            recorded_at__gte=now - timedelta(hours=hours), leaf_index__lt=signed
        )
        .annotate(merged_at=Subquery(first_head.values("timestamp")[:1]))
        .filter(merged_at__gt=F("merge_by"))
        .values_list("id", "kind", "recorded_at", "merge_by", "merged_at")
    )
    found += [Broken(*row) for row in late]
    return sorted(found, key=lambda broken: broken.entry_id)
