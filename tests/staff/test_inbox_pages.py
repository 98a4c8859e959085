"""Keyset pagination: every alert exactly once, a bounded number of queries."""

from datetime import timedelta
from urllib.parse import parse_qs, urlparse

from django.urls import reverse
from django.utils import timezone

from relais.alerts.models import Alert
from relais.notices.models import Notice, NoticeState
from relais.staff.inbox import PAGE_SIZE, decode_cursor
from tests.factories import make_alert


def _make(school, count):
    ids = [make_alert(school).alert.pk for _ in range(count)]
    # Spread them in time, with ties: the cursor must break ties on the id.
    start = timezone.now() - timedelta(days=1)
    for n, pk in enumerate(ids):
        Alert.objects.filter(pk=pk).update(created_at=start + timedelta(minutes=n // 3))
    return ids


def _walk(client, params=None):
    seen, pages = [], 0
    query = dict(params or {})
    while True:
        response = client.get(reverse("staff:inbox"), query)
        assert response.status_code == 200
        pages += 1
        seen += [(a.created_at, a.pk) for a in response.context["alerts"]]
        if not response.context["next_query"]:
            return seen, pages
        query = {k: v[0] for k, v in parse_qs(response.context["next_query"]).items()}


def test_pages_return_every_alert_once_longest_waiting_first(alice_client, be_org, school):
    ids = _make(school, 120)
    seen, pages = _walk(alice_client)
    assert pages == 3
    assert sorted(pk for _at, pk in seen) == sorted(ids)
    assert len(seen) == len(set(seen)) == 120
    # All unread and none in danger: oldest first, ties newest id first.
    assert [at for at, _pk in seen] == sorted(at for at, _pk in seen)


def test_the_next_page_link_keeps_the_filters(alice_client, be_org, school):
    _make(school, PAGE_SIZE + 5)
    response = alice_client.get(reverse("staff:inbox"), {"danger": "no"})
    html = response.content.decode()
    assert 'rel="next"' in html
    link = parse_qs(urlparse("?" + response.context["next_query"]).query)
    assert link["danger"] == ["no"]
    assert decode_cursor(link["after"][0]) is not None


def test_a_forged_cursor_shows_the_first_page(alice_client, be_org, school):
    _make(school, 3)
    response = alice_client.get(reverse("staff:inbox"), {"after": "not-a-cursor!"})
    assert response.status_code == 200
    assert len(response.context["alerts"]) == 3


def test_the_inbox_costs_the_same_queries_for_few_or_many_alerts(
    alice_client, be_org, school, django_assert_max_num_queries
):
    _make(school, 3)
    with django_assert_max_num_queries(6) as few:
        alice_client.get(reverse("staff:inbox"))
    ids = _make(school, 120)
    # Some with a sent notice, so that the deadline column has notices to read.
    for pk in ids[:60]:
        Notice.objects.create(
            alert_id=pk,
            jurisdiction="be-fwb",
            subject="s",
            body="b",
            state=NoticeState.SENT,
            sent_at=timezone.now(),
        )
    with django_assert_max_num_queries(len(few)) as captured:
        response = alice_client.get(reverse("staff:inbox"), {"category": "harcelement"})
    assert len(response.context["alerts"]) == PAGE_SIZE
    assert all(deadline for _alert, deadline in response.context["rows"])
    sql = " ".join(q["sql"].upper() for q in captured.captured_queries)
    assert "OFFSET" not in sql
    assert "COUNT(" not in sql
