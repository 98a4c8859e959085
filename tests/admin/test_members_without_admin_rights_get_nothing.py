"""alice (a case worker), bob (a case worker elsewhere) and charlie (no role) get 403 on every
admin page, change nothing, and are told truly why."""

from __future__ import annotations

import pytest

from tests.admin.conftest import label, pages_of, registered_models, snapshot


@pytest.mark.parametrize("who", ["alice", "bob", "charlie"])
def test_no_admin_page_opens_for_a_member_without_admin_rights(request, alices_world, who):
    client = request.getfixturevalue(f"{who}_client")
    before = snapshot()
    for model in registered_models():
        obj = alices_world.everything()[label(model)]
        for page in pages_of(model, obj):
            assert client.get(page.url, follow=True).status_code == 403, page.url
            answer = client.post(page.url, {"post": "yes", "name": "changed"}, follow=True)
            assert answer.status_code == 403, page.url
    assert snapshot() == before


def test_a_case_worker_is_told_she_handles_alerts_but_not_the_administration(alice_client):
    html = alice_client.get("/admin/", follow=True).content.decode()
    assert "case worker of Association Wallonie-Bruxelles" in html
    assert "does not belong to any organisation" not in html
    assert "no role" not in html


def test_charlie_is_told_he_belongs_to_no_organisation(charlie_client):
    html = charlie_client.get("/admin/", follow=True).content.decode()
    assert "does not belong to any organisation" in html


def test_in_french_the_case_worker_reads_french(alice_client):
    response = alice_client.get("/admin/", follow=True, HTTP_ACCEPT_LANGUAGE="fr")
    html = response.content.decode()
    assert "chargé·e de dossiers" in html
    assert "case worker" not in html
