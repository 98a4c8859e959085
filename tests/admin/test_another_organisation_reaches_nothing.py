"""erin administers bob's organisation: on every admin page of every row of alice's
organisation she gets 404 or 403 and changes nothing; alice's rows are in none of her lists."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.admin.conftest import change_url, label, pages_of, registered_models, snapshot

OWN = [
    "accounts.organisation",
    "accounts.user",
    "accounts.authenticator",
    "accounts.invitation",
    "alerts.alert",
    "audit.auditevent",
    "documents.generateddocument",
    "notices.notice",
    "notices.outboxmessage",
    "notices.escalationproposal",
]


def _model(name: str):
    return next(model for model in registered_models() if label(model) == name)


@pytest.mark.parametrize("name", OWN)
def test_erin_opens_no_page_of_alices_rows(erin_client, alices_world, name):
    obj = alices_world.own[name]
    before = snapshot()
    for page in pages_of(_model(name), obj):
        if not page.takes_object:
            continue
        assert erin_client.get(page.url).status_code in (403, 404), page.url
        answer = erin_client.post(page.url, {"post": "yes", "name": "erin was here"})
        assert answer.status_code in (403, 404), page.url
    assert snapshot() == before


@pytest.mark.parametrize("name", OWN)
def test_erin_s_lists_and_forms_name_none_of_alices_rows(erin_client, alices_world, name):
    obj = alices_world.own[name]
    for page in pages_of(_model(name)):
        for query in ("", "?_popup=1&_to_field=id", f"?q={obj.pk}"):
            response = erin_client.get(page.url + query)
            assert response.status_code in (200, 403), page.url + query
            assert change_url(obj) not in response.content.decode(), page.url + query


@pytest.mark.parametrize("name", OWN)
def test_erin_s_bulk_delete_spares_alices_rows(erin_client, alices_world, name):
    obj = alices_world.own[name]
    before = snapshot()
    changelist = next(page for page in pages_of(_model(name)) if page.name.endswith("changelist"))
    erin_client.post(
        changelist.url,
        {"action": "delete_selected", "_selected_action": [str(obj.pk)], "post": "yes"},
    )
    assert snapshot() == before


def test_erin_s_autocomplete_returns_none_of_alices_rows(erin_client, alices_world):

    everything = alices_world.own
    for model in registered_models():
        for field in model._meta.get_fields():
            if not (field.is_relation and field.concrete and field.related_model):
                continue
            response = erin_client.get(
                reverse("admin:autocomplete"),
                {
                    "app_label": model._meta.app_label,
                    "model_name": model._meta.model_name,
                    "field_name": field.name,
                    "term": "",
                },
            )
            assert response.status_code in (200, 403, 404), (label(model), field.name)
            body = response.content.decode()
            for obj in everything.values():
                assert f'"{obj.pk}"' not in body, (label(model), field.name)


def test_erin_s_audit_log_shows_nothing_alice_did(erin_client, alices_world):
    from relais.audit.models import AuditEvent

    alert = alices_world.own["alerts.alert"]
    rows = [change_url(event) for event in AuditEvent.objects.filter(actor__username="alice")]
    assert rows
    for query in ("", "?action=alert.moved", f"?q={alert.pk}"):
        page = erin_client.get(reverse("admin:audit_auditevent_changelist") + query)
        html = page.content.decode()
        # Neither alice's rows nor, in the filters, the kinds of thing she did.
        assert not [row for row in rows if row in html]
        assert "alice" not in html and "changed the status" not in html


def test_dora_reads_alice_s_actions_in_words(dora_client, alices_world):
    alert = alices_world.own["alerts.alert"]
    url = reverse("admin:audit_auditevent_changelist")
    page = dora_client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert str(alert.pk) in page and "alice" in page
    assert "a changé le statut" in page
    assert "alert.moved" not in page.replace("?action=alert.moved", "")


@pytest.mark.parametrize("name", OWN)
def test_erin_s_view_on_site_shortcut_leads_nowhere(erin_client, alices_world, name):
    from django.contrib.contenttypes.models import ContentType

    obj = alices_world.own[name]
    kind = ContentType.objects.get_for_model(obj, for_concrete_model=False)
    response = erin_client.get(reverse("admin:view_on_site", args=[kind.pk, obj.pk]))
    assert response.status_code == 404
