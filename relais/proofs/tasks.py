"""The proof log's recurring jobs, queued by the worker's scheduler (relais/worker/schedule.py).

Signing has a queue of its own ("proofs"), served by its own lane in every `relais worker`, so
that an hour of OCR never delays a merge past its promised time. Time-stamping asks outside
authorities that may be slow, so it waits with the other routine jobs instead. Both are safe to
run again after a worker died in the middle: a round works under the log's lock and folds what
is still pending; a head keeps the first token it gets.
"""

from __future__ import annotations

from django_tasks import task

from relais.proofs import services

TIDY_EVERY = 100_000  # entries sequenced between two services.tidy() calls


@task(queue_name="proofs")
def sign_tree_head() -> int:
    """Sequence what is pending and sign a head; returns the signed size, or -1 when unchanged.

    After each hundred thousand entries, it also clears the dead index entries a burst leaves
    (services.tidy): the round's own query would otherwise walk them all."""
    before = services.latest_tree_size()
    head = services.sequence_and_sign()
    if head is None:
        return -1
    if head.tree_size // TIDY_EVERY > before // TIDY_EVERY:
        services.tidy()
    return head.tree_size


@task(queue_name="routine")
def stamp_tree_heads() -> int:
    """Ask the time-stamping authorities for tokens over the newest unstamped heads."""
    return services.stamp_pending()
