"""A reporter raises an alert, writes down the receipt, opens the mailbox and reads the reply.

Run twice: with JavaScript off (Tor Browser "safest") and on.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from relais.alerts.models import Alert
from relais.alerts.services import post_staff_message
from tests.factories import OrganisationFactory, SchoolFactory

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.engine_neutral("sqlite")]


@pytest.fixture
def school(transactional_db):
    OrganisationFactory(name="Association", jurisdictions=["be-fwb"])
    return SchoolFactory(name="Institut Saint-Henri", city="Mouscron", code="5432")


def raise_alert(page: Page, base: str, *, danger: bool = False) -> str:
    page.goto(base + "/")
    page.click("#start-alert")
    page.fill("#q", "saint-henri")
    page.click("#search-button")
    assert page.url == base + "/form/#step-school"  # no school name in the URL or history
    page.check("input[name=school_id]")
    page.check("input[name=reporter_role][value=witness]")
    page.check("input[name=categories][value=harcelement]")
    page.check("input[name=categories][value=cyberharcelement]")
    page.fill("textarea[name=description]", "Il reçoit des messages d'insultes <b>chaque</b> soir.")
    page.check("input[name=platforms][value=snapchat]")
    if danger:
        page.check("input[name=immediate_danger]")
    page.check("input[name=good_faith]")
    page.click("#send-button")
    receipt = page.inner_text("#receipt").replace("\n", "").replace(" ", "")
    assert len(receipt) == 24
    return receipt


def test_a_reporter_submits_an_alert_and_reads_the_reply(page: Page, live_server, school):
    base = live_server.url
    receipt = raise_alert(page, base)
    alert = Alert.objects.get()
    assert alert.description.startswith("Il reçoit des messages d'insultes <b>")
    assert receipt not in alert.receipt_digest

    # Later, on another visit: the receipt written on paper, typed in lower case with spaces.
    page.goto(base + "/my/")
    page.fill("input[name=receipt]", receipt.lower().replace("-", " "))
    page.click("#mailbox-open-form button[type=submit]")
    assert page.is_visible("#status-words")
    assert receipt not in page.url and receipt not in page.title()

    post_staff_message(alert=alert, actor=None, body="Merci, nous prévenons la direction.")
    page.reload()
    assert "Merci, nous prévenons la direction." in page.inner_text("#messages")

    page.fill("#message-form textarea[name=body]", "Ça a recommencé ce matin.")
    page.click("#message-form button[type=submit]")
    assert "Ça a recommencé ce matin." in page.inner_text("#messages")

    page.click("#logout-form button[type=submit]")
    page.goto(base + "/my/")
    assert page.is_visible("#mailbox-open-form")

    assert page.recorder.foreign_hosts() == set()  # type: ignore[attr-defined]
    assert page.recorder.csp_violations() == []  # type: ignore[attr-defined]


def test_danger_shows_the_emergency_numbers_with_the_receipt(page: Page, live_server, school):
    raise_alert(page, live_server.url, danger=True)
    text = page.inner_text("main")
    for number in ("112", "101", "103", "116 000"):
        assert number in text


def test_enter_in_the_search_box_searches_and_keeps_what_was_written(
    page: Page, live_server, school
):
    base = live_server.url
    page.goto(base + "/form/")
    page.check("input[name=reporter_role][value=witness]")
    page.fill("textarea[name=description]", "Des insultes chaque soir.")
    page.check("input[name=good_faith]")
    page.fill("#q", "saint-henri")
    page.press("#q", "Enter")
    page.wait_for_selector("input[name=school_id]")
    assert Alert.objects.count() == 0
    assert page.url == base + "/form/#step-school"
    assert page.input_value("textarea[name=description]") == "Des insultes chaque soir."
    assert page.is_checked("input[name=reporter_role][value=witness]")
    assert page.is_checked("input[name=good_faith]")
    assert not page.is_visible("#error-summary")


def test_refreshing_the_receipt_does_not_send_the_alert_again(page: Page, live_server, school):
    raise_alert(page, live_server.url)
    page.on("dialog", lambda dialog: dialog.accept())
    response = page.reload()
    # The receipt page reads its stash once: a reload lands on an empty form, which says
    # nothing of an alert sent from this phone (issue 9).
    assert response is not None and response.status == 200
    assert page.url.endswith("/form/")
    assert not page.is_visible("#receipt")
    assert Alert.objects.count() == 1


def test_a_wrong_receipt_gets_a_clear_message_and_opens_nothing(page: Page, live_server, school):
    page.goto(live_server.url + "/my/")
    page.fill("input[name=receipt]", "7KQM-3XR9-HT2W-B6CN")
    page.click("#mailbox-open-form button[type=submit]")
    assert page.is_visible("#error-summary")
    assert not page.is_visible("#status-words")
