"""The page a service reads behind an expired link says what it can do, by where the referral
stands: only while the school can send a new link (the referral waits on the service, the case
is open) does it say so; a request the service refused or finished, or a closed case's, says
there is nothing more to answer, and never that the school can send a new link."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from relais.cases import referrals
from relais.cases.models import Case, CaseState, ReferralLink
from tests.cases.referral_support import mint_link, refer

pytestmark = pytest.mark.django_db

NEW_LINK = "elle peut vous envoyer un nouveau lien"


def expired_page(token: str) -> str:
    ReferralLink.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = Client().get("/relay/", {"t": token}, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 410
    return response.content.decode().replace("&#x27;", "'")


def answered(pupil_case: Any, alice: Any, cpms: Any, *, accept: bool) -> str:
    referral = refer(pupil_case, alice, cpms)
    token = mint_link(referral)
    link = referrals.link_for_token(token)
    referrals.answer(
        referral=referral, accept=accept, reason="Pas de place avant mars.", by_link_or_user=link
    )
    return token


def test_a_waiting_referral_s_expired_link_says_the_school_can_send_a_new_one(
    pupil_case, alice, cpms
):
    token = mint_link(refer(pupil_case, alice, cpms))

    text = expired_page(token)

    assert "Ce lien a expiré" in text
    assert NEW_LINK in text


def test_a_refused_referral_s_expired_link_says_there_is_nothing_left_to_answer(
    pupil_case, alice, cpms
):
    token = answered(pupil_case, alice, cpms, accept=False)

    text = expired_page(token)

    assert "Votre service a refusé cette demande" in text
    assert NEW_LINK not in text and "nouveau lien" not in text
    # The refusal was recorded: only this link records nothing more.
    assert "ce lien n'enregistre plus rien" in text and "rien n'a été enregistré" not in text


def test_a_finished_referral_s_expired_link_says_the_work_was_recorded(pupil_case, alice, cpms):
    token = answered(pupil_case, alice, cpms, accept=True)
    referral = ReferralLink.objects.get().referral
    referrals.mark_done(referral=referral, note="", by_link_or_user=referrals.link_for_token(token))

    text = expired_page(token)

    assert "Votre service a enregistré son travail comme terminé" in text
    assert "nouveau lien" not in text


def test_a_closed_case_s_expired_link_says_the_case_is_closed(pupil_case, alice, cpms):
    token = answered(pupil_case, alice, cpms, accept=True)
    Case.objects.filter(pk=pupil_case.pk).update(state=CaseState.CLOSED)

    text = expired_page(token)

    assert "L'école a clôturé ce dossier" in text
    assert "nouveau lien" not in text
