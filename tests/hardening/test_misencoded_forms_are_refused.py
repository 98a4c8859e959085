"""A form body with raw bytes that are not UTF-8 (a client that sent Latin-1, say) is refused
with a clear 400, as the same bytes percent-encoded are, and stores nothing.

Django decodes such a body as Latin-1 as a whole, so without the check "café" sent in Latin-1
became "cafÃ©"-like text, stored and written into the proof log.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import reverse

from relais.alerts.models import Alert, Message
from relais.audit.models import AuditEvent
from relais.proofs.models import ProofEntry
from tests.public.conftest import form_data

URLENCODED = "application/x-www-form-urlencoded"


def _with_raw_bytes(fields: dict, field: str, raw: bytes) -> bytes:
    """The urlencoded form, with the value of `field` replaced by raw (unescaped) bytes."""
    fields = {**fields, field: "PLACEHOLDER"}
    return urlencode(fields, doseq=True).encode().replace(b"PLACEHOLDER", raw)


@pytest.mark.parametrize("raw", [b"caf\xe9", b"\xff\xfe", b"ok \xc3"], ids=["latin1", "ff", "cut"])
def test_an_alert_with_raw_latin1_bytes_is_refused_with_400(school, raw):
    body = _with_raw_bytes(form_data(school), "description", b"Il est insult\xe9 " + raw)
    response = Client().post(
        reverse("public:alert"), body, content_type=URLENCODED, headers={"Accept-Language": "en"}
    )
    assert response.status_code == 400
    assert "not valid UTF-8" in response.content.decode()
    assert Alert.objects.count() == 0
    assert AuditEvent.objects.count() == 0
    assert ProofEntry.objects.count() == 0


def test_the_refusal_speaks_the_readers_language(school):
    body = _with_raw_bytes(form_data(school), "description", b"caf\xe9")
    response = Client().post(
        reverse("public:alert"), body, content_type=URLENCODED, headers={"Accept-Language": "fr"}
    )
    assert response.status_code == 400
    assert "UTF-8" in response.content.decode() and "taper" in response.content.decode()


def test_a_utf8_form_is_still_taken(school):
    body = urlencode(form_data(school, description="Il est insulté, ça continue."), doseq=True)
    response = Client().post(reverse("public:alert"), body, content_type=URLENCODED)
    assert response.status_code in {200, 302, 303}
    assert Alert.objects.get().description == "Il est insulté, ça continue."


def test_a_form_that_declares_latin1_gets_the_same_clear_refusal(school):
    body = _with_raw_bytes(form_data(school), "description", b"Il est insult\xe9.")
    # The test client encodes a str body in the charset named.
    response = Client().post(
        reverse("public:alert"),
        body.decode("iso-8859-1"),
        content_type=f"{URLENCODED}; charset=iso-8859-1",
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 400
    assert "not valid UTF-8" in response.content.decode()
    assert Alert.objects.count() == 0


def test_a_staff_reply_with_raw_bytes_is_refused(alice_client, submitted):
    before = Message.objects.count()
    body = _with_raw_bytes({}, "body", b"R\xe9ponse du service")
    response = alice_client.post(
        reverse("staff:reply", args=[submitted.alert.pk]),
        body,
        content_type=URLENCODED,
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 400
    assert "not valid UTF-8" in response.content.decode()
    assert Message.objects.count() == before
