"""Background jobs for the worker (`relais db_worker`). The signer loop (`relais proofs_signer`)
calls the same services on its own schedule; these tasks let a request hand work over at once."""

from __future__ import annotations

from django_tasks import task

from relais.proofs import services


@task()
def sign_tree_head() -> int:
    """Sequence what is pending and sign a head; returns the signed size, or -1 when unchanged."""
    head = services.sequence_and_sign()
    return head.tree_size if head else -1


@task()
def stamp_tree_heads() -> int:
    """Ask the time-stamping authorities for tokens over the newest unstamped heads."""
    return services.stamp_pending()
