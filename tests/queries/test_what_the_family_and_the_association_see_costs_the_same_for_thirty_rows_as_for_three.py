"""What the family and the association see of the school's cases costs a fixed number of queries,
whether the alert is gathered by 1 case or 10, with 3 or 30 steps recorded."""

from __future__ import annotations

import pytest

from relais.cases.models import NoteAudience, Origin
from relais.cases.services import link_alert, open_case, write_note
from tests.cases.conftest import acknowledged_notice
from tests.queries.conftest import SIZES
from tests.query_count import assert_query_count
from tests.school_steps import direction_of, record_visible


def fill(alert, school, size: int) -> None:
    """``size`` steps the family sees, three per case, and a note to the association in each.
    A notice opens one case per alert; the school gathers the alert into each further case
    through another notice it acknowledged."""
    direction = direction_of(school)
    for _number in range(size // 3):
        case = open_case(school=school, by=direction, origin=Origin.PUPIL)
        link_alert(case=case, alert=alert, by=direction, notice=acknowledged_notice(alert))
        record_visible(case, 3, by=direction)
        write_note(
            case=case, by=direction, body="Mesures prises.", audience=NoteAudience.ASSOCIATION
        )


@pytest.mark.parametrize("size", SIZES)
def test_the_mailbox_s_first_page(reporter, submitted, school, size):
    fill(submitted.alert, school, size)

    # The session and its alert; the latest notice, its message and escalation proposal (a case
    # opens from an acknowledged notice); what the school did; the messages.
    with assert_query_count(6):
        response = reporter.get("/my/")

    assert response.content.decode().count('class="school-step-words"') == size


@pytest.mark.parametrize("size", SIZES)
def test_the_alert_page_s_cases(alice_client, submitted, school, size):
    fill(submitted.alert, school, size)
    url = f"/staff/alerts/{submitted.alert.pk}/"

    # The cases, their steps, referrals and notes, the escalation proposals, and the audit log's
    # check and record of the cases viewed (tests/queries/test_staff_pages_… counts the rest).
    with assert_query_count(26):
        response = alice_client.get(url)

    assert response.content.decode().count('class="case"') == size // 3
