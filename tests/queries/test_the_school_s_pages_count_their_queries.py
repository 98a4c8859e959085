"""The school's case list and case page make the same queries for 3 cases, notices, people and
notes as for 30: a big school has hundreds of cases (issue 12's figures)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from relais.accounts.models import Role
from relais.cases.models import Origin, Referral
from relais.cases.services import add_person, open_case, open_from_notice, write_note
from relais.directory.models import Service
from relais.notices.models import Notice, NoticeState
from tests.conftest import login_verified
from tests.factories import UserFactory, make_alert
from tests.queries.conftest import SIZES
from tests.query_count import assert_query_count


@pytest.fixture
def head(school):
    return UserFactory(username="head", organisation=None, role=Role.DIRECTION, school=school)


@pytest.fixture
def head_client(head) -> Client:
    return login_verified(Client(), head)


def acknowledged(school) -> Notice:
    return Notice.objects.create(
        alert=make_alert(school).alert,
        jurisdiction="be-fwb",
        subject="Signalement",
        body="Texte",
        state=NoticeState.ACKNOWLEDGED,
    )


def referred(case, head, name: str) -> Referral:
    """A referral to a PMS centre, shown beside the steps that suggest one (Step.relay)."""
    now = timezone.now()
    service = Service.objects.create(
        name=name, kind=Service.Kind.PMS, area="Mouscron", jurisdiction="be-fwb"
    )
    return Referral.objects.create(
        case=case,
        service=service,
        consent_by="parents",
        consent_at=now,
        request="Accompagner Élève A.",
        referred_by=head,
        sent_at=now,
        answer_by=now + timedelta(days=7),
    )


@pytest.mark.parametrize("size", SIZES)
def test_the_case_list(head, head_client, be_org, school, size):
    for number in range(size):
        open_case(
            school=school, by=head, origin=Origin.PUPIL, conditions={"danger": number % 2 == 0}
        )
        acknowledged(school)
    open_from_notice(notice=acknowledged(school), by=head)

    # Session, user, device, the member's school; the notices waiting for a case; the counts by
    # list; the page of cases, each with its next due step (subqueries, not a query per case).
    with assert_query_count(7):
        response = head_client.get("/school/")

    assert response.status_code == 200


@pytest.mark.parametrize("size", SIZES)
def test_the_case_page(head, head_client, be_org, school, size):
    case = open_from_notice(notice=acknowledged(school), by=head)
    for number in range(size):
        add_person(case=case, by=head, role="witness", real_name=f"Nom {number}")
        write_note(case=case, by=head, body=f"Note {number}.", audience="school")
        write_note(case=case, by=head, body=f"Message {number}.", audience="association")
        referred(case, head, f"CPMS {number}")

    # Sign-in (3), the case, its audit of the opening and of the names (2 reads, 2 rows), the
    # checklist's rows, when the deadline sweep reminded them, the referrals beside the steps that
    # suggest their kind, the links, the people, the notes, the shares, the referrals' panel, and
    # the state of the referrals' e-mails (once for the checklist's lines, once for the panel:
    # two templates, each reads them once, whatever the number of referrals).
    with assert_query_count(18):
        response = head_client.get(f"/school/cases/{case.pk}/?names=1")

    assert response.status_code == 200
