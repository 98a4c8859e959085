"""A copy whose text holds a phone number, an e-mail address or a handle is not shared with the
school, even when the alert never gave it (a chat screenshot shows the child's number, the
harasser's handle): the item's page lists what was found, in words; a reason shares it anyway,
and the audit row keeps how many were found and their kinds, never the numbers themselves. A
chat with dates, times, prices and case numbers only is shared at once
(relais/notices/contacts.py, relais/cases/sharing.py)."""

from __future__ import annotations

import html
import json
from typing import Any

import pytest

from relais.audit.models import AuditAction, AuditEvent
from relais.cases.models import Case
from relais.cases.services import open_from_notice
from relais.evidence.models import Share
from tests.cases.conftest import acknowledged_notice
from tests.cases.share_support import sealed_text, share
from tests.conftest import client_of
from tests.factories import make_alert

dora_client = client_of("dora")

CHAT = (
    "[07/12/2026 18:47] t'es moche, personne ne t'aime\n"
    "[07/12/2026 18:48] appelle-moi 0470 12 34 56 ou écris à tom.k@gmail.com\n"
    "[07/12/2026 18:49] sinon sur insta @tom_k_08\n"
)
CLEAN = (
    "[07/12/2026 18:47] t'es moche, personne ne t'aime\n"
    "07.12.2026 08:15 rends-moi les 12,50 € (dossier 2026-14) à 14h30\n"
)
REASON = "La direction doit pouvoir joindre ce numéro : c'est celui de l'auteur des messages."


@pytest.fixture
def alert(be_org: Any, school: Any) -> Any:
    return make_alert(school, description="Mon fils reçoit des insultes depuis la rentrée.").alert


@pytest.fixture
def case(alert: Any, alice: Any) -> Case:
    return open_from_notice(notice=acknowledged_notice(alert), by=alice)


def test_a_number_an_address_and_a_handle_the_alert_never_gave_block_the_share(
    dora_client, alert, case
):
    item = sealed_text(alert, CHAT, name="capture.txt")

    response = share(dora_client, item)

    assert response.status_code == 400
    page = html.unescape(response.content.decode()).split('id="share"')[1]
    assert "Not shared: the text read in this file holds what could identify people." in page
    assert "phone: 0470 12 34 56" in page
    assert "e-mail: tom.k@gmail.com" in page
    assert "handle: tom_k_08" in page
    assert 'name="reason"' in page
    assert not Share.objects.exists()
    assert not AuditEvent.objects.filter(
        action__in=[
            AuditAction.EVIDENCE_SHARED,
            AuditAction.EVIDENCE_SHARED_DESPITE_CHECK,
            AuditAction.CASE_EVIDENCE_ADDED,
        ]
    ).exists()


def test_the_page_names_them_in_french(dora_client, alert, case):
    item = sealed_text(alert, CHAT, name="capture.txt")

    response = dora_client.post(f"/staff/evidence/{item.pk}/share/", HTTP_ACCEPT_LANGUAGE="fr")

    page = html.unescape(response.content.decode()).split('id="share"')[1]
    assert response.status_code == 400
    assert "téléphone : 0470 12 34 56" in page
    assert "pseudo : tom_k_08" in page


def test_with_a_reason_it_is_shared_and_the_audit_keeps_only_kinds_and_a_count(
    dora_client, dora, alert, case
):
    item = sealed_text(alert, CHAT, name="capture.txt")

    response = share(dora_client, item, reason=REASON)

    assert response.status_code == 302
    assert Share.objects.get(item=item).school == case.school
    row = AuditEvent.objects.get(action=AuditAction.EVIDENCE_SHARED_DESPITE_CHECK)
    assert row.actor == dora
    assert row.details["kinds"] == ["email", "handle", "phone"]
    assert row.details["found"] == 3
    # What was found never reaches an audit row in clear, in any form it was written.
    stored = json.dumps([event.details for event in AuditEvent.objects.all()])
    for clear in ("0470", "470 12", "12 34 56", "tom.k", "gmail", "tom_k"):
        assert clear not in stored


def test_a_chat_with_dates_times_prices_and_case_numbers_only_is_shared_at_once(
    dora_client, alert, case
):
    item = sealed_text(alert, CLEAN, name="capture.txt")

    response = share(dora_client, item)

    assert response.status_code == 302
    assert Share.objects.filter(item=item).exists()
    assert not AuditEvent.objects.filter(action=AuditAction.EVIDENCE_SHARED_DESPITE_CHECK).exists()


def test_another_organisation_s_case_worker_learns_nothing(charlie_client, alert, case):
    item = sealed_text(alert, CHAT, name="capture.txt")

    response = share(charlie_client, item, reason=REASON)

    assert response.status_code == 404
    assert "0470" not in response.content.decode()
    assert not Share.objects.exists()
