"""Every file a reporter downloads has a neutral name: nothing says "relais", "police" or what
the document is, only "document", "receipt" or "promise" (a proof before the log merged its
entry), a date or a number."""

from __future__ import annotations

import re

from django.urls import reverse

from relais.documents.services import generate_document

NEUTRAL = re.compile(
    r'^attachment; filename="(document-\d{4}-\d{2}-\d{2}(-\d+)?\.pdf|receipt-\d+\.(json|pdf)'
    r'|promise-[0-9a-f]{8}\.(json|pdf))"$'
)


def test_document_and_receipt_downloads_have_neutral_names(mailbox_client, submitted):
    document = generate_document(
        alert=submitted.alert, kind="police_summary", options={}, actor=None, actor_kind="reporter"
    )
    for name in ("download", "receipt"):
        response = mailbox_client.get(reverse(f"public:document_{name}", args=[document.pk]))
        assert response.status_code == 200
        assert NEUTRAL.match(response["Content-Disposition"]), response["Content-Disposition"]
        assert "police" not in response["Content-Disposition"]


def test_proof_receipts_in_the_mailbox_have_neutral_names(mailbox_client, submitted):
    for extension in ("json", "pdf"):
        response = mailbox_client.get(reverse(f"public:mailbox_proof_{extension}", args=[1]))
        assert response.status_code == 200
        assert NEUTRAL.match(response["Content-Disposition"]), response["Content-Disposition"]
