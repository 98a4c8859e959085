"""GET /api/v1/mailbox: `school_steps`, what the school recorded doing, as api.md says."""

from __future__ import annotations

from datetime import datetime

import pytest

from relais.cases.models import CaseStep, NoteAudience
from relais.cases.services import link_alert, write_note
from relais.mailbox.services import open_mailbox
from tests.api.conftest import ApiClient
from tests.cases.conftest import acknowledged_notice
from tests.factories import make_alert
from tests.school_steps import (
    SCHOOL_TEXT,
    case_about,
    direction_of,
    record,
    record_visible,
    steps_of,
)


@pytest.fixture
def direction(school):
    return direction_of(school)


@pytest.fixture
def case(submitted, direction):
    return case_about(submitted.alert, by=direction)


def test_an_empty_list_without_a_case(mailbox):
    assert mailbox.get("/mailbox").json()["school_steps"] == []


def test_an_empty_list_before_a_visible_step_is_recorded(mailbox, case, direction):
    record(case, steps_of(case, visible=False)[0], by=direction)
    assert mailbox.get("/mailbox").json()["school_steps"] == []


def test_the_recorded_steps_oldest_first_with_key_title_and_time(mailbox, case, direction):
    steps = record_visible(case, 2, by=direction)
    rows = {row.key: row for row in CaseStep.objects.filter(case=case)}

    found = mailbox.get("/mailbox").json()["school_steps"]

    assert [set(step) for step in found] == [{"key", "title", "done_at"}] * 2
    assert [step["key"] for step in found] == [step.key for step in steps]
    assert [step["title"] for step in found] == [step.family["en"] for step in steps]
    # ISO 8601, to the millisecond as every time of the API.
    assert [datetime.fromisoformat(step["done_at"]) for step in found] == [
        rows[step.key].done_at.replace(
            microsecond=rows[step.key].done_at.microsecond // 1000 * 1000
        )
        for step in steps
    ]


@pytest.mark.parametrize("language", ["fr", "nl", "en"])
def test_the_title_is_in_the_request_s_language(submitted, case, direction, language):
    (step,) = record_visible(case, 1, by=direction)
    token, _alert = open_mailbox(receipt=submitted.receipt)

    found = ApiClient(token=token, language=language).get("/mailbox").json()["school_steps"]

    assert [entry["title"] for entry in found] == [step.family[language]]


def test_no_name_note_value_or_member_is_served(mailbox, case, direction):
    record(case, next(s for s in steps_of(case, visible=False) if s.record == "text"), by=direction)
    record_visible(case, 1, by=direction)
    write_note(case=case, by=direction, body=SCHOOL_TEXT, audience=NoteAudience.ASSOCIATION)

    text = mailbox.get("/mailbox").content.decode()

    assert "Jules" not in text and "Dupont" not in text
    assert direction.username not in text
    assert str(case.pk) not in text


def test_each_step_s_entry_is_among_the_proofs(mailbox, case, direction):
    (step,) = record_visible(case, 1, by=direction)
    row = CaseStep.objects.get(case=case, key=step.key)

    proofs = mailbox.get("/mailbox").json()["proofs"]

    assert row.entry.digest in [proof["entry"]["digest"] for proof in proofs]


def test_the_openapi_schema_describes_school_steps(api):
    schema = api.get("/openapi.json").json()
    mailbox = schema["components"]["schemas"]["MailboxOut"]
    assert "school_steps" in mailbox["required"]
    assert mailbox["properties"]["school_steps"]["items"] == {
        "$ref": "#/components/schemas/SchoolStepOut"
    }
    step = schema["components"]["schemas"]["SchoolStepOut"]
    assert set(step["required"]) == {"key", "title", "done_at"}
    assert step["properties"]["done_at"]["format"] == "date-time"


def test_every_family_holds_the_proof_of_each_step_it_reads(mailbox, submitted, case, direction):
    """A step's entry is attached to the case's first alert; a second alert the case gathers
    reads the step in `school_steps` and finds its RECEIPT or PROMISE among its `proofs` too."""
    second = make_alert(submitted.alert.school, description="La même situation, un témoin.")
    link_alert(
        case=case, alert=second.alert, by=direction, notice=acknowledged_notice(second.alert)
    )
    (step,) = record_visible(case, 1, by=direction)
    digest = CaseStep.objects.get(case=case, key=step.key).entry.digest
    token, _alert = open_mailbox(receipt=second.receipt)

    body = ApiClient(token=token).get("/mailbox").json()
    first = mailbox.get("/mailbox").json()

    assert [found["key"] for found in body["school_steps"]] == [step.key]
    assert digest in [proof["entry"]["digest"] for proof in body["proofs"]]
    assert [proof["entry"]["digest"] for proof in first["proofs"]].count(digest) == 1
