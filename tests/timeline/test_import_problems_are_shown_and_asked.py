"""An import's problems are shown to the family and the case worker, with their line numbers;
an ambiguous day/month order is asked ("Is 01/03/2024 the 1st of March or the 3rd of
January?") with two buttons that read the export again. Issue 9, point 9."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from relais.evidence.models import EvidenceItem
from relais.mailbox.services import COOKIE, open_mailbox
from relais.timeline.imports import import_chat_export
from relais.timeline.models import ChatImport, TimelineEvent
from relais.timeline.services import correct_occurred_at
from tests.documents.conftest import add_item
from tests.factories import make_alert
from tests.timeline.helpers import immediate_tasks, upload

__all__ = ["immediate_tasks"]
ISSUE9 = Path(__file__).resolve().parent.parent / "data" / "exports" / "issue9"
QUESTION = "Is 01/03/2024 1 March 2024 or 3 January 2024?"
# A line that starts with a date but matches no header: reported with its number, not merged.
ODD_LINE = (
    "01/03/2024, 21:15 - Léa: first\n"
    "01/03/2024 21h16 Léa: not a header\n"
    "14/03/2024, 21:17 - Tom: stop\n"
).encode()


@pytest.fixture
def ambiguous(immediate_tasks, mailbox_token, submitted, django_capture_on_commit_callbacks):
    content = (ISSUE9 / "whatsapp_ios_en_12h_ambiguous.txt").read_bytes()
    body = upload(django_capture_on_commit_callbacks, mailbox_token, content, "_chat.txt")
    return EvidenceItem.objects.select_related("alert__school").get(pk=body["id"])


def _dates(item: EvidenceItem) -> list[str]:
    events = TimelineEvent.objects.filter(item=item).order_by("position")
    return [e.occurred_at.date().isoformat() for e in events]


def _order_url(item: EvidenceItem) -> str:
    return reverse("public:mailbox_item_order", args=[item.pk])


def test_the_days_page_asks_the_family_which_order_is_right(mailbox_client, ambiguous):
    page = mailbox_client.get(reverse("public:mailbox_days")).content.decode()
    assert 'id="import-problems"' in page
    assert QUESTION in page
    assert f'action="{_order_url(ambiguous)}"' in page
    assert 'name="order" value="day"' in page and 'name="order" value="month"' in page
    assert "csrfmiddlewaretoken" in page


def test_the_full_list_and_the_item_page_ask_too(mailbox_client, ambiguous):
    for url in (
        reverse("public:mailbox_timeline"),
        reverse("public:mailbox_item", args=[ambiguous.pk]),
    ):
        page = mailbox_client.get(url).content.decode()
        assert QUESTION in page, url
        assert "Relais read 01/03/2024 as 1 March 2024 for now." in page, url


def test_the_family_answers_and_the_export_is_read_again(mailbox_client, ambiguous):
    assert _dates(ambiguous) == ["2024-03-01", "2024-03-02", "2024-03-05"]

    response = mailbox_client.post(_order_url(ambiguous), {"order": "month", "back": "days"})

    assert response.status_code == 303
    assert response["Location"] == reverse("public:mailbox_days") + "?reread=1"
    assert _dates(ambiguous) == ["2024-01-03", "2024-02-03", "2024-05-03"]
    page = mailbox_client.get(response["Location"]).content.decode()
    assert QUESTION not in page
    assert 'id="order-saved"' in page


def test_the_answer_goes_back_to_the_item_page(mailbox_client, ambiguous):
    response = mailbox_client.post(_order_url(ambiguous), {"order": "month", "back": "item"})
    assert response.status_code == 303
    assert response["Location"].startswith(reverse("public:mailbox_item", args=[ambiguous.pk]))
    assert _dates(ambiguous) == ["2024-01-03", "2024-02-03", "2024-05-03"]
    assert ChatImport.objects.get(item=ambiguous).problems == []


def test_an_order_outside_the_two_changes_nothing(mailbox_client, ambiguous):
    first = ChatImport.objects.get(item=ambiguous).pk
    response = mailbox_client.post(_order_url(ambiguous), {"order": "year", "back": "days"})
    assert response.status_code == 422
    assert ChatImport.objects.get(item=ambiguous).pk == first


def test_a_date_corrected_by_hand_is_a_clear_refusal_and_changes_nothing(mailbox_client, ambiguous):
    event = TimelineEvent.objects.get(item=ambiguous, position=0)
    correct_occurred_at(
        target=event, occurred_at=datetime(2024, 3, 1, 20, 15, tzinfo=UTC), actor=None
    )
    first = ChatImport.objects.get(item=ambiguous).pk

    response = mailbox_client.post(_order_url(ambiguous), {"order": "month", "back": "days"})

    assert response.status_code == 409
    assert 'id="order-refused"' in response.content.decode()
    assert "corrected by hand" in response.content.decode()
    assert ChatImport.objects.get(item=ambiguous).pk == first
    assert _dates(ambiguous)[1:] == ["2024-03-02", "2024-03-05"]


def test_another_familys_item_is_not_found(ambiguous, school):
    other = make_alert(school)
    token, _alert = open_mailbox(receipt=other.receipt)
    client = Client()
    client.cookies[COOKIE] = token
    assert client.get(reverse("public:mailbox_item", args=[ambiguous.pk])).status_code == 404
    response = client.post(_order_url(ambiguous), {"order": "month", "back": "days"})
    assert response.status_code == 404
    assert _dates(ambiguous) == ["2024-03-01", "2024-03-02", "2024-03-05"]


def test_a_line_that_is_no_header_is_shown_with_its_number(
    immediate_tasks, mailbox_token, mailbox_client, django_capture_on_commit_callbacks
):
    body = upload(django_capture_on_commit_callbacks, mailbox_token, ODD_LINE, "chat.txt")
    problems = ChatImport.objects.get(item_id=body["id"]).problems
    assert problems and problems[0].startswith("Line 2:")
    for url in (
        reverse("public:mailbox_days"),
        reverse("public:mailbox_item", args=[body["id"]]),
    ):
        page = mailbox_client.get(url).content.decode()
        assert "Line 2:" in page, url
        assert "Is 01/03/2024" not in page


def test_the_question_is_asked_in_french(mailbox_client, ambiguous):
    mailbox_client.cookies["django_language"] = "fr"
    page = mailbox_client.get(reverse("public:mailbox_days")).content.decode()
    assert "01/03/2024 : est-ce le 1 mars 2024 ou le 3 janvier 2024 ?" in page


# --- The case worker -----------------------------------------------------------------------


def _staff_order_url(item: EvidenceItem) -> str:
    return reverse("evidence:item_order", args=[item.pk])


def test_the_case_worker_sees_the_problems_and_answers(alice_client, ambiguous):
    for url in (
        reverse("evidence:timeline", args=[ambiguous.alert_id]),
        reverse("evidence:item", args=[ambiguous.pk]),
    ):
        page = alice_client.get(url).content.decode()
        assert QUESTION in page, url
        assert f'action="{_staff_order_url(ambiguous)}"' in page, url

    response = alice_client.post(
        _staff_order_url(ambiguous), {"order": "month", "back": "timeline"}
    )

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("evidence:timeline", args=[ambiguous.alert_id]))
    assert _dates(ambiguous) == ["2024-01-03", "2024-02-03", "2024-05-03"]


def test_the_case_worker_is_told_of_a_refusal(alice_client, ambiguous):
    event = TimelineEvent.objects.get(item=ambiguous, position=0)
    correct_occurred_at(
        target=event, occurred_at=datetime(2024, 3, 1, 20, 15, tzinfo=UTC), actor=None
    )
    response = alice_client.post(
        _staff_order_url(ambiguous), {"order": "month", "back": "item"}, follow=True
    )
    assert "corrected by hand" in response.content.decode()
    assert _dates(ambiguous)[1:] == ["2024-03-02", "2024-03-05"]


def test_bob_and_charlie_cannot_answer(bob_client, charlie_client, ambiguous):
    assert bob_client.post(_staff_order_url(ambiguous), {"order": "month"}).status_code == 404
    assert charlie_client.post(_staff_order_url(ambiguous), {"order": "month"}).status_code == 403
    assert _dates(ambiguous) == ["2024-03-01", "2024-03-02", "2024-03-05"]


def test_an_export_our_team_added_shows_its_problems_without_buttons(
    mailbox_client, submitted, alice
):
    content = (ISSUE9 / "whatsapp_ios_en_12h_ambiguous.txt").read_bytes()
    item = add_item(submitted.alert, content, "_chat.txt", staff=alice)
    import_chat_export(item=item)
    page = mailbox_client.get(reverse("public:mailbox_days")).content.decode()
    assert "Relais read 01/03/2024 as 1 March 2024 for now." in page
    assert _order_url(item) not in page

    response = mailbox_client.post(_order_url(item), {"order": "month", "back": "days"})

    assert response.status_code == 409
    assert _dates(item) == ["2024-03-01", "2024-03-02", "2024-03-05"]
