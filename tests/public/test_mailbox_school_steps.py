"""The mailbox says what the school put on record (issue 12, point 6): the steps its protocol shows
to the family, in plain words and the day, oldest first, each with its proof; never a name, a
note, what was recorded, nor who recorded it; nothing at all when nothing is recorded."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from html import unescape
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import dateformat, formats, timezone, translation

from relais.cases.models import CaseAlert, CaseStep, NoteAudience
from relais.cases.services import link_alert, write_note
from relais.proofs.promises import entry_json
from tests.cases.conftest import acknowledged_notice
from tests.factories import make_alert
from tests.public.conftest import open_mailbox_with
from tests.school_steps import (
    SCHOOL_TEXT,
    case_about,
    direction_of,
    record,
    record_visible,
    steps_of,
)

SECTION = re.compile(r'<ol id="school-steps".*?</ol>', re.S)
ZONE = ZoneInfo("Europe/Brussels")  # be-fwb's, as its notices


@pytest.fixture
def direction(school):
    return direction_of(school)


@pytest.fixture
def case(submitted, direction):
    return case_about(submitted.alert, by=direction)


def lines(html: str) -> list[str]:
    """The section's lines as the reader sees them, without the links' hidden words."""
    match = SECTION.search(html)
    if match is None:
        return []
    items = re.findall(
        r'<span class="school-step-words">(.*?)</span>\s*—\s*<time[^>]*>(.*?)</time>',
        match.group(0),
    )
    return [unescape(f"{words} — {day}") for words, day in items]


def day_of(step_row: CaseStep, language: str) -> str:
    with translation.override(language):
        day = timezone.localtime(step_row.done_at, ZONE).date()
        return dateformat.format(day, formats.get_format("DATE_FORMAT"))


def test_nothing_is_said_without_a_case(mailbox_client):
    html = mailbox_client.get("/my/").content.decode()
    assert "school-steps" not in html
    assert "What the school did" not in html


def test_nothing_is_said_before_a_visible_step_is_recorded(mailbox_client, case, direction):
    # A step the family does not see, recorded with the school's own words.
    hidden = steps_of(case, visible=False)[0]
    record(case, hidden, by=direction)
    html = mailbox_client.get("/my/").content.decode()
    assert "school-steps" not in html
    assert "What the school did" not in html


def test_the_first_page_lists_the_recorded_steps_in_their_words_oldest_first(
    mailbox_client, case, direction
):
    first, second = record_visible(case, 2, by=direction)
    rows = {row.key: row for row in CaseStep.objects.filter(case=case, done_at__isnull=False)}
    assert rows[first.key].done_at <= rows[second.key].done_at

    html = mailbox_client.get("/my/").content.decode()

    assert "What the school did" in html
    assert lines(html) == [
        f"{first.family['en']} — {day_of(rows[first.key], 'en')}",
        f"{second.family['en']} — {day_of(rows[second.key], 'en')}",
    ]


@pytest.mark.parametrize("language", ["fr", "nl", "en"])
def test_the_steps_are_in_the_reader_s_language(submitted, case, direction, language):
    (step,) = record_visible(case, 1, by=direction)
    row = CaseStep.objects.get(case=case, key=step.key)
    client = open_mailbox_with(Client(), submitted.receipt)
    client.cookies["django_language"] = language

    html = client.get("/my/").content.decode()

    assert lines(html) == [f"{step.family[language]} — {day_of(row, language)}"]


def test_the_day_is_the_school_s_day(mailbox_client, case, direction):
    (step,) = record_visible(case, 1, by=direction)
    # Recorded at 23:30 UTC: already the next day in Brussels, where the school lived it.
    late = timezone.now().replace(hour=23, minute=30) - timedelta(days=3)
    CaseStep.objects.filter(case=case, key=step.key).update(done_at=late)
    # The case gathered the alert before then (the family sees steps from its gathering on).
    CaseAlert.objects.filter(case=case).update(linked_at=late - timedelta(days=1))

    html = mailbox_client.get("/my/").content.decode()

    assert f'datetime="{(late + timedelta(days=1)).date().isoformat()}"' in html


def test_no_name_note_value_or_member_reaches_the_family(mailbox_client, case, direction):
    hidden = next(step for step in steps_of(case, visible=False) if step.record == "text")
    record(case, hidden, by=direction)
    record_visible(case, 1, by=direction)
    for audience in NoteAudience.values:
        write_note(case=case, by=direction, body=SCHOOL_TEXT, audience=audience)

    for path in ("/my/", "/my/days/", "/my/details/"):
        html = mailbox_client.get(path).content.decode()
        assert "Jules" not in html and "Dupont" not in html, path
        assert direction.username not in html, path
        assert str(case.pk) not in html, path
        # The case's number ("2026-1"), not a date that starts like it ("2026-12-07").
        assert not re.search(rf"(?<![\d-]){re.escape(case.number)}(?![\d-])", html), path


def test_each_step_links_to_its_proof(mailbox_client, case, direction):
    record_visible(case, 2, by=direction)
    rows = list(
        CaseStep.objects.filter(case=case, family_visible=True, done_at__isnull=False).order_by(
            "done_at", "id"
        )
    )
    html = mailbox_client.get("/my/").content.decode()
    for number, row in enumerate(rows, start=1):
        assert f'href="/my/details/steps/{number}.pdf"' in html
        response = mailbox_client.get(f"/my/details/steps/{number}.json")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/json"
        assert response["Cache-Control"] == "no-store"
        proof = json.loads(response.content)
        assert proof["entry"] == entry_json(row.entry)
        assert proof["entry"]["kind"] == "case.step_recorded"
        # The school's event: no opening, which only the owner of an event gets.
        assert "opening" not in proof
        pdf = mailbox_client.get(f"/my/details/steps/{number}.pdf")
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert mailbox_client.get(f"/my/details/steps/{len(rows) + 1}.json").status_code == 404
    assert mailbox_client.get("/my/details/steps/0.json").status_code == 404


def test_another_alert_s_mailbox_shows_nothing_of_this_case(submitted, case, direction, school):
    record_visible(case, 1, by=direction)
    other = make_alert(school, description="Une autre alerte, sans lien.")
    client = open_mailbox_with(Client(), other.receipt)

    assert "school-steps" not in client.get("/my/").content.decode()
    assert client.get("/my/details/steps/1.json").status_code == 404


def test_every_alert_the_case_gathers_shows_its_steps(submitted, case, direction, school):
    # The same bullying reported twice: the school adds the second notice's alert to the case.
    second = make_alert(school, description="La même situation, signalée par un parent.")
    link_alert(
        case=case, alert=second.alert, by=direction, notice=acknowledged_notice(second.alert)
    )
    (step,) = record_visible(case, 1, by=direction)
    client = open_mailbox_with(Client(), second.receipt)

    html = client.get("/my/").content.decode()

    assert [line.split(" — ")[0] for line in lines(html)] == [step.family["en"]]
    # Its proof entry is listed among the first alert's proofs; this mailbox reaches it here.
    proof = json.loads(client.get("/my/details/steps/1.json").content)
    row = CaseStep.objects.get(case=case, key=step.key)
    assert proof["entry"] == entry_json(row.entry)


def test_an_alert_gathered_later_sees_only_the_steps_recorded_since(
    submitted, mailbox_client, case, direction, school
):
    """A witness's alert added to the victim's case must not learn what the school did before
    for the victim's family (the police, the images): only what it records from then on."""
    before, _also_before = record_visible(case, 2, by=direction)
    second = make_alert(school, description="Un témoin signale la même situation.")
    link_alert(
        case=case, alert=second.alert, by=direction, notice=acknowledged_notice(second.alert)
    )
    after = steps_of(case, visible=True)[2]
    record(case, after, by=direction)
    client = open_mailbox_with(Client(), second.receipt)

    seen = [line.split(" — ")[0] for line in lines(client.get("/my/").content.decode())]
    first_family = lines(mailbox_client.get("/my/").content.decode())

    assert seen == [after.family["en"]]
    assert before.family["en"] not in seen
    assert len(first_family) == 3  # the victim's family still sees all three
    assert client.get("/my/details/steps/2.json").status_code == 404


def test_the_order_of_events_page_shows_them_too(mailbox_client, case, direction):
    (step,) = record_visible(case, 1, by=direction)
    html = mailbox_client.get("/my/days/").content.decode()
    assert [line.split(" — ")[0] for line in lines(html)] == [step.family["en"]]


def test_without_a_session_a_step_s_proof_asks_for_the_receipt(submitted, case, direction):
    record_visible(case, 1, by=direction)
    response = Client().get("/my/details/steps/1.json")
    assert response.status_code == 303 and response["Location"] == "/my/"


@pytest.mark.parametrize("number", ["10001", "9223372036854775808", "99999999999999999999999"])
@pytest.mark.parametrize("ext", ["json", "pdf"])
def test_a_step_number_past_any_case_is_not_found(
    submitted, case, direction, mailbox_client, number, ext
):
    """Not a 500 from the database (a number past a bigint in the query's OFFSET)."""
    record_visible(case, 1, by=direction)

    assert mailbox_client.get(f"/my/details/steps/{number}.{ext}").status_code == 404
