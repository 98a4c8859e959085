"""Issue 9, the tester's dossier and police summary made from a real flow: every sentence of a
document is true. An unreadable chat line is never put in someone's mouth; an unconfirmed date
order is flagged next to the dates; export markers are in French; the system lines set no period;
no enclosure is claimed that does not exist; every document has its own file name."""

from __future__ import annotations

from datetime import date

import pytest

from relais.documents.services import generate_document
from relais.evidence.intake import Intake
from relais.evidence.services import plaintext, seal_evidence
from relais.timeline.imports import import_chat_export
from tests.documents.conftest import add_item, pdf_text
from tests.factories import make_alert

# The tester's export (WhatsApp iOS, 12-hour clock): line 3 has a header Relais does not know.
EXPORT = (
    "[05/10/2026, 8:01:00 PM] Emma Leroy: \u200eLes messages et les appels sont chiffrés de "
    "bout en bout.\n"
    "[05/10/2026, 8:03:00 PM] Noah: salut\n"
    "[14/10/2026, 8:05:00 PM Emma Leroy: crochet manquant\n"
    "[06/10/2026, 8:04:00 PM] Noah: réponse\n"
    "[06/10/2026, 8:06:00 PM] Noah: \u200esticker omitted\n"
    "[06/10/2026, 8:07:00 PM] Emma Leroy: \u200eimage omitted\n"
    "[13/10/2026, 9:00:00 PM] Noah: fin\n"
)
# Every date reads both ways (no day above 12), in time order both ways.
AMBIGUOUS = (
    "[05/10/2026, 8:01:00 PM] Noah: un\n"
    "[05/11/2026, 8:03:00 PM] Noah: deux\n"
    "[05/12/2026, 8:04:00 PM] Emma: trois\n"
)


def make(alert, kind: str, **options):
    return generate_document(
        alert=alert, kind=kind, options=options, actor=None, actor_kind="reporter"
    )


def text_of(document) -> str:
    return pdf_text(b"".join(plaintext(document)))


def imported(alert, content: str):
    item = add_item(alert, content.encode(), "chat.txt", day=2)
    found = import_chat_export(item=item)
    assert found.status == "imported", found.reason
    return found


@pytest.fixture
def alert(db, be_org, school):
    return make_alert(school, description="On se moque de lui.", started_on=date(2026, 10, 5)).alert


@pytest.mark.parametrize("kind", ["dossier", "police_summary"])
def test_an_unreadable_line_is_never_given_to_another_person(alert, kind):
    imported(alert, EXPORT)
    text = text_of(make(alert, kind))
    assert "réponse [14/10/2026" not in text
    assert "salut [14/10/2026" not in text
    assert "ligne 3 que Relais n'a pas pu lire" in text
    assert "[14/10/2026, 8:05:00 PM Emma Leroy: crochet manquant" in text


@pytest.mark.parametrize("kind", ["dossier", "police_summary"])
def test_export_markers_are_written_in_french(alert, kind):
    imported(alert, EXPORT)
    text = text_of(make(alert, kind))
    assert "omitted" not in text
    assert "[autocollant]" in text
    assert "[image non jointe à l'export]" in text


def test_the_dossier_counts_in_words_and_leaves_system_lines_out(alert):
    imported(alert, EXPORT)
    text = text_of(make(alert, "dossier", victim_name="Léa"))
    assert "1 message système" not in text
    assert "sticker" not in text
    assert "3 messages" in text and "1 autocollant" in text
    assert "1 ligne illisible" in text
    # The encryption notice (20:01) does not open the period; the first message does (20:03).
    assert "Premier fait daté 05/10/2026 20:03" in text
    assert "Élève concerné·e" in text
    assert "boîte aux lettres" not in text and "espace de suivi" in text
    assert "téléchargé avec le dossier" not in text


def test_the_added_date_footnote_only_with_its_asterisk(alert):
    imported(alert, EXPORT)
    assert "date à laquelle la pièce a été déposée" not in text_of(make(alert, "dossier"))
    intake = Intake(max_bytes=10**6)
    intake.feed(b"notes")
    seal_evidence(alert=alert, blob=intake.finish(display_name="notes.txt"), occurred_at=None)
    text = text_of(make(alert, "dossier", victim_name="Léa"))
    assert "* date à laquelle la pièce a été déposée" in text


@pytest.mark.parametrize("kind", ["dossier", "police_summary"])
def test_an_unconfirmed_date_order_is_flagged_next_to_the_dates(alert, kind):
    imported(alert, AMBIGUOUS)
    text = text_of(make(alert, kind))
    assert "l'ordre du jour et du mois de cet export n'a pas été confirmé" in text
    # And at each date it concerns.
    assert "05/10/2026 20:01 †" in text and "05/12/2026 20:04 †" in text


def test_a_confirmed_date_order_is_not_flagged(alert):
    imported(alert, EXPORT)
    text = text_of(make(alert, "police_summary"))
    assert "n'a pas été confirmé" not in text
    assert "†" not in text


def test_an_ambiguous_export_is_read_day_first_in_belgium_and_still_asked(alert):
    found = imported(alert, AMBIGUOUS)
    first = found.item.events.order_by("position").first()
    assert first.original_occurred_at.date() == date(2026, 10, 5)
    assert any("day first or month first" in problem for problem in found.problems)


def test_a_police_summary_without_dossier_claims_no_enclosure(alert):
    text = text_of(make(alert, "police_summary"))
    assert "Pièce jointe" not in text
    make(alert, "dossier")
    assert "Pièce jointe : dossier de preuves du" in text_of(make(alert, "police_summary"))


def test_documents_made_the_same_day_have_distinct_names(alert):
    dossier = make(alert, "dossier")
    summary = make(alert, "police_summary")
    assert dossier.filename() != summary.filename()
    assert summary.filename().endswith("-2.pdf")
    assert dossier.filename().endswith("-1.pdf")
