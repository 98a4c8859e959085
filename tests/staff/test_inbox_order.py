"""What needs action comes first: danger among unread or open alerts, then unread, then open,
each the longest waiting first; closed and refused ones last, newest first."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs

from django.urls import reverse
from django.utils import timezone

from relais.alerts.models import Alert
from relais.alerts.workflow import Status
from relais.staff import inbox
from relais.staff.models import AlertRead
from tests.factories import make_alert


def _aged(school, hours, **fields):
    alert = make_alert(school, immediate_danger=fields.pop("danger", False)).alert
    Alert.objects.filter(pk=alert.pk).update(
        created_at=timezone.now() - timedelta(hours=hours), **fields
    )
    return alert.pk


def _read(user, pk):
    now = timezone.now()
    AlertRead.objects.create(user=user, alert_id=pk, read_at=now, viewed_at=now)


def _order(client, params=None):
    seen, query = [], dict(params or {})
    while True:
        response = client.get(reverse("staff:inbox"), query)
        assert response.status_code == 200
        seen += [alert.pk for alert in response.context["alerts"]]
        if not response.context["next_query"]:
            return seen
        query = {k: v[0] for k, v in parse_qs(response.context["next_query"]).items()}


def test_danger_first_then_unread_then_open_then_closed(alice_client, alice, school):
    closed_new = _aged(school, 1, status=Status.CLOSED)
    closed_old = _aged(school, 50, status=Status.CLOSED)
    open_read_old = _aged(school, 40, status=Status.TRIAGED)
    open_read_new = _aged(school, 30, status=Status.TRIAGED)
    unread_new = _aged(school, 2)
    unread_old = _aged(school, 20)
    danger_new = _aged(school, 3, danger=True)
    danger_old_read_open = _aged(school, 10, danger=True, status=Status.TRIAGED)
    danger_closed_read = _aged(school, 60, danger=True, status=Status.CLOSED)
    for pk in (closed_new, closed_old, open_read_old, open_read_new, danger_old_read_open):
        _read(alice, pk)
    _read(alice, danger_closed_read)

    assert _order(alice_client) == [
        danger_old_read_open,
        danger_new,
        unread_old,
        unread_new,
        open_read_old,
        open_read_new,
        closed_new,
        closed_old,
        danger_closed_read,
    ]


def test_pages_walk_every_alert_once_in_that_order(alice_client, alice, school, settings):
    pks = [_aged(school, hours, danger=hours % 7 == 0) for hours in range(1, 2 * 9 + 1)]
    for pk in pks[::3]:
        _read(alice, pk)
    Alert.objects.filter(pk__in=pks[::4]).update(status=Status.CLOSED)
    everything = _order(alice_client)
    original = inbox.PAGE_SIZE
    inbox.PAGE_SIZE = 4
    try:
        paged = _order(alice_client)
    finally:
        inbox.PAGE_SIZE = original
    assert paged == everything
    assert sorted(paged) == sorted(pks)
