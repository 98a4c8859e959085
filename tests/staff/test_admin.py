"""The admin: administrators with the second factor only; every page renders under the CSP."""

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from relais.accounts.models import Role
from relais.alerts.models import Alert
from relais.audit.models import AuditEvent
from relais.staff.admin_site import admin_site
from tests.conftest import login_verified
from tests.factories import UserFactory
from tests.staff.conftest import inline_code

# Every model the admin registers, so that a model added later is checked too.
MODELS = sorted(
    f"{m._meta.app_label}_{m._meta.model_name}"
    for m in apps.get_models()
    if admin_site.is_registered(m)
)


def test_an_administrator_with_the_second_factor_opens_the_admin(dora_client):
    assert dora_client.get(reverse("admin:index")).status_code == 200


def test_the_admin_sends_anonymous_visitors_to_the_staff_sign_in(client):
    response = client.get(reverse("admin:index"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("staff:login"))


def test_an_administrator_without_the_second_factor_is_kept_out(dora):
    client = Client()
    client.force_login(dora)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 302


@pytest.mark.parametrize("who", ["alice", "charlie"])
def test_members_who_are_not_administrators_are_refused(request, who):
    client = request.getfixturevalue(f"{who}_client")
    response = client.get(reverse("admin:index"), follow=True)
    assert response.status_code == 403
    assert client.get(reverse("admin:alerts_alert_changelist"), follow=True).status_code == 403


@pytest.mark.parametrize("model", MODELS)
def test_admin_lists_render_without_inline_code(dora_client, submitted, model):
    response = dora_client.get(reverse(f"admin:{model}_changelist"))
    assert response.status_code == 200
    assert inline_code(response.content.decode()) == []


def test_the_alert_list_and_page_show_no_description(dora_client, submitted):
    listing = dora_client.get(reverse("admin:alerts_alert_changelist")).content.decode()
    page = dora_client.get(
        reverse("admin:alerts_alert_change", args=[submitted.alert.pk])
    ).content.decode()
    assert submitted.alert.reference in listing
    for html in (listing, page):
        assert "insulté" not in html
    assert inline_code(page) == []


def test_alerts_and_audit_are_read_only(dora_client, submitted):
    assert dora_client.get(reverse("admin:alerts_alert_add")).status_code == 403
    assert dora_client.get(reverse("admin:audit_auditevent_add")).status_code == 403
    url = reverse("admin:alerts_alert_delete", args=[submitted.alert.pk])
    assert dora_client.post(url, {"post": "yes"}).status_code == 403
    assert Alert.objects.filter(pk=submitted.alert.pk).exists()


def test_an_administrator_sees_only_their_organisations_alerts(
    dora_client, submitted, fr_org, fr_school
):
    from tests.factories import make_alert

    french = make_alert(fr_school).alert
    listing = dora_client.get(reverse("admin:alerts_alert_changelist")).content.decode()
    assert submitted.alert.reference in listing
    assert french.reference not in listing
    response = dora_client.get(reverse("admin:alerts_alert_change", args=[french.pk]))
    # Another organisation's alert answers as one that never existed.
    assert response.status_code == 404


def test_an_administrator_manages_only_their_organisations_members(dora_client, alice, bob):
    listing = dora_client.get(reverse("admin:accounts_user_changelist")).content.decode()
    assert ">alice<" in listing
    assert ">bob<" not in listing
    page = dora_client.get(reverse("admin:accounts_user_change", args=[alice.pk]))
    assert page.status_code == 200
    assert inline_code(page.content.decode()) == []
    assert "is_superuser" not in page.content.decode()


def test_an_administrator_can_create_a_case_worker(dora_client, be_org):
    response = dora_client.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "eve",
            "usable_password": "true",
            "password1": "a long enough passphrase 42",
            "password2": "a long enough passphrase 42",
            "organisation": str(be_org.pk),
            "role": Role.CASE_WORKER,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    eve = be_org.members.get(username="eve")
    assert (eve.organisation, eve.role, eve.is_superuser) == (be_org, Role.CASE_WORKER, False)


def test_an_administrator_can_delete_a_lost_authenticator(dora_client, alice):
    device = TOTPDevice.objects.create(user=alice, name="phone", confirmed=True)
    url = reverse("admin:accounts_authenticator_delete", args=[device.pk])
    page = dora_client.get(url)
    assert inline_code(page.content.decode()) == []
    assert dora_client.post(url, {"post": "yes"}).status_code == 302
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()


def test_a_superuser_sees_every_audit_event(submitted, bob):
    root = UserFactory(username="root", organisation=None, role=Role.NONE, is_superuser=True)
    client = login_verified(Client(), root)
    AuditEvent.objects.create(actor=bob, action="alert.viewed", object_type="x", object_id="1")
    response = client.get(reverse("admin:audit_auditevent_changelist"))
    assert response.status_code == 200
    assert "alert.submitted" in response.content.decode()
    assert "alert.viewed" in response.content.decode()
