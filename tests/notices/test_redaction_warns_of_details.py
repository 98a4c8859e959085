"""Class, time and place in a notice are flagged (not blocked): the school could guess who."""

from __future__ import annotations

import pytest

from relais.alerts.services import move_alert
from relais.alerts.workflow import Status
from relais.notices.compose import check_notice, draft_for
from relais.notices.models import NoticeState
from relais.notices.redaction import warnings
from relais.notices.services import send_notice
from tests.factories import make_alert

FACTS = "Un élève reçoit des messages insultants le soir et a été bousculé à la sortie."


@pytest.fixture(autouse=True)
def contact(be_org):
    """The organisation can be answered: a notice is sent only then."""
    be_org.email = "contact@asbl.example"
    be_org.save()
    return be_org


def test_class_time_and_place_are_warned():
    found = warnings(
        "Cela se passe en 1re B, le mardi à 10h15, dans les vestiaires et dans le bus.",
        class_grade="",
    )

    kinds = {(w.kind, w.text.lower()) for w in found}
    assert ("class", "1re b") in kinds
    assert ("time", "mardi") in kinds
    assert ("time", "10h15") in kinds
    assert ("place", "vestiaires") in kinds
    assert ("place", "bus") in kinds


def test_the_class_of_the_alert_is_warned(be_org, school):
    alert = make_alert(school, class_grade="3TQ2").alert

    check = check_notice(alert, "Sujet", "Un élève de 3TQ2 est visé.")

    assert [w.text for w in check.warnings if w.kind == "class"] == ["3TQ2"]


def test_the_plain_draft_carries_no_warning(submitted):
    subject, body = draft_for(submitted.alert)

    assert check_notice(submitted.alert, subject, body).warnings == []


def test_a_warning_does_not_block_sending(be_org, school, alice):
    alert = make_alert(school).alert
    move_alert(alert=alert, to=Status.TRIAGED, actor=alice)
    subject, body = draft_for(alert)

    notice = send_notice(
        alert=alert,
        actor=alice,
        subject=subject,
        body=body,
        facts=FACTS + " Les faits ont lieu à la cour.",
    )

    assert notice.state == NoticeState.QUEUED
