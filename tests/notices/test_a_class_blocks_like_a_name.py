"""A school class in a notice ("5e B", or the class the alert gives, in any spacing) narrows the
pupils down to a handful: it blocks sending like a name, with the kind in the case worker's
language and a sentence that says why; it is masked in the reminders nobody reads; a grade
alone ("en sixième") stays a warning."""

from __future__ import annotations

import pytest
from django.utils import translation

from relais.notices.compose import check_notice, redact_follow_up
from relais.notices.details import classes
from relais.notices.models import OutboxMessage
from relais.notices.services import RedactionBlocked
from tests.notices.conftest import send_draft, triaged_alert

FACTS = "Un élève reçoit des messages insultants le soir et a été bousculé à la sortie."


pytestmark = pytest.mark.usefixtures("answerable")


@pytest.fixture
def alert(school, alice):
    return triaged_alert(school, alice, class_grade="3TQ2", description="Un élève est insulté.")


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Cela se passe en 5e B depuis la rentrée.", "5e B"),
        ("Un élève de 1re S est visé.", "1re S"),
        ("Dans la classe de 3ème A, un élève est visé.", "3ème A"),
        ("Un élève de CM2 A est visé.", "CM2 A"),
        ("Un élève de seconde 4 est visé.", "seconde 4"),
    ],
)
def test_a_class_in_the_facts_blocks_sending(alert, alice, text, found):
    with pytest.raises(RedactionBlocked) as blocked:
        send_draft(alert, alice, facts=text)

    assert [(f.kind, f.text) for f in blocked.value.findings] == [("class", found)]
    assert not OutboxMessage.objects.exists()


@pytest.mark.parametrize("written", ["3TQ2", "3 TQ 2", "3tq2", "3-TQ-2"])
def test_the_alert_s_own_class_blocks_in_any_spacing(alert, written):
    check = check_notice(alert, "Signalement", f"Un élève de {written} est visé.")

    assert check.blocked
    assert [f.kind for f in check.findings] == ["class"]
    assert not [w for w in check.warnings if w.kind == "class"]


def test_words_that_only_look_like_a_class_do_not_block():
    text = "La première a eu lieu le 1er Avril ; la seconde fois, en sixième, au 2e étage."
    assert classes(text) == []


def test_a_grade_alone_stays_a_warning(alert):
    check = check_notice(alert, "Signalement", "Un élève de sixième est insulté.")

    assert check.findings == []
    assert [w.text for w in check.warnings if w.kind == "class"] == ["sixième"]


def test_the_page_says_why_in_french(alert, alice_client, settings):
    settings.LANGUAGE_CODE = "fr"
    with translation.override("fr"):
        page = alice_client.post(
            f"/staff/notices/alerts/{alert.pk}/compose/",
            {
                "subject": "Signalement",
                "body": "Madame, Monsieur,",
                "facts": "Un élève de 5e B est visé.",
                "action": "send",
            },
            HTTP_ACCEPT_LANGUAGE="fr",
        )
    html = page.content.decode()
    assert "classe :" in html and "5e B" in html
    assert "comme un nom" in html
    assert not OutboxMessage.objects.exists()


def test_a_class_is_masked_in_a_follow_up(alert, alice):
    notice = send_draft(
        alert,
        alice,
        facts="Un élève de 5e B est visé.",
        override_reason="La direction connaît déjà la classe.",
    )

    _subject, masked = redact_follow_up(notice, "Rappel", "> Un élève de 5e B est visé.")

    assert "5e B" not in masked
    assert "> Un élève de […] est visé." in masked
