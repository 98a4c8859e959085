"""Two forms the browser walk found hard to read: the reason for sharing a copy anyway (up to
2 000 characters) had a narrow box of 3 rows: it takes a field's full width and 5 rows; and the
relay's list said "envoyée · envoyée le 7 décembre 2026" of a request still waiting: once."""

from __future__ import annotations

import html
from typing import Any

import pytest
from django.test import Client

from relais.cases import referrals
from tests.cases.referral_support import open_case, refer
from tests.cases.test_evidence_shared_despite_the_check import (  # noqa: F401  (fixtures)
    NAMED,
    alert,
    case,
    sealed_text,
    share,
)
from tests.conftest import client_of, login_verified

dora_client = client_of("dora")


def test_the_reason_to_share_anyway_has_a_field_s_width_and_five_rows(dora_client, alert, case):  # noqa: F811
    page = share(dora_client, sealed_text(alert, NAMED)).content.decode()

    form = page.split('class="share-anyway"')[1].split("</form>")[0]
    field = form.split('<div class="field">')[1].split("</div>")[0]
    assert '<textarea id="share-reason" name="reason" rows="5" maxlength="2000"' in field


@pytest.mark.django_db
def test_the_relay_s_list_says_sent_once(pupil_case: Any, alice: Any, cpms: Any, rita: Any):
    waiting = refer(pupil_case, alice, cpms)
    accepted = refer(open_case(pupil_case.school, alice, number="2026-2"), alice, cpms)
    referrals.answer(referral=accepted, accept=True, by_link_or_user=rita)
    client = login_verified(Client(HTTP_ACCEPT_LANGUAGE="fr"), rita)

    page = html.unescape(client.get("/relay/").content.decode())

    rows = page.split('class="referral-row')[1:]
    assert len(rows) == 2 and waiting.sent_at and accepted.sent_at
    for row in rows:
        assert "envoyée · envoyée" not in row.lower()
    assert sum('<p class="meta">Envoyée le ' in row for row in rows) == 1
    assert sum('<p class="meta">acceptée · envoyée le ' in row for row in rows) == 1
