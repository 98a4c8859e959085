"""pikepdf reads the dossier as PDF/A-3B; the originals are embedded only when chosen, each
with its SHA-256, and only the files the reporter added when the reporter makes it."""

from __future__ import annotations

import hashlib

from relais.documents.services import generate_document
from relais.evidence.services import plaintext
from tests.documents.conftest import add_item, jpeg, open_pdf


def make(alert, *, embed: bool, actor=None, actor_kind="reporter"):
    document = generate_document(
        alert=alert,
        kind="dossier",
        options={"embed_originals": embed},
        actor=actor,
        actor_kind=actor_kind,
    )
    return open_pdf(b"".join(plaintext(document)))


def test_the_dossier_is_pdf_a_3b(submitted, items):
    pdf = make(submitted.alert, embed=False)
    assert pdf.open_metadata().pdfa_status == "3B"


def test_no_original_is_embedded_unless_the_family_chooses_it(submitted, items):
    pdf = make(submitted.alert, embed=False)
    assert len(pdf.attachments) == 0


def test_chosen_originals_are_embedded_with_their_sha256(submitted, items):
    pdf = make(submitted.alert, embed=True)
    assert pdf.open_metadata().pdfa_status == "3B"
    assert len(pdf.attachments) == len(items)
    by_digest = {item.sha256: item for item in items}
    for name, spec in pdf.attachments.items():
        data = spec.get_file().read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        assert digest in by_digest
        assert digest in spec.description
        assert digest[:12] in name
        assert spec.obj.get("/AFRelationship") == "/Source"
    assert {
        hashlib.sha256(s.get_file().read_bytes()).hexdigest() for s in pdf.attachments.values()
    } == set(by_digest)


def test_a_reporters_dossier_does_not_embed_what_staff_added(submitted, items, alice):
    staff_item = add_item(submitted.alert, jpeg((1, 2, 3)), "from-school.jpg", staff=alice)
    pdf = make(submitted.alert, embed=True)
    digests = {
        hashlib.sha256(spec.get_file().read_bytes()).hexdigest()
        for spec in pdf.attachments.values()
    }
    assert staff_item.sha256 not in digests
    assert len(digests) == len(items)


def test_a_case_workers_dossier_embeds_every_original(submitted, items, alice):
    staff_item = add_item(submitted.alert, jpeg((1, 2, 3)), "from-school.jpg", staff=alice)
    pdf = make(submitted.alert, embed=True, actor=alice, actor_kind="staff")
    digests = {
        hashlib.sha256(spec.get_file().read_bytes()).hexdigest()
        for spec in pdf.attachments.values()
    }
    assert digests == {item.sha256 for item in [*items, staff_item]}
