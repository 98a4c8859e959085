"""A step that follows another (`after: <key>`) cannot be recorded while that step applies to
the case and is not recorded: the page offers no form for it and names the step it waits for,
record_step refuses (nothing stored, nothing audited). A step it follows that no longer applies
(a track the case left) does not hold it back (QA finding 6: Mouscron's postvention was
recordable while its prevention was not done)."""

from __future__ import annotations

import re
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from relais.audit.models import AuditAction, AuditEvent
from relais.cases.models import Case, CaseStep, Origin
from relais.cases.page import Forms, checklist_groups
from relais.cases.services import CaseError, checklist, open_case, record_step
from relais.jurisdictions.packs import PACK_DIR
from relais.proofs.kinds import ProofKind
from relais.proofs.models import ProofEntry

OPENED = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _stored() -> tuple[int, int, int]:
    return (
        CaseStep.objects.filter(done_at__isnull=False).count(),
        AuditEvent.objects.filter(action=AuditAction.CASE_STEP_RECORDED).count(),
        ProofEntry.objects.filter(kind=ProofKind.CASE_STEP_RECORDED).count(),
    )


def _items(case: Case, user: Any, now: datetime) -> dict[str, Any]:
    groups = checklist_groups(case, user, now, Forms())
    return {item.view.step.key: item for _group, _title, items in groups for item in items}


# --- The small test protocol (tests/cases/protocols.py): parents_meeting after hear_target ---


@pytest.fixture
def case(protocol: Any, school: Any, alice: Any) -> Case:
    return open_case(
        school=school, by=alice, origin=Origin.PUPIL, conditions={"victim_known": True}, now=OPENED
    )


def test_a_step_is_refused_before_the_step_it_follows(case, alice):
    with pytest.raises(CaseError) as refused:
        record_step(
            case=case,
            key="parents_meeting",
            value={"checklist": ["reassure"]},
            by=alice,
            now=OPENED,
        )

    assert str(refused.value.message) == "Record “Hear the pupil” first: this step follows it."
    assert _stored() == (0, 0, 0)
    assert CaseStep.objects.get(case=case, key="parents_meeting").value == {}


def test_it_is_recorded_once_the_step_it_follows_is(case, alice):
    record_step(case=case, key="hear_target", value={"date": "2026-03-02"}, by=alice, now=OPENED)
    row = record_step(
        case=case, key="parents_meeting", value={"checklist": ["reassure"]}, by=alice, now=OPENED
    )

    assert row.done_at == OPENED
    assert _stored() == (2, 2, 2)


def test_the_page_offers_no_form_and_names_the_step_it_waits_for(case, alice):
    items = _items(case, alice, OPENED)

    waiting = items["parents_meeting"]
    assert waiting.view.status == "waiting"
    assert waiting.form is None
    assert waiting.view.waiting_for is not None
    assert waiting.view.waiting_for.key == "hear_target"
    assert items["hear_target"].form is not None and items["hear_target"].view.waiting_for is None

    record_step(case=case, key="hear_target", value={"date": "2026-03-02"}, by=alice, now=OPENED)
    items = _items(case, alice, OPENED)
    assert items["parents_meeting"].form is not None
    assert items["parents_meeting"].view.waiting_for is None


# --- The shipped protocols, through the page ----------------------------------------------------


def test_mouscron_s_postvention_is_refused_before_its_prevention(alice, alice_client, school):
    case = open_case(school=school, by=alice, origin=Origin.PUPIL, protocol_key="mouscron")
    url = f"/school/cases/{case.pk}/"

    html = alice_client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    postvention = html.split('id="step-postvention"')[1].split("</li>")[0]
    assert "<form" not in postvention
    assert "après «\u00a0Mener des actions de sensibilisation" in postvention  # the step before
    sent = {"step-postvention-text": "Soirée d'information pour les parents."}
    response = alice_client.post(url + "steps/postvention/", sent)

    assert response.status_code == 400
    assert "this step follows it." in response.content.decode()  # beside the form sent
    assert _stored() == (0, 0, 0)


# --- A step it follows on a track the case left does not hold it back ---------------------------

TRACKS = """\
title: {fr: "Pistes", nl: "Sporen", en: "Tracks"}
source: "tests/cases/test_a_step_waits_for_the_step_it_follows.py"
tracks:
  - key: first
    title: {fr: "Première", nl: "Eerste", en: "First"}
  - key: second
    title: {fr: "Seconde", nl: "Tweede", en: "Second"}
steps:
  - key: move_now
    title: {fr: "Changer de piste", nl: "Van spoor veranderen", en: "Move on"}
    role: direction
    record: checkbox
    delay: 24h
    track: first
    switch_track: second
  - key: review
    title: {fr: "Bilan", nl: "Evaluatie", en: "Review"}
    role: direction
    record: checklist
    delay: 15d
    track: first
    checklist:
      - key: stopped
        title: {fr: "Cessé", nl: "Gestopt", en: "Stopped"}
      - key: no_result
        title: {fr: "Pas de résultat", nl: "Geen resultaat", en: "No result"}
        switch_track: second
  - key: after_review
    title: {fr: "Après le bilan", nl: "Na de evaluatie", en: "After the review"}
    role: direction
    record: checkbox
    after: review
    delay: 7d
    track: second
"""


@pytest.fixture
def tracks_case(settings: Any, tmp_path: Path, school: Any, alice: Any) -> Case:
    target = tmp_path / "packs"
    shutil.copytree(PACK_DIR, target, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    pack = target / "be-fwb" / "pack.yaml"
    pack.write_text(re.sub(r"(?m)^protocol:.*\n", "", pack.read_text()) + "protocol: tracks\n")
    (target / "be-fwb" / "protocols" / "tracks.yaml").write_text(TRACKS)
    settings.JURISDICTION_PACKS_DIR = target
    return open_case(school=school, by=alice, origin=Origin.PUPIL, now=OPENED)


def test_a_step_it_follows_on_a_track_the_case_left_does_not_hold_it_back(tracks_case, alice):
    record_step(case=tracks_case, key="move_now", value={"checked": True}, by=alice, now=OPENED)
    tracks_case.refresh_from_db()
    assert tracks_case.track == "second"

    statuses = {view.step.key: view.status for view in checklist(tracks_case, now=OPENED)}
    assert statuses["after_review"] == "due"  # no due date: "review" will never be recorded
    assert _items(tracks_case, alice, timezone.now())["after_review"].form is not None
    row = record_step(
        case=tracks_case, key="after_review", value={"checked": True}, by=alice, now=OPENED
    )
    assert row.done_at == OPENED
