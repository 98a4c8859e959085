"""The dossier and the police summary say what the family reported, over the period it reported,
in the reader's time zone, marking the law still to verify, and leave chat system lines out."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest

from relais.documents.services import generate_document
from relais.evidence.services import plaintext
from relais.timeline.models import ChatImport, TimelineEvent
from tests.documents.conftest import add_item, pdf_text
from tests.factories import make_alert

ACCOUNT = "Depuis la rentrée, trois élèves attendent Léa à la sortie et la bousculent."


def make(alert, kind: str, **options) -> str:
    document = generate_document(
        alert=alert, kind=kind, options=options, actor=None, actor_kind="reporter"
    )
    return pdf_text(b"".join(plaintext(document)))


def chat(alert, lines: list[tuple[str, str, str]]) -> None:
    """A chat export read into the timeline: (kind, author, text) at 20:05 UTC on 2 March 2025.
    The rows are what the importer writes (tests/evidence test the importer itself)."""
    item = add_item(alert, b"export", "chat.txt", day=2)
    when = datetime(2025, 3, 2, 20, 5, tzinfo=UTC)
    for position, (kind, author, text) in enumerate(lines):
        TimelineEvent.objects.create(
            item=item,
            position=position,
            occurred_at=when,
            author=author,
            text=text,
            kind=kind,
            digest=f"{position:x}" * 64,
        )
    ChatImport.objects.create(item=item, status="imported", event_count=len(lines))


@pytest.fixture
def alert(db, be_org, school):
    return make_alert(school, description=ACCOUNT, started_on=date(2025, 1, 6)).alert


@pytest.mark.parametrize("kind", ["dossier", "police_summary"])
def test_the_family_account_is_in_the_document(alert, kind):
    assert ACCOUNT in make(alert, kind)


@pytest.mark.parametrize("kind", ["dossier", "police_summary"])
def test_the_family_can_write_another_account_for_the_document(alert, kind):
    text = make(alert, kind, account="Léa a reçu des menaces de mort sur WhatsApp.")
    assert "Léa a reçu des menaces de mort sur WhatsApp." in text
    assert ACCOUNT not in text


@pytest.mark.parametrize("kind", ["dossier", "police_summary", "authority_letter"])
def test_the_period_starts_on_the_reported_start_date(alert, kind):
    add_item(alert, b"capture", "notes.txt", day=3)  # one dated item, on 3 March 2025
    options = {}
    if kind == "authority_letter":
        options = {"family_name": "M. Dupont", "sender_role": "père de l'élève"}
        options["recipient"] = "Pouvoir organisateur, rue de la Gare 1, 7700 Mouscron"
    text = make(alert, kind, **options)
    assert "6 janvier 2025" in text or "06/01/2025" in text


def test_references_to_verify_say_so_in_the_pdf(alert):
    text = make(alert, "police_summary")
    assert "À vérifier" in text  # 442bis is shipped with verify: true


def test_times_are_in_the_jurisdictions_zone_and_say_which(db, fr_org, fr_school, be_org, school):
    for place, city in ((school, "Bruxelles"), (fr_school, "Paris")):
        alert = make_alert(place).alert
        chat(alert, [("message", "Kevin", "je vais te tuer")])
        text = make(alert, "police_summary")
        assert "02/03/2025 21:05" in text  # 20:05 UTC is 21:05 in Brussels and in Paris
        assert f"heure de {city}" in text
        assert not re.search(r"\d\d:\d\d(:\d\d)?(\.\d+)?Z", text)


def test_system_lines_stay_out_of_the_facts(alert):
    notice = "Les messages et les appels sont chiffrés de bout en bout."
    chat(alert, [("system", "", notice), ("message", "Kevin", "t'es mort demain")])
    for kind in ("police_summary", "dossier"):
        text = make(alert, kind)
        assert "t'es mort demain" in text
        assert "chiffrés de bout en bout" not in text
