"""The staff notice page makes a fixed number of queries: while the notice is written, and
once it is sent, with its outbox and its tries."""

from __future__ import annotations

from relais.notices.outbox import send_due
from tests.notices.conftest import queue_plain_notice, smtp, triaged
from tests.query_count import assert_query_count

__all__ = ["smtp", "triaged"]


def _url(alert) -> str:
    return f"/staff/notices/alerts/{alert.pk}/"


def test_the_page_to_write_a_notice(alice_client, triaged):
    # The law is read fresh for the draft and again for its check (relais/documents/legal.py).
    with assert_query_count(13):
        response = alice_client.get(_url(triaged))

    assert response.status_code == 200 and 'name="subject"' in response.content.decode()


def test_the_page_of_a_sent_notice(alice_client, alice, triaged, smtp):
    queue_plain_notice(triaged, alice)
    send_due()

    with assert_query_count(17):
        response = alice_client.get(_url(triaged))

    assert response.status_code == 200 and 'class="attempt' in response.content.decode()
