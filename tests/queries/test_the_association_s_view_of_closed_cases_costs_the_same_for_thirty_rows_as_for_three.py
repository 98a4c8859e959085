"""What the association reads of closed cases (their steps left undone, with due dates and
whether the sweep proposed their escalation before the closing, and referrals past their answer
date) costs a fixed number of queries, whether the alert is gathered by 1 closed case or 10."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from relais.cases.deadlines import sweep
from relais.cases.models import Origin
from relais.cases.services import close_case, link_alert, open_case
from tests.cases.conftest import acknowledged_notice
from tests.queries.conftest import SIZES
from tests.query_count import assert_query_count
from tests.school_steps import direction_of


@pytest.mark.parametrize("size", SIZES)
def test_the_alert_page_s_closed_cases(alice_client, submitted, school, size):
    direction = direction_of(school)
    opened = timezone.now() - timedelta(days=30)
    cases = []
    for _number in range(size // 3):
        case = open_case(school=school, by=direction, origin=Origin.PUPIL, now=opened)
        link_alert(
            case=case,
            alert=submitted.alert,
            by=direction,
            notice=acknowledged_notice(submitted.alert),
        )
        cases.append(case)
    sweep()  # reminds their overdue steps and proposes their escalation
    for case in cases:
        close_case(case=case, by=direction, outcome="reduced")
    url = f"/staff/alerts/{submitted.alert.pk}/"

    # The page's own (as for open cases, test_what_the_family_and_the_association_see_…), and
    # for the undone steps of all the closed cases at once: the sweep's runs that reached them and
    # the reminders those runs sent (relais.cases.marks.marks_for).
    with assert_query_count(28):
        response = alice_client.get(url)

    html = response.content.decode()
    assert html.count('class="case-steps not-done"') == size // 3
    assert "escalation proposed on" in html
