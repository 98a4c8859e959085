from relais.documents.services import generate_document
from relais.evidence.services import plaintext
from tests.documents.conftest import pdf_text


def dossier_bytes(document) -> bytes:
    return b"".join(plaintext(document))


def test_the_dossier_text_holds_the_synthesis_and_every_items_sha256(submitted, items):
    document = generate_document(
        alert=submitted.alert, kind="dossier", options={}, actor=None, actor_kind="reporter"
    )
    text = pdf_text(dossier_bytes(document))
    assert "Dossier de preuves" in text
    assert submitted.alert.reference in text
    assert "Synthèse" in text
    assert "Premier fait daté 01/03/2025 16:20" in text
    assert "Dernier fait daté 03/03/2025 16:20" in text
    assert "Instagram" in text and "WhatsApp" in text
    assert "Pièces au dossier 3" in text
    for item in items:
        assert item.sha256 in text
    assert "Comment vérifier l'intégrité de ce dossier" in text
    assert "sha256sum" in text and "relais verify" in text


def test_the_dossier_is_sealed_with_its_digest_recorded(submitted, items):
    import hashlib

    document = generate_document(
        alert=submitted.alert, kind="dossier", options={}, actor=None, actor_kind="reporter"
    )
    data = dossier_bytes(document)
    assert data.startswith(b"%PDF-")
    assert hashlib.sha256(data).hexdigest() == document.sha256
    assert document.size == len(data)
    assert document.options == {"embed_originals": False, "items": 3}
