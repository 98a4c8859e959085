"""The French recogniser catches names the capitalisation heuristic missed (issue 10, point 1).

"Léa" began a sentence of the alert and reached the school in a notice that said it named nobody.
The facts the case worker writes for the school are checked with the rest of the notice.
"""

from __future__ import annotations

import pytest

from relais.audit.models import AuditEvent
from relais.notices import redaction
from relais.notices.compose import check_notice, draft_for
from relais.notices.models import NoticeState, OutboxMessage
from relais.notices.services import RedactionBlocked, send_notice
from tests.notices.conftest import send_draft, triaged_alert

DESCRIPTION = (
    "Léa a été frappée dans la cour mardi. Elle n'ose plus y aller. "
    "Depuis septembre, on se moque d'elle sur Instagram et sur Snapchat."
)


FACTS = "Une élève a été frappée dans la cour et reçoit des messages insultants le soir."


pytestmark = [pytest.mark.usefixtures("answerable"), pytest.mark.engine_neutral("sqlite")]


@pytest.fixture
def alert(school, alice):
    return triaged_alert(school, alice, description=DESCRIPTION)


def test_a_name_at_the_start_of_a_sentence_of_the_alert_is_an_identifier():
    names = {f.text for f in redaction.identifiers([DESCRIPTION]) if f.kind == "name"}

    assert "Léa" in names


def test_a_notice_quoting_a_name_that_began_a_sentence_is_blocked(alert, alice):
    with pytest.raises(RedactionBlocked) as blocked:
        send_draft(alert, alice, facts="Léa a été frappée dans la cour.")

    assert ("name", "Léa") in {(f.kind, f.text) for f in blocked.value.findings}
    assert not OutboxMessage.objects.exists()


def test_a_name_the_case_worker_typed_and_the_alert_never_gave_is_blocked(alert, alice):
    subject, body = draft_for(alert)
    facts = f"{FACTS} Selon le signalement, Mathis la pousse contre le mur."

    check = check_notice(alert, subject, body, facts=facts)
    assert "Mathis" in {f.text for f in check.possible}
    assert check.blocked
    with pytest.raises(RedactionBlocked) as blocked:
        send_notice(alert=alert, actor=alice, subject=subject, body=body, facts=facts)

    assert ("possible_name", "Mathis") in {(f.kind, f.text) for f in blocked.value.findings}
    assert not OutboxMessage.objects.exists()


def test_the_school_its_city_platforms_months_and_categories_do_not_block(alert, alice):
    subject, body = draft_for(alert)
    facts = (
        "Les faits se passent à l'Institut Saint-Henri de Mouscron, en Novembre et "
        "Décembre, sur Instagram, Snapchat, TikTok et WhatsApp. Harcèlement, Cyberharcèlement, "
        "Humiliations. Fédération Wallonie-Bruxelles."
    )

    check = check_notice(alert, subject, body, facts=facts)

    assert check.findings == []
    assert check.possible == []
    notice = send_notice(alert=alert, actor=alice, subject=subject, body=body, facts=facts)
    assert notice.state == NoticeState.QUEUED


def test_the_template_draft_lists_no_possible_name(alert):
    subject, body = draft_for(alert)

    check = check_notice(alert, subject, body)

    assert not check.blocked
    assert check.possible == []


def test_a_word_confirmed_as_not_a_name_lets_the_notice_go_and_is_audited(alert, alice):
    subject, body = draft_for(alert)
    facts = f"{FACTS} Il s'agit de messages reçus via Pronote et de Mathis."

    with pytest.raises(RedactionBlocked) as blocked:
        send_notice(
            alert=alert,
            actor=alice,
            subject=subject,
            body=body,
            facts=facts,
            not_names=["Pronote"],
        )
    assert {f.text for f in blocked.value.findings} == {"Mathis"}

    facts = f"{FACTS} Il s'agit de messages reçus via Pronote."
    assert "Pronote" in {f.text for f in check_notice(alert, subject, body, facts=facts).possible}
    notice = send_notice(
        alert=alert, actor=alice, subject=subject, body=body, facts=facts, not_names=["pronote"]
    )

    assert notice.state == NoticeState.QUEUED
    event = AuditEvent.objects.get(action="notice.not_names_confirmed")
    assert event.actor == alice
    assert event.details["words"] == ["Pronote"]
    assert not AuditEvent.objects.filter(action="notice.redaction_overridden").exists()


def test_a_written_reason_still_overrides_a_possible_name(alert, alice):
    notice = send_draft(
        alert,
        alice,
        facts=f"{FACTS} Le professeur, Monsieur Vandenberghe, est au courant.",
        override_reason="Le professeur doit être nommé : c'est lui qui doit agir.",
    )

    assert notice.state == NoticeState.QUEUED
    event = AuditEvent.objects.get(action="notice.redaction_overridden")
    assert event.details["kinds"] == ["possible_name"]


def test_a_word_the_model_is_unsure_of_is_asked_about_rather_than_blocking(school, alice):
    alert = triaged_alert(school, alice, description="Nathan va te filmer dans les vestiaires")
    subject, body = draft_for(alert)
    facts = f"{FACTS} Nathan la filme."

    check = check_notice(alert, subject, body, facts=facts)

    assert "Nathan" not in {f.text for f in check.findings}
    assert "Nathan" in {f.text for f in check.possible}
    assert check.blocked
    assert not check_notice(alert, subject, body, facts=facts, confirmed=["Nathan"]).blocked


def test_the_words_of_a_bullying_report_starting_a_sentence_are_not_names(school, alice):
    alert = triaged_alert(
        school,
        alice,
        description="Vol de son téléphone. Cantine, midi : ils prennent son plateau. Gymnase : "
        "ils l'enferment. Message reçu hier soir.",
    )
    subject, body = draft_for(alert)
    facts = f"{FACTS} Vol de téléphone, à la cantine, au gymnase ; un message reçu le soir."

    check = check_notice(alert, subject, body, facts=facts)

    assert check.findings == []
    assert check.possible == []


@pytest.mark.slow
def test_a_name_deep_in_a_long_thread_is_read():
    filler = "Ce soir encore, ils ont écrit des insultes sur le groupe de la classe. " * 30
    thread = [filler] * 60 + ["Léa a été frappée à la sortie."]
    assert sum(len(text) for text in thread) > 120_000

    names = {f.text for f in redaction.identifiers(thread) if f.kind == "name"}

    assert names == {"Léa"}
