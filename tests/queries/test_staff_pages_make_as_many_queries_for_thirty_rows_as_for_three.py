"""The staff inbox and alert page make the same queries for 3 alerts, messages and files as
for 30."""

from __future__ import annotations

import pytest

from tests.factories import make_alert
from tests.queries.conftest import SIZES, add_evidence, add_messages
from tests.query_count import assert_query_count


@pytest.mark.parametrize("size", SIZES)
def test_the_inbox(alice_client, be_org, school, size):
    for _number in range(size):
        make_alert(school)

    with assert_query_count(6):  # session, user, device, schools to filter by, alerts, notices
        response = alice_client.get("/staff/")

    assert response.status_code == 200


@pytest.mark.parametrize("size", SIZES)
def test_the_alert_page(alice_client, alice, submitted, size):
    add_messages(submitted.alert, alice, size)
    add_evidence(submitted.alert, submitted.receipt, size)

    # + the school's cases gathering the alert (none here: tests/queries/test_what_the_family_
    # and_the_association_see_costs_the_same_for_thirty_rows_as_for_three.py has some).
    with assert_query_count(21):
        response = alice_client.get(f"/staff/alerts/{submitted.alert.pk}/")

    assert response.status_code == 200
