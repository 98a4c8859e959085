"""Public proof endpoints of api.md (no account): latest tree head, consistency, public key.

`router` is mounted by relais/api/api.py under /proofs.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from relais.api.errors import ApiError, error_responses
from relais.proofs import services, signing
from relais.proofs.receipts import tree_head_json

router = Router(tags=["proofs"])


class TreeHeadOut(Schema):
    tree_size: int
    root_hash: str
    timestamp: str
    key_id: str
    signature: str
    timestamp_token: str | None = None


class EntryOut(Schema):
    kind: str
    digest: str
    recorded_at: str


class ReceiptOut(Schema):
    """RECEIPT of api.md: everything `relais verify` needs, with no database."""

    version: int
    entry: EntryOut
    leaf_index: int
    inclusion_proof: list[str]
    tree_head: TreeHeadOut
    public_key: str


class PromiseSignatureOut(Schema):
    merge_by: str
    key_id: str
    signature: str


class PromiseOut(Schema):
    """PROMISE of api.md: the log holds the entry and will hold it in a signed tree head by
    `promise.merge_by`; `relais verify` checks it with no database."""

    version: int
    entry: EntryOut
    promise: PromiseSignatureOut
    public_key: str


class ConsistencyOut(Schema):
    first: int
    second: int
    proof: list[str]


@router.get(
    "/tree-head",
    response={200: TreeHeadOut},
    exclude_none=True,
    operation_id="proofs_tree_head",
    summary="The latest signed tree head",
)
def tree_head(request: HttpRequest) -> dict[str, Any]:
    """The newest tree head, signed with the installation's Ed25519 key over
    `relais-tree-head/v1 <tree_size> <root_hash> <timestamp>` (docs/proofs.md);
    `timestamp_token` (base64 RFC 3161 token over the same bytes) once an authority gave it."""
    head = services.latest_tree_head() or services.sequence_and_sign()
    assert head is not None  # an empty log gets its head on the first call
    return tree_head_json(head)


@router.get(
    "/consistency",
    response={200: ConsistencyOut, **error_responses(422)},
    operation_id="proofs_consistency",
    summary="Proof that a tree head extends an earlier one",
)
def consistency(
    request: HttpRequest,
    first: int = Query(..., ge=0),
    second: int = Query(..., ge=0),
) -> dict[str, Any]:
    """RFC 9162 consistency proof between the trees of sizes `first` and `second`, hex hashes;
    0 <= first <= second <= the latest signed tree size."""
    head = services.latest_tree_head()
    latest = head.tree_size if head else 0
    if not 0 <= first <= second <= latest:
        raise ApiError(
            422,
            _("The sizes must satisfy 0 ≤ first ≤ second ≤ %(latest)s.") % {"latest": latest},
            {"second": [_("Give tree sizes of signed tree heads.")]},
        )
    proof = services.consistency_proof(first, second)
    return {"first": first, "second": second, "proof": [h.hex() for h in proof]}


@router.get(
    "/public-key",
    operation_id="proofs_public_key",
    summary="The installation's Ed25519 public key (PEM)",
    openapi_extra={
        "responses": {
            200: {
                "description": "PEM (SubjectPublicKeyInfo)",
                "content": {"application/x-pem-file": {"schema": {"type": "string"}}},
            }
        }
    },
)
def public_key(request: HttpRequest) -> HttpResponse:
    """The key that signs new tree heads; its key id is the first 16 hex digits of SHA-256 of
    the raw 32-byte key."""
    return HttpResponse(signing.public_pem(), content_type="application/x-pem-file")
