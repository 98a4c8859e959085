"""The relay member's list (/relay/) a page at a time, 50 a page, newest first: plain links
(no script), page numbers clamped (?page=abc, 0 or -1 → the first page, past the end → the last),
never a 500; its own service's referrals only."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from relais.cases.models import Case, ConsentBy, Origin, Referral
from relais.cases.relay_views import PAGE_SIZE
from tests.cases.referral_support import service
from tests.conftest import login_verified

pytestmark = pytest.mark.django_db

OWN = 123  # three pages: 50, 50, 23


def referrals_to(to, school, by, count: int, prefix: str) -> None:
    now = timezone.now()
    cases = Case.objects.bulk_create(
        Case(
            school=school,
            number=f"{prefix}-{n}",
            protocol="mouscron",
            origin=Origin.PUPIL,
            opened_at=now - timedelta(days=2),
            opened_by=by,
        )
        for n in range(count)
    )
    Referral.objects.bulk_create(
        Referral(
            case=case,
            service=to,
            consent_by=ConsentBy.PARENTS,
            consent_at=now - timedelta(days=1),
            request="Un suivi pour Élève A.",
            referred_by=by,
            # Case n was referred n minutes ago: the newest first is case 0.
            sent_at=now - timedelta(minutes=n),
            answer_by=now + timedelta(days=7),
        )
        for n, case in enumerate(cases)
    )


@pytest.fixture
def crowded(school, alice, cpms):
    referrals_to(cpms, school, alice, OWN, "2026")
    other = service("Médiation scolaire", "mediation")
    referrals_to(other, school, alice, 5, "AUTRE")


def numbers(response) -> list[str]:
    return [referral.case.number for referral in response.context["rows"]]


def test_fifty_a_page_newest_first_with_plain_links(crowded, rita):
    client = login_verified(Client(), rita)

    first = client.get("/relay/")
    second = client.get("/relay/", {"page": "2"})
    last = client.get("/relay/", {"page": "3"})

    assert PAGE_SIZE == 50
    assert numbers(first) == [f"2026-{n}" for n in range(50)]
    assert numbers(second) == [f"2026-{n}" for n in range(50, 100)]
    assert numbers(last) == [f"2026-{n}" for n in range(100, OWN)]
    html = second.content.decode()
    assert 'href="?page=1"' in html and 'href="?page=3"' in html
    assert "Page 2 of 3" in html
    assert 'href="?page=2"' in first.content.decode()
    assert "?page=4" not in last.content.decode()


@pytest.mark.parametrize(
    ("page", "shown"),
    [("abc", 1), ("0", 1), ("-1", 1), ("", 1), ("99", 3), ("2.5", 1), ("9" * 40, 3)],
)
def test_a_page_number_out_of_range_or_not_a_number_is_clamped(crowded, rita, page, shown):
    response = login_verified(Client(), rita).get("/relay/", {"page": page})

    assert response.status_code == 200
    assert response.context["page"].number == shown


def test_the_relay_sees_only_its_own_service_s_referrals(crowded, rita):
    client = login_verified(Client(), rita)

    seen = [n for page in (1, 2, 3) for n in numbers(client.get("/relay/", {"page": page}))]

    assert len(seen) == OWN == len(set(seen))
    assert not any(number.startswith("AUTRE") for number in seen)
