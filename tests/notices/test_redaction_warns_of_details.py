"""A grade, a time and a place in a notice are flagged (not blocked): the school could guess who.
A class blocks (test_a_class_blocks_like_a_name.py)."""

from __future__ import annotations

import pytest

from relais.alerts.services import move_alert
from relais.alerts.workflow import Status
from relais.notices.compose import check_notice, draft_for
from relais.notices.details import warnings
from relais.notices.models import NoticeState
from relais.notices.services import send_notice
from tests.factories import make_alert

FACTS = "Un élève reçoit des messages insultants le soir et a été bousculé à la sortie."


@pytest.fixture(autouse=True)
def contact(be_org):
    """The organisation can be answered: a notice is sent only then."""
    be_org.email = "contact@asbl.example"
    be_org.save()
    return be_org


def test_grade_time_and_place_are_warned():
    found = warnings(
        "Cela se passe en sixième, le mardi à 10h15, dans les vestiaires et dans le bus.",
        class_grade="",
    )

    kinds = {(w.kind, w.text.lower()) for w in found}
    assert ("class", "sixième") in kinds
    assert ("time", "mardi") in kinds
    assert ("time", "10h15") in kinds
    assert ("place", "vestiaires") in kinds
    assert ("place", "bus") in kinds


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
