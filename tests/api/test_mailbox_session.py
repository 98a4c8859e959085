"""POST /api/v1/mailbox/session"""

from __future__ import annotations

import pytest
from django.test import override_settings

from relais.lib.receipts import new_receipt
from relais.mailbox.models import MailboxSession
from tests.api.conftest import ApiClient, assert_error


def test_a_receipt_opens_a_session_whose_token_reads_the_mailbox(api, submitted):
    response = api.post("/mailbox/session", {"receipt": submitted.receipt})
    assert response.status_code == 200
    token = response.json()["token"]
    assert set(response.json()) == {"token"}
    assert ApiClient(token=token).get("/mailbox").status_code == 200
    # Only the token's digest is stored.
    assert not MailboxSession.objects.filter(token_digest=token).exists()


def test_a_receipt_typed_loosely_still_opens_the_session(api, submitted):
    loose = submitted.receipt.lower().replace("-", " ")
    assert api.post("/mailbox/session", {"receipt": loose}).status_code == 200


def test_no_session_cookie_is_set(api, submitted):
    response = api.post("/mailbox/session", {"receipt": submitted.receipt})
    assert not response.cookies


@pytest.mark.parametrize(
    "receipt",
    [
        "",
        "7KQM-3XR9",  # truncated
        "7KQM-3XR9-HT2W-B6CN-P4D",  # one symbol short
        "7KQM-3XR9-HT2W-B6CN-P4DZ-9999",  # too long
        "7KQM-3XR9-HT2W-B6CN-P4D!",  # a symbol no receipt has
        "<script>alert(1)</script>",
        "x" * 10_000,
    ],
)
def test_a_malformed_receipt_gets_the_same_401_as_an_unknown_one(api, submitted, receipt):
    forged = assert_error(api.post("/mailbox/session", {"receipt": new_receipt()}), 401)
    malformed = assert_error(api.post("/mailbox/session", {"receipt": receipt}), 401)
    assert malformed == forged
    assert not MailboxSession.objects.exists()


def test_a_truncated_real_receipt_opens_nothing(api, submitted):
    truncated = submitted.receipt[:-1]
    assert_error(api.post("/mailbox/session", {"receipt": truncated}), 401)
    assert not MailboxSession.objects.exists()


def test_a_forged_receipt_opens_nothing(api, submitted):
    assert_error(api.post("/mailbox/session", {"receipt": new_receipt()}), 401)
    assert not MailboxSession.objects.exists()


@pytest.mark.parametrize(
    "body", [{}, {"receipt": 12345678}, {"receipt": None}, {"receipt": "x", "extra": 1}, []]
)
def test_a_body_that_is_not_a_receipt_object_gets_422(api, db, body):
    assert_error(api.post("/mailbox/session", body), 422)


def test_a_body_that_is_not_json_gets_400(api, db):
    assert_error(api.post("/mailbox/session", raw=b"receipt=7KQM"), 400)


@override_settings(RECEIPT_LOGIN_RATE="3/600")
def test_attempts_beyond_the_rate_get_429_even_with_the_right_receipt(api, submitted):
    for _ in range(3):
        assert api.post("/mailbox/session", {"receipt": new_receipt()}).status_code == 401
    assert_error(api.post("/mailbox/session", {"receipt": submitted.receipt}), 429)
    assert not MailboxSession.objects.exists()


def test_a_10_mb_body_is_refused_as_too_large(api, db):
    assert_error(api.post("/mailbox/session", {"receipt": "7" * 10_000_000}), 413)
    assert not MailboxSession.objects.exists()
