"""Relay accounts (and school accounts when an association makes them) are made in the admin: a
school's member has a school, a relay's member a service of the directory, nobody else either;
an organisation's administrator attaches members only to schools and services of its own
jurisdictions, the platform administrator to any."""

from __future__ import annotations

import pytest
from django.urls import reverse

from relais.accounts.models import Role, User
from relais.directory.models import Service
from tests.conftest import client_of
from tests.factories import UserFactory

PASSWORD = "a long enough passphrase 42"


@pytest.fixture
def dora(be_org):
    """An administrator of alice's organisation (Wallonia-Brussels)."""
    return UserFactory(username="dora", organisation=be_org, role=Role.ADMINISTRATOR)


@pytest.fixture
def root(db):
    return UserFactory(username="root", organisation=None, role=Role.NONE, is_superuser=True)


dora_client = client_of("dora")
root_client = client_of("root")


@pytest.fixture
def cpms(db):
    return Service.objects.create(
        name="CPMS Libre Mouscron 1", kind="pms", area="Mouscron", jurisdiction="be-fwb"
    )


@pytest.fixture
def french_service(db):
    return Service.objects.create(
        name="Équipe mobile de Rennes", kind="mediation", area="Rennes", jurisdiction="fr"
    )


def _add(client, organisation, **fields):
    data = {
        "username": "nouveau",
        "usable_password": "true",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "organisation": str(organisation.pk) if organisation else "",
        "role": Role.RELAY,
        "school": "",
        "service": "",
    }
    data.update({k: str(v.pk) if hasattr(v, "pk") else v for k, v in fields.items()})
    return client.post(reverse("admin:accounts_user_add"), data)


def _errors(response) -> list[str]:
    assert response.status_code == 200, "the form was accepted"
    return sorted(response.context["adminform"].form.errors)


def test_dora_makes_a_relay_member_of_a_service_of_her_jurisdiction(dora_client, be_org, cpms):
    response = _add(dora_client, be_org, service=cpms)

    assert response.status_code == 302
    member = User.objects.get(username="nouveau")
    assert member.role == Role.RELAY and member.service == cpms and member.in_relay
    assert member.school is None and member.organisation == be_org


def test_dora_cannot_attach_a_member_to_another_jurisdiction_s_service_or_school(
    dora_client, be_org, french_service, fr_school
):
    relay = _add(dora_client, be_org, service=french_service)
    head = _add(dora_client, be_org, role=Role.DIRECTION, school=fr_school)

    assert _errors(relay) == ["service"] and _errors(head) == ["school"]
    assert not User.objects.filter(username="nouveau").exists()


def test_dora_s_member_form_offers_only_her_jurisdiction_s_services(
    dora_client, cpms, french_service
):
    page = dora_client.get(reverse("admin:accounts_user_add")).content.decode()

    assert f'value="{cpms.pk}"' in page
    assert f'value="{french_service.pk}"' not in page


def test_a_role_and_its_attachment_go_together(dora_client, be_org, cpms, school):
    no_service = _add(dora_client, be_org, role=Role.RELAY)
    no_school = _add(dora_client, be_org, role=Role.EDUCATOR)
    both = _add(dora_client, be_org, role=Role.DIRECTION, school=school, service=cpms)
    worker = _add(dora_client, be_org, role=Role.CASE_WORKER, school=school)

    assert _errors(no_service) == ["service"]
    assert _errors(no_school) == ["school"]
    assert _errors(both) == ["service"]
    assert _errors(worker) == ["school"]
    assert "needs their school" in no_school.content.decode()
    assert not User.objects.filter(username="nouveau").exists()


def test_an_existing_member_cannot_be_moved_to_another_jurisdiction(
    dora_client, be_org, cpms, french_service
):
    member = UserFactory(username="rita", organisation=be_org, role=Role.RELAY, service=cpms)
    url = reverse("admin:accounts_user_change", args=[member.pk])
    data = {
        "username": "rita",
        "email": member.email,
        "organisation": str(be_org.pk),
        "role": Role.RELAY,
        "service": str(french_service.pk),
        "school": "",
        "is_active": "on",
    }

    response = dora_client.post(url, data)

    assert _errors(response) == ["service"]
    member.refresh_from_db()
    assert member.service == cpms


def test_the_platform_administrator_attaches_to_any_jurisdiction(
    root_client, fr_org, french_service
):
    response = _add(root_client, fr_org, service=french_service)

    assert response.status_code == 302
    assert User.objects.get(username="nouveau").service == french_service


def test_the_member_list_shows_each_member_s_school_or_service(dora_client, be_org, cpms, school):
    UserFactory(username="rita", organisation=be_org, role=Role.RELAY, service=cpms)
    UserFactory(username="anne", organisation=be_org, role=Role.DIRECTION, school=school)

    page = dora_client.get(reverse("admin:accounts_user_changelist")).content.decode()

    assert "CPMS Libre Mouscron 1" in page and "Institut Saint-Henri" in page
