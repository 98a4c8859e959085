"""The police summary's "qualifications possibles" follow the categories the alert ticked: the
threats articles when "menace" is ticked, the intimate-images ones only when that was reported,
never defamation, which nobody reports as a fact."""

from __future__ import annotations

import pytest

from relais.documents.services import generate_document
from relais.evidence.services import plaintext
from tests.documents.conftest import pdf_text
from tests.factories import make_alert


def summary(alert) -> str:
    document = generate_document(
        alert=alert, kind="police_summary", options={}, actor=None, actor_kind="reporter"
    )
    return pdf_text(b"".join(plaintext(document)))


def test_threats_in_belgium_cite_the_threats_articles_and_no_defamation(db, be_org, school):
    text = summary(make_alert(school, categories=["harcelement", "menace"]).alert)
    assert "articles 327 à 331" in text
    assert "calomnie" not in text.lower()
    assert "417/9" not in text


def test_threats_in_france_cite_the_threats_articles_and_no_images(db, fr_org, fr_school):
    text = summary(make_alert(fr_school, categories=["menace"]).alert)
    assert "222-17" in text
    assert "226-2-1" not in text
    assert "226-8-1" not in text


@pytest.mark.parametrize(
    ("where", "article"), [("be-fwb", "417/9"), ("fr", "226-2-1")], ids=["be-fwb", "fr"]
)
def test_intimate_images_are_cited_only_when_reported(
    db, be_org, school, fr_org, fr_school, where, article
):
    place = school if where == "be-fwb" else fr_school
    assert article not in summary(make_alert(place, categories=["harcelement"]).alert)
    assert article in summary(make_alert(place, categories=["images_intimes"]).alert)


def test_bullying_alone_cites_no_threats_article(db, be_org, school, fr_org, fr_school):
    assert "327" not in summary(make_alert(school).alert)
    assert "222-17" not in summary(make_alert(fr_school).alert)
