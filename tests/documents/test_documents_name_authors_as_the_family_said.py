"""The dossier and the police summary list as alleged authors only those the family marked so
(timeline.Synthesis.authors); the victim and everyone else who wrote are listed apart, with the
role the family gave, or none until it says."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from relais.documents.services import generate_document
from relais.evidence.services import plaintext
from relais.timeline.models import ChatImport, TimelineEvent
from relais.timeline.services import set_roles
from tests.documents.conftest import add_item, pdf_text


def make(alert, kind: str) -> str:
    document = generate_document(
        alert=alert, kind=kind, options={}, actor=None, actor_kind="reporter"
    )
    return pdf_text(b"".join(plaintext(document)))


@pytest.fixture
def alert(submitted):
    alert = submitted.alert
    item = add_item(alert, b"export", "chat.txt", day=2)
    lines = [("Kevin", "t'es mort demain"), ("Camille", "laisse-moi tranquille")]
    for position, (author, text) in enumerate(lines):
        TimelineEvent.objects.create(
            item=item,
            position=position,
            occurred_at=datetime(2025, 3, 2, 20, 5 + position, tzinfo=UTC),
            author=author,
            text=text,
            kind="message",
            digest=f"{position:x}" * 64,
        )
    ChatImport.objects.create(item=item, status="imported", event_count=len(lines))
    return alert


@pytest.mark.parametrize("kind", ["dossier", "police_summary"])
def test_nobody_is_an_alleged_author_until_the_family_says(alert, kind):
    text = make(alert, kind)
    assert "Auteurs présumés" not in text
    assert "Kevin : rôle non précisé par la famille" in text


@pytest.mark.parametrize("kind", ["dossier", "police_summary"])
def test_the_victim_is_never_listed_as_an_alleged_author(alert, kind):
    set_roles(alert=alert, roles={"Kevin": "alleged_author", "Camille": "victim"})
    text = make(alert, kind)
    assert "Auteurs présumés Kevin" in text
    assert "Camille : l'élève victime" in text
    assert "Kevin, Camille" not in text and "Camille, Kevin" not in text
    assert "Kevin : " not in text  # an author is not listed again among the others
