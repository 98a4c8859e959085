"""Every letter, in each jurisdiction, renders to PDF/A-3b and cites its law with source and
date in force, read from the LegalReference table."""

from __future__ import annotations

import pytest

from relais.documents.forms import REQUIRED
from relais.documents.legal import references_for
from relais.documents.models import LETTER_KINDS
from relais.documents.services import generate_document
from relais.evidence.services import plaintext
from tests.documents.conftest import open_pdf, pdf_text
from tests.factories import make_alert


@pytest.fixture
def alerts(submitted, fr_school, fr_org):
    return {"be-fwb": submitted.alert, "fr": make_alert(fr_school).alert}


SENDER = {
    "family_name": "Famille Martin",
    "sender_role": "parents de l'élève",
    "recipient": "Services départementaux de l'Éducation nationale",
}


def letter(alert, kind: str, **options) -> bytes:
    """The letter's PDF, with what it requires (forms.REQUIRED) unless given."""
    for name in REQUIRED.get(kind, ()):
        options.setdefault(name, SENDER[name])
    document = generate_document(
        alert=alert, kind=kind, options=options, actor=None, actor_kind="reporter"
    )
    return b"".join(plaintext(document))


# The parents' leaflet cites no article: it is handed to parents (see
# tests/accounts/test_the_parents_leaflet.py and the test below).
CITING_LETTERS = [kind for kind in LETTER_KINDS if kind != "parents_leaflet"]


@pytest.mark.parametrize("jurisdiction", ["fr", "be-fwb"])
@pytest.mark.parametrize("kind", CITING_LETTERS)
def test_each_letter_cites_its_law_with_source_and_date(alerts, jurisdiction, kind):
    alert = alerts[jurisdiction]
    data = letter(alert, kind)
    assert open_pdf(data).open_metadata().pdfa_status == "3B"
    text = pdf_text(data)
    references = references_for(jurisdiction, kind, list(alert.categories))
    assert references, f"{kind} cites no law in {jurisdiction}"
    for ref in references:
        assert ref.title in text
        assert ref.source in text
        assert f"en vigueur depuis le {ref.effective_from:%d/%m/%Y}" in text
    assert alert.school.name in text


@pytest.mark.parametrize("jurisdiction", ["fr", "be-fwb"])
def test_the_parents_leaflet_says_in_one_sentence_that_the_law_punishes(alerts, jurisdiction):
    data = letter(alerts[jurisdiction], "parents_leaflet")
    assert open_pdf(data).open_metadata().pdfa_status == "3B"
    text = pdf_text(data)
    assert "est puni par la loi" in text
    # (its footer's "vérifier", about the file's fingerprint, is the family's, not a law note)
    for staff_words in ("À vérifier", "à vérifier", "Peines encourues", "Code pénal", "Source :"):
        assert staff_words not in text


def test_the_authority_letter_goes_to_the_academie_in_france(alerts):
    text = pdf_text(letter(alerts["fr"], "authority_letter"))
    assert "directeur académique" in text


def test_the_authority_letter_goes_to_the_organising_authority_in_belgium(alerts):
    text = pdf_text(letter(alerts["be-fwb"], "authority_letter"))
    assert "pouvoir organisateur" in text


def test_what_the_family_typed_is_printed_and_nothing_else(alerts):
    text = pdf_text(
        letter(
            alerts["fr"],
            "meeting_report",
            family_name="Famille Martin",
            family_address="3 rue des Lilas, 35000 Rennes",
            summary="Le principal a promis une surveillance à la cantine.",
        )
    )
    assert "Famille Martin" in text
    assert "3 rue des Lilas" in text
    assert "surveillance à la cantine" in text


def test_the_reporters_name_is_never_printed_even_when_revealed(alerts):
    alert = alerts["be-fwb"]
    alert.reveal_identity = True
    alert.reporter_name = "Dominique Reporter"
    alert.save()
    for kind in LETTER_KINDS:
        assert "Dominique Reporter" not in pdf_text(letter(alert, kind))
