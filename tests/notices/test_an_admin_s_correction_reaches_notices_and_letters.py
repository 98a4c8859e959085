"""The law is stored once: an administrator corrects a reference in the admin, and both the next
notice to the school and the next letter cite the corrected text (issue 11, point 5)."""

from __future__ import annotations

import pytest
from django.test import Client

from relais.accounts.models import Role
from relais.documents.models import LegalReference
from relais.documents.services import generate_document
from relais.evidence.services import plaintext
from relais.notices.compose import draft_for
from tests.conftest import login_verified
from tests.documents.conftest import pdf_text
from tests.factories import UserFactory

TITLE = "Code de l'enseignement, article 1.7.10-4 (numérotation corrigée)"
TEXT = "Chaque école suit sa procédure interne de signalement, que la direction tient à jour."


@pytest.fixture
def admin_client(be_org):
    user = UserFactory(
        username="dana", organisation=be_org, role=Role.ADMINISTRATOR, is_superuser=True
    )
    return login_verified(Client(), user)


def test_a_correction_in_the_admin_reaches_the_notice_and_the_letter(submitted, admin_client):
    ref = LegalReference.objects.get(jurisdiction="be-fwb", key="ens-1-7-10-4")
    _subject, before = draft_for(submitted.alert)
    assert ref.text.split()[0] in before and TEXT not in before

    response = admin_client.post(
        f"/admin/documents/legalreference/{ref.pk}/change/",
        {
            "jurisdiction": "be-fwb",
            "key": ref.key,
            "title": TITLE,
            "text": TEXT,
            "penalty": ref.penalty,
            "source": ref.source,
            "effective_from": "2024-08-26",
            "verify": "",
            "letters": ["notice", "law_reminder"],
            "order": ref.order,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]

    _subject, notice = draft_for(submitted.alert)
    letter = pdf_text(
        b"".join(
            plaintext(
                generate_document(
                    alert=submitted.alert,
                    kind="law_reminder",
                    options={},
                    actor=None,
                    actor_kind="reporter",
                )
            )
        )
    )
    assert f"{TITLE} (en vigueur depuis le 26 août 2024) : {TEXT}" in notice
    flat = " ".join(letter.split())
    assert TITLE in flat and TEXT in flat


def test_a_reference_the_notice_no_longer_cites_leaves_it(submitted, admin_client):
    ref = LegalReference.objects.get(jurisdiction="be-fwb", key="ens-1-7-10-4")
    ref.letters = [kind for kind in ref.letters if kind != "notice"]
    ref.save()

    _subject, notice = draft_for(submitted.alert)

    assert ref.title not in notice
