from __future__ import annotations

import re

from django.test import Client, override_settings

from relais.lib.receipts import new_receipt
from relais.mailbox.models import MailboxSession
from relais.mailbox.services import COOKIE
from tests.factories import make_alert
from tests.public.conftest import open_mailbox_with


def _without_values(html: str) -> str:
    return re.sub(r'value="[^"]*"', "", html)


NOT_FOUND = "We found no alert with this receipt. Check each character."


def test_the_mailbox_asks_for_the_receipt_first(client, db):
    response = client.get("/my/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="mailbox-open-form"' in html
    assert 'id="session-ended"' not in html


def test_a_receipt_opens_the_mailbox_with_a_cookie_the_browser_forgets(client, submitted):
    response = client.post("/my/open/", {"receipt": submitted.receipt})
    assert response.status_code == 303
    assert response["Location"] == "/my/"
    cookie = response.cookies[COOKIE]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Strict"
    assert cookie["path"] == "/my/"
    assert not cookie["max-age"]
    assert not cookie["expires"]
    assert not cookie["secure"]
    assert submitted.receipt.replace("-", "") not in cookie.value.upper().replace("-", "")
    html = client.get("/my/").content.decode()
    assert 'id="status-words"' in html


@override_settings(SECURE=True)
def test_the_mailbox_cookie_is_secure_when_the_site_is(submitted):
    client = Client()
    response = client.post("/my/open/", {"receipt": submitted.receipt}, secure=True)
    assert response.cookies[COOKIE]["secure"] is True


def test_a_receipt_is_read_forgivingly(client, submitted):
    sloppy = submitted.receipt.lower().replace("-", " ").replace("0", "o")
    open_mailbox_with(client, sloppy)


def test_a_receipt_opens_only_its_own_mailbox(be_org, school, fr_school):
    first = make_alert(school, description="Premier signalement.")
    second = make_alert(fr_school, description="Second signalement.")
    client_one = open_mailbox_with(Client(), first.receipt)
    client_two = open_mailbox_with(Client(), second.receipt)
    html_one = client_one.get("/my/words/").content.decode()
    html_two = client_two.get("/my/words/").content.decode()
    assert school.name in html_one and fr_school.name not in html_one
    assert fr_school.name in html_two and school.name not in html_two
    assert MailboxSession.objects.get(alert=first.alert) != MailboxSession.objects.get(
        alert=second.alert
    )


def test_a_forged_receipt_gets_the_generic_message(client, submitted):
    response = client.post("/my/open/", {"receipt": new_receipt()})
    assert response.status_code == 400
    assert NOT_FOUND in response.content.decode()
    assert COOKIE not in response.cookies
    assert MailboxSession.objects.count() == 0


def test_a_receipt_with_one_wrong_character_looks_the_same_as_any_unknown_one(client, submitted):
    near = submitted.receipt[:-1] + ("2" if submitted.receipt[-1] != "2" else "3")
    near = client.post("/my/open/", {"receipt": near})
    far = client.post("/my/open/", {"receipt": new_receipt()})
    assert near.status_code == far.status_code == 400
    assert NOT_FOUND in near.content.decode()
    # Apart from the echoed input and the CSRF tokens, the two pages are identical.
    assert _without_values(near.content.decode()) == _without_values(far.content.decode())


def test_a_truncated_receipt_is_told_what_is_missing(client, submitted):
    response = client.post("/my/open/", {"receipt": submitted.receipt[:-5]})
    html = response.content.decode()
    assert response.status_code == 400
    assert "A receipt has 20 characters; this one has 16." in html
    assert NOT_FOUND not in html
    assert MailboxSession.objects.count() == 0


def test_a_receipt_with_impossible_characters_says_which(client, submitted):
    response = client.post("/my/open/", {"receipt": "<b>" + submitted.receipt})
    html = response.content.decode()
    assert response.status_code == 400
    assert "this one contains: &lt; &gt;" in html
    assert "<b>" not in html.split("<main", 1)[1]


def test_an_empty_receipt_is_asked_for(client, db):
    response = client.post("/my/open/", {"receipt": ""})
    assert response.status_code == 400
    assert "Type your receipt." in response.content.decode()


@override_settings(RECEIPT_LOGIN_RATE="3/600")
def test_too_many_receipt_attempts_get_a_429(client, submitted):
    for _ in range(3):
        client.post("/my/open/", {"receipt": new_receipt()})
    response = client.post("/my/open/", {"receipt": submitted.receipt})
    assert response.status_code == 429
    assert COOKIE not in response.cookies
    assert "Wait 10 minutes, then try again." in response.content.decode()
    assert MailboxSession.objects.count() == 0
