"""The notice template of each jurisdiction: French, anonymous, with dated legal references."""

from __future__ import annotations

from datetime import date

import pytest

from relais.documents.legal import references_for
from relais.documents.models import NOTICE
from relais.notices.compose import draft_for, notice_email
from relais.notices.outbox import ACK_URL
from relais.notices.services import save_notice
from relais.notices.texts import all_texts, texts_for
from tests.factories import make_alert


@pytest.mark.parametrize("code", ["fr", "be-fwb"])
def test_each_jurisdiction_s_notice_cites_sourced_references_from_the_table(db, code):
    texts = texts_for(code)
    cited = references_for(code, NOTICE)

    assert texts.language == "fr"
    assert cited
    for reference in cited:
        assert reference.source
        assert isinstance(reference.effective_from, date)


def test_the_belgian_notice_cites_the_internal_procedure_duty(be_org, school):
    alert = make_alert(school, categories=["harcelement", "cyberharcelement"]).alert

    subject, body = draft_for(alert)

    assert school.name in subject
    assert "une situation de harcèlement et de cyberharcèlement" in body
    assert "1.7.10-4" in body and "26 août 2024" in body
    assert "ni l'élève qui en est victime ni la personne qui a donné l'alerte" in body


def test_the_french_notice_cites_phare_and_the_code_de_l_education(fr_org, fr_school):
    alert = make_alert(fr_school, started_on=date(2025, 3, 3)).alert

    _subject, body = draft_for(alert)

    assert "L. 511-3-1" in body and "pHARe" in body
    assert "depuis mars 2025" in body


def test_the_notice_e_mail_carries_a_link_placeholder_not_a_token(be_org, school, alice):
    alert = make_alert(school).alert
    subject, body = draft_for(alert)
    notice = save_notice(alert=alert, actor=alice, subject=subject, body=body)

    _subject, email_body = notice_email(notice)

    assert ACK_URL in email_body


def test_every_pack_loads():
    assert set(all_texts()) == {"fr", "be-fwb"}
