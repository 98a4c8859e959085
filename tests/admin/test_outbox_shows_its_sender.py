"""An outgoing e-mail's sender is shown as a person reads it, not as the encoded header
("=?utf-8?q?Association_de_m=C3=A9diation?=") that is stored and sent."""

from __future__ import annotations

from django.urls import reverse

from relais.notices.models import OutboxMessage
from relais.notices.queue import queue_message


def test_the_sender_s_name_is_decoded(dora_client, alices_world):
    notice = alices_world.own["notices.notice"]
    message = queue_message(
        kind="notice",
        to="direction@ecole.example",
        subject="Signalement",
        body="…",
        notice=notice,
        from_name="Association de médiation — Liège",
    )
    assert message.from_email.startswith("=?utf-8?")  # what is stored, as it is sent
    url = reverse("admin:notices_outboxmessage_change", args=[message.pk])
    html = dora_client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Association de médiation — Liège &lt;" in html
    assert "=?utf-8?" not in html
    assert OutboxMessage.objects.filter(pk=message.pk, from_email=message.from_email).exists()
