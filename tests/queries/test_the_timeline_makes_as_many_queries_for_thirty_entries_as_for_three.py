"""The timeline, staff's and the reporter's, makes the same queries whatever its length."""

from __future__ import annotations

import pytest

from tests.queries.conftest import SIZES, add_evidence
from tests.query_count import assert_query_count


@pytest.mark.parametrize("size", SIZES)
def test_the_staff_timeline(alice_client, submitted, size):
    add_evidence(submitted.alert, submitted.receipt, size)
    url = f"/staff/evidence/alerts/{submitted.alert.pk}/timeline/"

    with assert_query_count(9):
        response = alice_client.get(url)

    assert response.status_code == 200
    assert response.content.decode().count('<tr id="entry-') >= size


@pytest.mark.parametrize("size", SIZES)
def test_the_reporter_s_timeline(reporter, submitted, size):
    add_evidence(submitted.alert, submitted.receipt, size)

    with assert_query_count(5):
        response = reporter.get("/my/days/all/")

    assert response.status_code == 200
