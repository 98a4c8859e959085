"""The inbox and the alert page give times in the school's time zone, the one its notices use
(its jurisdiction pack's), and name it: a case worker reads "when" as the school and the family
lived it, whatever zone the installation runs in (issue #10)."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils.formats import date_format

from relais.alerts.models import Alert, Message
from relais.alerts.services import post_reporter_message
from tests.factories import make_alert

# 23:30 in UTC is already the next day in Brussels and Paris: a wrong zone shows another date.
LATE = datetime(2025, 1, 15, 23, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
def installation_in_utc(settings):
    settings.TIME_ZONE = "UTC"


def received_late(school) -> Alert:
    alert = make_alert(school).alert
    Alert.objects.filter(pk=alert.pk).update(created_at=LATE)
    alert.refresh_from_db()
    return alert


def shown(moment: datetime, zone: str, form: str = "SHORT_DATETIME_FORMAT") -> str:
    return date_format(moment.astimezone(ZoneInfo(zone)), form)


@pytest.mark.parametrize(
    ("client", "where", "zone"),
    [("alice_client", "school", "Europe/Brussels"), ("bob_client", "fr_school", "Europe/Paris")],
)
def test_the_inbox_gives_each_alert_s_time_in_its_school_s_zone_and_names_it(
    request, be_org, fr_org, client, where, zone
):
    received_late(request.getfixturevalue(where))

    html = request.getfixturevalue(client).get(reverse("staff:inbox")).content.decode()

    assert f'{shown(LATE, zone)}</time> <small class="zone">{zone}</small>' in html
    assert shown(LATE, "UTC") not in html


def test_the_alert_page_gives_its_times_in_the_school_s_zone_and_names_it(
    alice_client, be_org, school
):
    alert = received_late(school)
    message = post_reporter_message(alert=alert, body="Ils ont recommencé ce soir.")
    Message.objects.filter(pk=message.pk).update(sent_at=LATE)

    html = alice_client.get(reverse("staff:alert", args=[alert.pk])).content.decode()

    assert "Times are given in Brussels time." in html
    assert html.count(f">{shown(LATE, 'Europe/Brussels')}</time>") == 2  # received, message
    assert f">{shown(LATE, 'Europe/Brussels', 'DATETIME_FORMAT')}</time>" in html
    assert shown(LATE, "UTC") not in html
    assert shown(LATE, "UTC", "DATETIME_FORMAT") not in html
