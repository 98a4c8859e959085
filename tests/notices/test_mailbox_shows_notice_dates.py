"""The reporter's mailbox shows when the school was warned, acknowledged, reminded."""

from __future__ import annotations

from datetime import timedelta

from django.template.defaultfilters import date as date_filter
from django.test import Client
from django.utils import timezone, translation

from relais.notices.models import Notice, NoticeState


def open_mailbox(client: Client, receipt: str) -> str:
    client.post("/mailbox/open/", {"receipt": receipt})
    return client.get("/mailbox/").content.decode()


def test_without_a_notice_the_mailbox_shows_no_dates(submitted):
    page = open_mailbox(Client(), submitted.receipt)
    assert 'id="notice-dates"' not in page


def test_a_sent_notice_shows_its_date_and_the_reminder_date(submitted, alice):
    sent = timezone.now() - timedelta(days=2)
    Notice.objects.create(
        alert=submitted.alert,
        author=alice,
        body="Avis",
        subject="Avis",
        state=NoticeState.SENT,
        sent_at=sent,
    )
    page = open_mailbox(Client(), submitted.receipt)
    with translation.override("en"):  # the language the page was served in (tests/conftest.py)
        sent_day = date_filter(timezone.localtime(sent), "DATE_FORMAT")
        reminder_day = date_filter(timezone.localtime(sent + timedelta(days=7)), "DATE_FORMAT")
    dates = page.split('id="notice-dates"', 1)[1].split("</dl>", 1)[0]
    assert sent_day in dates
    assert reminder_day in dates
