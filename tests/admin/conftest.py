"""Fixtures of the admin's access tests.

dora administers alice's organisation (Wallonia-Brussels), erin bob's (France); root is the
platform administrator (a superuser, in no organisation). alice and bob are case workers,
charlie has an account and nothing else. `alices_world` holds one row of every model the admin
registers: those of alice's organisation, and the shared reference data.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.db.models import Model
from django.urls import URLPattern, reverse

from relais.accounts.invitations import invite_member
from relais.accounts.models import Authenticator, Role
from relais.alerts.services import move_alert
from relais.alerts.workflow import Status
from relais.audit.models import AuditEvent
from relais.directory.models import Service
from relais.documents.models import GeneratedDocument, LegalReference
from relais.notices.models import EscalationProposal, OutboxMessage
from relais.staff.admin_site import admin_site
from tests.conftest import client_of
from tests.factories import UserFactory, totp_device
from tests.notices.conftest import queue_plain_notice


def label(model: type[Model]) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


def registered_models() -> list[type[Model]]:
    """Every model of the admin site, read from its registry: a ModelAdmin added later is in."""
    return [model for model in apps.get_models() if admin_site.is_registered(model)]


@dataclass(frozen=True)
class Page:
    name: str  # the URL's name in the admin namespace
    url: str
    takes_object: bool


def pages_of(model: type[Model], obj: Model | None = None) -> list[Page]:
    """Every URL the model's admin serves (list, add, change, delete, history, and any extra one
    such as a member's password page), for `obj` where the URL names an object."""
    found = []
    for pattern in admin_site.get_model_admin(model).urls:
        if not isinstance(pattern, URLPattern) or not pattern.name:
            continue
        takes_object = bool(re.search(r"<[^>]+>", str(pattern.pattern)))
        if takes_object and obj is None:
            continue
        args = [obj.pk] if takes_object and obj is not None else []
        url = reverse(f"admin:{pattern.name}", args=args)
        found.append(Page(pattern.name, url, takes_object))
    return found


def change_url(obj: Model) -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def snapshot() -> dict[str, list[dict[str, Any]]]:
    """Every row of every model the admin shows: what "changes nothing" compares."""
    return {
        label(model): list(model._default_manager.order_by("pk").values())
        for model in registered_models()
    }


@pytest.fixture
def dora(be_org):
    return UserFactory(username="dora", organisation=be_org, role=Role.ADMINISTRATOR)


@pytest.fixture
def erin(fr_org):
    return UserFactory(username="erin", organisation=fr_org, role=Role.ADMINISTRATOR)


@pytest.fixture
def root(db):
    return UserFactory(username="root", organisation=None, role=Role.NONE, is_superuser=True)


dora_client = client_of("dora")
erin_client = client_of("erin")
root_client = client_of("root")


@dataclass
class World:
    own: dict[str, Model]  # rows of alice's organisation
    shared: dict[str, Model]  # reference data every organisation reads

    def everything(self) -> dict[str, Model]:
        return {**self.own, **self.shared}


@pytest.fixture
def alices_world(be_org, alice, submitted, school) -> World:
    device = totp_device(alice)
    alert = move_alert(alert=submitted.alert, to=Status.TRIAGED, actor=alice)
    notice = queue_plain_notice(alert, alice)
    proposal = EscalationProposal.objects.create(notice=notice, authority="PO")
    document = GeneratedDocument.objects.create(
        alert=alert,
        kind="dossier",
        jurisdiction="be-fwb",
        made_by="staff",
        staff_user=alice,
        blob_name="documents/none",
        size=1,
        sha256="0" * 64,
        media_type="application/pdf",
        key_id="k",
        wrapped_key=b"k",
        chunk_size=1,
    )
    service = Service.objects.create(
        name="Service de médiation scolaire",
        kind="mediation",
        area="Mouscron",
        jurisdiction="be-fwb",
    )
    reference = LegalReference.objects.create(
        jurisdiction="be-fwb",
        key="decret-test",
        title="Décret de test",
        text="Une règle.",
        source="Moniteur belge",
        effective_from=datetime.date(2020, 1, 1),
    )
    head = UserFactory(username="alice.head", organisation=None, role=Role.DIRECTION, school=school)
    own: dict[str, Model] = {
        "accounts.organisation": be_org,
        # An invitation to a school of alice's organisation's jurisdiction (be-fwb).
        "accounts.invitation": invite_member(by=head, role=Role.EDUCATOR),
        "accounts.user": alice,
        "accounts.authenticator": Authenticator.objects.get(pk=device.pk),
        "alerts.alert": alert,
        "audit.auditevent": AuditEvent.objects.filter(actor=alice).latest("at"),
        "documents.generateddocument": document,
        "notices.notice": notice,
        "notices.outboxmessage": OutboxMessage.objects.get(notice=notice),
        "notices.escalationproposal": proposal,
    }
    shared: dict[str, Model] = {
        "schools.school": school,
        "directory.service": service,
        "documents.legalreference": reference,
    }
    return World(own=own, shared=shared)
