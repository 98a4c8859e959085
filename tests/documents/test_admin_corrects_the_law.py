"""An administrator corrects a legal reference in the admin; the next letter cites the new text.
The shipped file is loaded once and never overwrites corrections unless asked."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client

from relais.accounts.models import Role
from relais.documents.models import LegalReference
from relais.documents.services import generate_document
from relais.evidence.services import plaintext
from tests.conftest import login_verified
from tests.documents.conftest import pdf_text
from tests.factories import UserFactory


@pytest.fixture
def admin_client(be_org):
    # Legal references are shared by every organisation: the platform administrator edits them.
    user = UserFactory(
        username="dana", organisation=be_org, role=Role.ADMINISTRATOR, is_superuser=True
    )
    return login_verified(Client(), user)


def reminder_text(alert) -> str:
    document = generate_document(
        alert=alert, kind="law_reminder", options={}, actor=None, actor_kind="reporter"
    )
    return pdf_text(b"".join(plaintext(document)))


def test_both_jurisdictions_ship_their_references(db):
    fr = set(LegalReference.objects.filter(jurisdiction="fr").values_list("key", flat=True))
    be = set(LegalReference.objects.filter(jurisdiction="be-fwb").values_list("key", flat=True))
    assert {"cp-222-33-2-3", "cp-222-33-2-2", "cp-226-2-1", "cp-226-8-1", "cp-227-23"} <= fr
    assert "circ-2014-059" in fr
    assert {"cp-442bis", "cp-443-444", "cp-417-9", "ens-1-7-10-4"} <= be
    assert LegalReference.objects.filter(verify=True).exists()


def test_an_edit_in_the_admin_changes_the_next_letter(submitted, admin_client):
    ref = LegalReference.objects.get(jurisdiction="be-fwb", key="cp-442bis")
    assert ref.title in reminder_text(submitted.alert)
    url = f"/admin/documents/legalreference/{ref.pk}/change/"
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(
        url,
        {
            "jurisdiction": "be-fwb",
            "key": ref.key,
            "title": "Nouveau Code pénal, article 999 — harcèlement",
            "text": ref.text,
            "penalty": ref.penalty,
            "source": "Moniteur belge, nouvelle numérotation",
            "effective_from": "2026-04-08",
            "verify": "",
            "letters": ["law_reminder", "registered_letter"],
            "order": ref.order,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    text = reminder_text(submitted.alert)
    assert "Nouveau Code pénal, article 999" in text
    assert "Moniteur belge, nouvelle numérotation" in text
    assert "en vigueur depuis le 08/04/2026" in text
    assert "art. 442bis" not in text


def test_a_case_worker_cannot_edit_the_law(alice_client):
    assert alice_client.get("/admin/documents/legalreference/").status_code in {302, 403}


def test_a_penalty_written_into_the_rule_is_refused(db):
    ref = LegalReference.objects.get(jurisdiction="fr", key="cp-222-33-2-3")
    ref.text = "Le harcèlement scolaire est puni de 3 ans d'emprisonnement."
    with pytest.raises(ValidationError) as raised:
        ref.full_clean()
    assert "text" in raised.value.message_dict


def test_loading_again_keeps_corrections_unless_asked(db):
    ref = LegalReference.objects.get(jurisdiction="fr", key="cp-226-2-1")
    ref.source = "corrected by an administrator"
    ref.effective_from = date(2016, 10, 8)
    ref.save()
    call_command("load_legal_references")
    ref.refresh_from_db()
    assert ref.source == "corrected by an administrator"
    call_command("load_legal_references", "--update")
    ref.refresh_from_db()
    assert ref.source.startswith("Code pénal, art. 226-2-1")
    assert ref.effective_from == date(2016, 10, 9)
