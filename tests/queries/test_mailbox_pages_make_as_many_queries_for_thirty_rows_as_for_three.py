"""Each page of the reporter's mailbox makes a fixed number of queries, whether the alert
holds 3 or 30 messages, files and links."""

from __future__ import annotations

import pytest

from tests.queries.conftest import SIZES, add_evidence, add_messages
from tests.query_count import assert_query_count

# Page -> its queries: the session and its alert, then what the page lists.
PAGES = {
    "/my/": 4,  # + the latest notice's dates, the messages, what the school did
    "/my/words/": 1,
    "/my/files/": 2,  # + the items
    "/my/days/": 6,  # + what the school did, items, links, roles, import problems
    "/my/people/": 3,  # + the people who wrote and their roles
    "/my/choices/": 1,
    "/my/parents/": 3,  # + the documents, the dossier being made (cache)
    "/my/details/": 2,  # + the proof entries
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("path", PAGES)
def test_the_page_makes_a_fixed_number_of_queries(reporter, submitted, alice, path, size):
    add_messages(submitted.alert, alice, size)
    add_evidence(submitted.alert, submitted.receipt, size)

    with assert_query_count(PAGES[path]):
        response = reporter.get(path)

    assert response.status_code == 200
