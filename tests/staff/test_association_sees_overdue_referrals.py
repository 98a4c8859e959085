"""The association's section flags each referral of the case whose answer is overdue (still sent,
past its answer date, its e-mail accepted by the service's mail server), as the school's page
does, by the kind of service and its dates only: never the service's name or address, nor the
request (relais/cases/association.py). A referral whose e-mail the service's server has not
accepted reads "demande faite" with what became of the e-mail, never "envoyée", and is not
flagged late. With a real SMTP server on loopback and the outbox's real code."""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape

from django.utils import timezone
from django.utils.formats import date_format

from relais.cases.models import Referral, ReferralState
from relais.notices.outbox import send_due
from tests.notices.conftest import smtp  # noqa: F401 (the fixture)

# ruff: noqa: F811 (the fixtures imported from test_association_sees_the_case are parameters here)
from tests.staff.test_association_sees_the_case import (  # noqa: F401 (fixtures)
    REQUEST,
    case,
    direction,
    followed,
    section,
)


def referrals(client, alert, case) -> list[str]:
    html = client.get(f"/staff/alerts/{alert.pk}/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    found = re.search(r'<ul class="case-referrals">(.*?)</ul>', section(html, case), re.S)
    assert found, "no referral listed"
    return [
        " ".join(re.sub(r"<[^>]+>", "", item).split())
        for item in re.findall(r"<li[^>]*>(.*?)</li>", found.group(1), re.S)
    ]


def past_its_answer_date() -> Referral:
    referral = Referral.objects.get()
    referral.sent_at = timezone.now() - timedelta(days=9)
    referral.answer_by = referral.sent_at + timedelta(days=7)
    referral.save(update_fields=["sent_at", "answer_by"])
    return referral


def day(moment) -> str:
    return date_format(timezone.localtime(moment), "j F Y")


def test_an_overdue_referral_is_flagged(alice_client, submitted, case, followed, smtp):
    send_due()  # the service's server accepts the referral's e-mail
    referral = past_its_answer_date()

    [line] = referrals(alice_client, submitted.alert, case)

    assert line == (
        f"Centre PMS : envoyée (envoyée le {day(referral.sent_at)}) · pas de réponse dans le "
        f"délai (réponse attendue pour le {day(referral.answer_by)})"
    )
    html = unescape(alice_client.get(f"/staff/alerts/{submitted.alert.pk}/").content.decode())
    for secret in ("Centre PMS de Mouscron", "pms@mouscron.example", REQUEST):
        assert secret not in html


def test_a_referral_within_its_delay_or_answered_is_not_flagged(
    alice_client, submitted, case, followed, smtp
):
    send_due()
    [line] = referrals(alice_client, submitted.alert, case)
    assert "délai" not in line

    past_its_answer_date()
    Referral.objects.update(state=ReferralState.ACCEPTED, answered_at=timezone.now())
    [line] = referrals(alice_client, submitted.alert, case)
    assert "délai" not in line and "acceptée" in line


def test_bob_reads_no_referral(bob_client, submitted, case, followed):
    past_its_answer_date()
    assert bob_client.get(f"/staff/alerts/{submitted.alert.pk}/").status_code == 404


def test_a_referral_whose_e_mail_was_refused_is_neither_sent_nor_late(
    alice_client, submitted, case, followed, smtp
):
    [line] = referrals(alice_client, submitted.alert, case)
    assert line == "Centre PMS : demande faite (e-mail en cours d'envoi)"

    smtp.sink.reject = True
    send_due()
    past_its_answer_date()

    [line] = referrals(alice_client, submitted.alert, case)
    assert line == (
        "Centre PMS : demande faite (e-mail refusé par le serveur de messagerie du service)"
    )
