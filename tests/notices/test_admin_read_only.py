"""Notices, the outbox and escalation proposals in the admin: read-only (they are written only by
services, with their audit rows and proof entries), and an administrator sees only their own
organisation's. dora administers alice's organisation, erin bob's; alice has no admin at all."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from relais.accounts.models import Role
from relais.notices.models import EscalationProposal, Notice, OutboxMessage
from tests.conftest import login_verified
from tests.factories import UserFactory, make_alert
from tests.notices.conftest import queue_plain_notice
from tests.staff.conftest import inline_code

MODELS = {
    "notice": Notice,
    "outboxmessage": OutboxMessage,
    "escalationproposal": EscalationProposal,
}


@pytest.fixture
def dora_client(be_org) -> Client:
    dora = UserFactory(username="dora", organisation=be_org, role=Role.ADMINISTRATOR)
    return login_verified(Client(), dora)


@pytest.fixture
def erin_client(fr_org) -> Client:
    erin = UserFactory(username="erin", organisation=fr_org, role=Role.ADMINISTRATOR)
    return login_verified(Client(), erin)


@pytest.fixture
def records(triaged, alice):
    """alice's notice in the outbox, with an escalation proposed."""
    notice = queue_plain_notice(triaged, alice)
    proposal = EscalationProposal.objects.create(notice=notice, authority="PO")
    return {
        "notice": notice,
        "outboxmessage": OutboxMessage.objects.get(notice=notice),
        "escalationproposal": proposal,
    }


def _url(model: str, action: str, *args: object) -> str:
    return reverse(f"admin:notices_{model}_{action}", args=args)


@pytest.mark.parametrize("model", MODELS)
def test_dora_lists_and_opens_her_organisation_s_records(dora_client, records, model):
    obj = records[model]
    listing = dora_client.get(_url(model, "changelist"))
    assert listing.status_code == 200
    assert _url(model, "change", obj.pk) in listing.content.decode()
    page = dora_client.get(_url(model, "change", obj.pk))
    assert page.status_code == 200
    html = page.content.decode()
    assert inline_code(html) == []
    assert 'name="_save"' not in html


@pytest.mark.parametrize("model", MODELS)
def test_nobody_adds_changes_or_deletes_them(dora_client, records, model):
    obj = records[model]
    assert dora_client.get(_url(model, "add")).status_code == 403
    assert dora_client.post(_url(model, "change", obj.pk), {}).status_code == 403
    assert dora_client.post(_url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403
    assert MODELS[model].objects.filter(pk=obj.pk).exists()


@pytest.mark.parametrize("model", MODELS)
def test_erin_of_another_organisation_sees_none_of_them(erin_client, records, model):
    obj = records[model]
    listing = erin_client.get(_url(model, "changelist")).content.decode()
    assert _url(model, "change", obj.pk) not in listing
    assert erin_client.get(_url(model, "change", obj.pk)).status_code == 404


def test_erin_sees_her_own_organisation_s_notice(erin_client, records, fr_school, bob):
    from relais.alerts.services import move_alert

    french = move_alert(alert=make_alert(fr_school).alert, to="triaged", actor=bob)
    fr_school.direction_email = "direction@fr.example"
    fr_school.save()
    notice = queue_plain_notice(french, bob)
    listing = erin_client.get(_url("notice", "changelist")).content.decode()
    assert _url("notice", "change", notice.pk) in listing
    assert _url("notice", "change", records["notice"].pk) not in listing


@pytest.mark.parametrize("who", ["alice", "charlie"])
def test_people_who_are_not_administrators_are_refused(request, records, who):
    client = request.getfixturevalue(f"{who}_client")
    for model in MODELS:
        assert client.get(_url(model, "changelist"), follow=True).status_code == 403
