"""A signed-in account that cannot handle alerts is told why, in plain words and truly: no
organisation, or an organisation but no case worker's role."""

from __future__ import annotations

from django.urls import reverse

from relais.accounts.models import Role
from tests.conftest import login_verified
from tests.factories import UserFactory


def test_an_account_without_organisation_is_told_so(charlie_client):
    response = charlie_client.get(reverse("staff:inbox"))
    assert response.status_code == 403
    html = response.content.decode()
    assert "does not belong to any organisation" in html


def test_a_member_without_role_is_told_to_ask_for_the_case_worker_role(client, be_org):
    frank = UserFactory(username="frank", organisation=be_org, role=Role.NONE)
    response = login_verified(client, frank).get(reverse("staff:inbox"))
    assert response.status_code == 403
    html = response.content.decode()
    assert be_org.name in html
    assert "case worker" in html
    assert "no role that handles" not in html


def test_in_french_the_page_speaks_french(client, be_org, settings):
    frank = UserFactory(username="frank", organisation=be_org, role=Role.NONE)
    login_verified(client, frank)
    response = client.get(reverse("staff:inbox"), HTTP_ACCEPT_LANGUAGE="fr")
    html = response.content.decode()
    assert "chargé" in html
    assert "case worker" not in html
