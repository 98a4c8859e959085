"""What an administrator changes in the admin is in Relais's audit log, where the
organisation's administrators read it: which fields, never their values."""

from __future__ import annotations

from django.urls import reverse

from relais.accounts.models import Authenticator
from relais.audit.models import AuditEvent
from tests.factories import totp_device


def test_a_change_of_the_organisation_s_contact_is_audited(dora_client, dora, be_org):
    url = reverse("admin:accounts_organisation_change", args=[be_org.pk])
    data = {"email": "nouveau@association.example", "phone": "", "address": "", "website": ""}
    assert dora_client.post(url, data).status_code == 302
    event = AuditEvent.objects.get(action="admin.changed", object_id=str(be_org.pk))
    assert event.actor == dora
    assert event.details["fields"] == ["Contact e-mail"]
    assert "nouveau@association.example" not in str(event.details)


def test_a_deleted_authenticator_is_audited(dora_client, dora, alice):
    device = totp_device(alice)
    url = reverse("admin:accounts_authenticator_delete", args=[device.pk])
    assert dora_client.post(url, {"post": "yes"}).status_code == 302
    assert not Authenticator.objects.filter(pk=device.pk).exists()
    event = AuditEvent.objects.get(action="admin.deleted", object_id=str(device.pk))
    assert (event.actor, event.object_type) == (dora, "accounts.authenticator")
