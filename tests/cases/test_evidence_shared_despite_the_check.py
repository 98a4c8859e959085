"""A copy whose text the redaction check blocks can still reach the school's case, as a notice can
be sent: with a reason the case worker writes, kept in the item's audit row and shown on the
item's page (relais/cases/sharing.py). Without a reason nothing is shared; another organisation's
case worker gets 404 and shares nothing."""

from __future__ import annotations

import html
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

NAMED = "Léa tu es moche, personne ne t'aime.\n"
REASON = "La direction doit voir le message tel quel : Léa est déjà nommée dans l'avis."


@pytest.fixture
def alert(be_org: Any, school: Any) -> Any:
    return make_alert(school, description="Léa reçoit des insultes depuis la rentrée.").alert


@pytest.fixture
def case(alert: Any, alice: Any) -> Case:
    return open_from_notice(notice=acknowledged_notice(alert), by=alice)


def overrides() -> Any:
    return AuditEvent.objects.filter(action=AuditAction.EVIDENCE_SHARED_DESPITE_CHECK)


def test_the_blocked_page_offers_to_share_anyway_with_a_reason(dora_client, alert, case):
    item = sealed_text(alert, NAMED)

    response = share(dora_client, item)

    page = html.unescape(response.content.decode()).split('id="share"')[1]
    assert response.status_code == 400
    assert "Not shared: the text read in this file holds what could identify people." in page
    assert "Léa" in page  # what the check found
    assert 'name="reason"' in page and "Share anyway with" in page
    assert not Share.objects.exists() and not overrides().exists()


@pytest.mark.parametrize("reason", ["", "   \n "])
def test_sharing_anyway_without_a_reason_shares_nothing(dora_client, alert, case, reason):
    item = sealed_text(alert, NAMED)

    response = share(dora_client, item, reason=reason)

    page = html.unescape(response.content.decode())
    assert response.status_code == 400
    assert "Not shared: write why the copy must be shared anyway." in page
    assert not Share.objects.exists()
    assert not overrides().exists()
    assert not AuditEvent.objects.filter(
        action__in=[AuditAction.EVIDENCE_SHARED, AuditAction.CASE_EVIDENCE_ADDED]
    ).exists()


def test_a_reason_too_long_shares_nothing(dora_client, alert, case):
    item = sealed_text(alert, NAMED)

    response = share(dora_client, item, reason="x" * 2001)

    assert response.status_code == 400
    assert "the reason is too long" in response.content.decode()
    assert not Share.objects.exists() and not overrides().exists()


def test_with_a_reason_the_copy_is_shared_and_the_audit_row_holds_it(
    dora_client, dora, alert, case
):
    item = sealed_text(alert, NAMED)

    response = share(dora_client, item, reason=f"  {REASON}  ")

    assert response.status_code == 302
    assert Share.objects.get(item=item).school == case.school
    row = overrides().get()
    assert (row.object_id, row.actor) == (str(item.pk), dora)
    assert row.details["reason"] == REASON
    assert row.details["case"] == str(case.pk)
    assert row.details["found"] >= 1 and row.details["kinds"]
    assert AuditEvent.objects.filter(action=AuditAction.CASE_EVIDENCE_ADDED).count() == 1
    page = html.unescape(dora_client.get(response["Location"]).content.decode())
    assert "Shared despite the redaction check by dora" in page
    assert REASON in page


def test_a_clean_text_is_shared_without_any_reason(dora_client, alert, case):
    item = sealed_text(alert, "Rendez-vous à la récré.\n")

    response = share(dora_client, item, reason="une raison inutile")

    assert response.status_code == 302
    assert Share.objects.filter(item=item).exists()
    assert not overrides().exists()  # nothing was overridden: no reason kept
    page = html.unescape(dora_client.get(response["Location"]).content.decode())
    assert "Shared despite the redaction check" not in page


def test_another_organisation_s_case_worker_gets_404(charlie_client, alert, case):
    item = sealed_text(alert, NAMED)

    assert share(charlie_client, item, reason=REASON).status_code == 404
    assert charlie_client.get(f"/staff/evidence/{item.pk}/").status_code == 404
    assert not Share.objects.exists() and not overrides().exists()
