"""Every object of the school's case pages (the case, a step's form, a person, a note, a shared
copy, a notice to open) answers 404 to anyone but a member of the case's own school, and nothing
is stored: bob (another school's direction), dora (the association that handles the alert: it
follows the case on its own pages, not the school's), charlie (a case worker of another
organisation), remi (a relay no case was referred to)."""

from __future__ import annotations

import pytest
from django.test import Client

from relais.audit.models import AuditAction, AuditEvent
from relais.cases.closing import confirmation_token
from relais.cases.models import Case, CaseNote, CasePerson, CaseStep
from relais.cases.services import add_person, open_from_notice
from relais.evidence.models import EvidenceItem, Share
from relais.evidence.services import share_item
from relais.mailbox.services import open_mailbox
from tests.cases.conftest import acknowledged_notice
from tests.conftest import login_verified
from tests.evidence.conftest import api_upload, jpeg_with_gps, vault

__all__ = ["vault"]

OTHERS = ["bob", "dora", "charlie", "remi"]


@pytest.fixture
def acknowledged(submitted):
    """The notice of `submitted`, whose receipt opens its mailbox (to add a file)."""
    return acknowledged_notice(submitted.alert)


@pytest.fixture
def case(alice, acknowledged):
    return open_from_notice(notice=acknowledged, by=alice)


@pytest.fixture
def person(alice, case):
    return add_person(case=case, by=alice, role="target", real_name="Léa Martin")


@pytest.fixture
def share(case, submitted, dora):
    token, _alert = open_mailbox(receipt=submitted.receipt)
    assert api_upload(Client(), token, jpeg_with_gps()).status_code == 201
    item = EvidenceItem.objects.get()
    return share_item(item=item, school=case.school, by=dora)


def requests(case, person, share, alice) -> list[tuple[str, str, dict]]:
    base = f"/school/cases/{case.pk}/"
    # The direction's own confirmation (relais/cases/closing.py): the others get 404 before it.
    token = confirmation_token(case, alice, "stopped")
    return [
        ("get", base, {}),
        ("get", base + "?names=1", {}),
        ("post", base + "about/", {"danger": "on", "summary": "x"}),
        ("post", base + "steps/team_discretion/", {"step-team_discretion-checkbox": "on"}),
        ("post", base + "people/", {"role": "witness"}),
        ("post", base + f"people/{person.pk}/", {f"person-{person.pk}-role": "witness"}),
        ("post", base + "notes/school/", {"school-body": "Intrus."}),
        ("post", base + "notes/association/", {"association-body": "Intrus."}),
        ("get", base + "close/", {"outcome": "stopped"}),
        ("post", base + "close/", {"outcome": "stopped", "confirm": "yes", "token": token}),
        ("get", base + f"evidence/{share.pk}/", {}),
    ]


@pytest.mark.parametrize("who", OTHERS)
def test_nobody_but_the_school_s_own_members_reaches_the_case(
    who, request, case, person, share, alice
):
    client = login_verified(Client(), request.getfixturevalue(who))
    before = AuditEvent.objects.count()

    for method, path, data in requests(case, person, share, alice):
        response = getattr(client, method)(path, data)
        assert response.status_code == 404, (who, method, path)

    case.refresh_from_db()
    assert (case.danger, case.summary, case.state) == (False, "", "open")
    assert not CaseStep.objects.filter(case=case, done_at__isnull=False).exists()
    assert list(CasePerson.objects.values_list("role", flat=True)) == ["target"]
    assert not CaseNote.objects.exists()
    assert AuditEvent.objects.count() == before
    assert not AuditEvent.objects.filter(action=AuditAction.CASE_VIEWED).exists()


@pytest.mark.parametrize("who", ["bob", "dora", "charlie"])
def test_nobody_else_opens_a_case_from_the_school_s_notice(who, request, acknowledged):
    client = login_verified(Client(), request.getfixturevalue(who))

    response = client.post(f"/school/notices/{acknowledged.pk}/open/")

    assert response.status_code in {403, 404}
    assert not Case.objects.exists()


def test_another_school_s_share_of_the_same_item_is_not_this_case_s(
    case, share, other_school, alice_client, dora
):
    elsewhere = Share.objects.create(item=share.item, school=other_school, shared_by=dora)

    response = alice_client.get(f"/school/cases/{case.pk}/evidence/{elsewhere.pk}/")

    assert response.status_code == 404


def test_the_same_requests_succeed_for_the_school_s_direction(
    alice_client, case, person, share, alice
):
    # The 404s above are the access check's, not a wrong address: alice reaches every one.
    for method, path, data in requests(case, person, share, alice):
        response = getattr(alice_client, method)(path, data)
        assert response.status_code == (200 if method == "get" else 303), (method, path)
