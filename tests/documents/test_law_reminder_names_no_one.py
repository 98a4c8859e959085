"""The reminder of the law addresses "the person responsible": it names no one and states no
penalty (it may reach a child; a child is never threatened with adult penalties)."""

from __future__ import annotations

import re

import pytest

from relais.documents.forms import DocumentForm
from relais.documents.services import generate_document
from relais.evidence.services import plaintext
from tests.documents.conftest import pdf_text
from tests.factories import make_alert

PENALTIES = re.compile(
    r"€|\beuros?\b|emprisonnement|\bprison|réclusion|\bamende|\d+\s*(ans|mois|jours)\b",
    re.IGNORECASE,
)


@pytest.fixture
def alerts(submitted, fr_school, fr_org):
    fr = make_alert(fr_school, reporter_role="parent").alert
    return {"be-fwb": submitted.alert, "fr": fr}


@pytest.mark.parametrize("jurisdiction", ["fr", "be-fwb"])
def test_the_reminder_states_no_penalty_and_names_no_one(alerts, jurisdiction):
    alert = alerts[jurisdiction]
    alert.reveal_identity = True
    alert.reporter_name = "Dominique Reporter"
    alert.save()
    # What a family might type elsewhere has no field here: the form drops it.
    form = DocumentForm(
        {"family_name": "Famille Martin", "victim_name": "Camille"}, kind="law_reminder"
    )
    assert form.is_valid()
    assert form.cleaned_data == {}
    document = generate_document(
        alert=alert,
        kind="law_reminder",
        options=form.cleaned_data,
        actor=None,
        actor_kind="reporter",
    )
    text = pdf_text(b"".join(plaintext(document)))
    assert "personne responsable" in text
    assert "Les règles" in text
    assert PENALTIES.search(text) is None, PENALTIES.search(text)
    for name in ("Dominique", "Famille Martin", "Camille"):
        assert name not in text
    assert alert.organisation.name in text


def test_the_parents_leaflet_says_minors_are_not_given_adult_penalties(alerts):
    for alert in alerts.values():
        document = generate_document(
            alert=alert, kind="parents_leaflet", options={}, actor=None, actor_kind="reporter"
        )
        text = pdf_text(b"".join(plaintext(document)))
        assert "Peines encourues" not in text  # a leaflet for parents, not a page of penalties
        assert "un mineur" in text and "est puni par la loi" in text
