from __future__ import annotations

import re

from relais.alerts.models import Alert
from relais.audit.models import AuditEvent
from relais.lib.receipts import LENGTH, normalise, receipt_digest
from tests.public.conftest import receipt_in


def test_a_complete_form_stores_the_alert_and_shows_its_receipt(client, school, alert_form):
    response = client.post("/form/", alert_form, follow=True)
    assert response.status_code == 200
    alert = Alert.objects.get()
    assert alert.school == school
    assert alert.categories == ["cyberharcelement", "harcelement"]
    assert alert.platforms == ["snapchat"]
    assert alert.started_on.isoformat() == "2025-01-10"
    assert alert.good_faith is True
    assert alert.consent_escalation is False
    receipt = receipt_in(response.content.decode())
    assert len(normalise(receipt)) == LENGTH


def test_the_server_keeps_a_keyed_digest_and_never_the_receipt(client, alert_form):
    receipt = receipt_in(client.post("/form/", alert_form, follow=True).content.decode())
    alert = Alert.objects.get()
    assert alert.receipt_digest == receipt_digest(normalise(receipt))
    assert normalise(receipt) not in alert.receipt_digest.upper()
    for event in AuditEvent.objects.all():
        assert normalise(receipt) not in str(event.details).upper().replace("-", "")


def test_the_receipt_page_says_how_to_keep_the_receipt(client, alert_form):
    html = client.post("/form/", alert_form, follow=True).content.decode()
    assert 'id="receipt-advice"' in html
    assert "Write it on paper now" in html or "papier" in html


def test_the_receipt_is_shown_once_and_never_in_a_url_or_cookie(client, alert_form):
    sent = client.post("/form/", alert_form)
    assert sent.status_code == 303
    assert sent["Location"] == "/form/done/"
    # The cookie holds only the stash's id and key: the receipt is encrypted on the server.
    response = client.get(sent["Location"])
    receipt = receipt_in(response.content.decode())
    assert all(receipt not in morsel.value for morsel in sent.cookies.values())
    assert receipt.replace("-", "") not in str(sent.cookies)
    # Shown once: a reload of the receipt page goes back to an empty form.
    assert client.get("/form/done/", follow=True).redirect_chain == [("/form/", 303)]
    assert receipt not in client.get("/form/").content.decode()
    assert receipt not in client.get("/").content.decode()


def test_escalation_consent_is_off_unless_ticked(client, alert_form):
    html = client.get("/form/").content.decode()
    checkbox = re.search(r'<input[^>]*name="consent_escalation"[^>]*>', html)
    assert checkbox is not None
    assert "checked" not in checkbox.group(0)
    client.post("/form/", {**alert_form, "consent_escalation": "on"}, follow=True)
    assert Alert.objects.get().consent_escalation is True


def test_the_receipt_opens_the_mailbox_from_the_receipt_page(client, alert_form):
    html = client.post("/form/", alert_form, follow=True).content.decode()
    receipt = receipt_in(html)
    assert 'id="receipt-open-form"' in html
    response = client.post("/my/open/", {"receipt": receipt}, follow=True)
    assert 'id="message-form"' in response.content.decode()
